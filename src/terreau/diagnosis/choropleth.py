"""Classes of the diagnosis map: communes coloured by actors per 10,000 inhabitants.

Class 0 is "no actor" (hatched on the map); classes 1–4 split the communes that have actors into
quartiles of their density (fewer classes when there are fewer distinct values); communes whose
population is unknown have actors but no density (class None, grey). The legend, the map and the
table all read `choropleth`, so they state the same classes.
"""

import statistics

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# ColorBrewer "Greens", light to dark, readable against the hatching and the outline.
COLORS = ["#c7e9c0", "#74c476", "#31a354", "#006d2c"]
NONE_COLOR = "#ffffff"
UNKNOWN_COLOR = "#bdbdbd"


def _number(value: float) -> str:
    return number_format(value, decimal_pos=1, use_l10n=True)


def _bounds(densities: list[float]) -> list[float]:
    """Upper bounds of the classes, rounded to one decimal, the last one the maximum."""
    distinct = sorted(set(densities))
    count = min(len(COLORS), len(distinct))
    if count <= 1:
        return [round(distinct[-1], 1)] if distinct else []
    cuts = statistics.quantiles(densities, n=count, method="inclusive")
    bounds = sorted({round(cut, 1) for cut in cuts} | {round(max(densities), 1)})
    return bounds


def choropleth(communes: list[dict]) -> dict:
    """`communes` as given by `per_commune`: the classes (colour and label, in the active
    language's number format) and each commune's class, density label and figures."""
    densities = [c["per_10k"] for c in communes if c["actors"] and c["per_10k"] is not None]
    bounds = _bounds(densities)
    classes = [{"color": NONE_COLOR, "label": _("aucun acteur (hachuré)"), "count": 0}]
    low = 0.0
    for index, high in enumerate(bounds):
        classes.append(
            {
                "color": COLORS[index],
                "label": _("de %(low)s à %(high)s") % {"low": _number(low), "high": _number(high)},
                "count": 0,
            }
        )
        low = high
    unknown = {"color": UNKNOWN_COLOR, "label": _("population inconnue"), "count": 0}
    rows = []
    for commune in communes:
        if not commune["actors"]:
            number = 0
        elif commune["per_10k"] is None:
            number = None
        else:
            number = 1 + next(
                (i for i, high in enumerate(bounds) if round(commune["per_10k"], 1) <= high),
                len(bounds) - 1,
            )
        shown = classes[number] if number is not None else unknown
        shown["count"] += 1
        rows.append(
            {
                "code": commune["code"],
                "name": commune["name"],
                "actors": commune["actors"],
                "per_10k_label": "" if commune["per_10k"] is None else _number(commune["per_10k"]),
                "class": number,
                "class_label": shown["label"],
                "color": shown["color"],
            }
        )
    if unknown["count"]:
        classes.append(unknown)
    return {"classes": classes, "communes": rows}
