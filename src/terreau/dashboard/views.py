"""The territory dashboard's page, and the fragment the territory page loads (htmx, on load): the
territory page links to it by URL and imports nothing from here (territories sit below)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from terreau.core import charts
from terreau.dashboard.queries import territory_dashboard
from terreau.diagnosis.forms import ComparisonForm
from terreau.territories.refs import territory_or_404


def dashboard(request, ref: str):
    territory = territory_or_404(ref, user=request.user)
    comparison = ComparisonForm(request.GET or None, user=request.user)
    compare_to = comparison.cleaned_data["compare"] if comparison.is_valid() else None
    data = territory_dashboard(territory, user=request.user, compare_to=compare_to)
    context = {
        "territory": territory,
        "data": data,
        "comparison": comparison,
        "compare_ref": compare_to.ref if compare_to else "",
        "stage_chart": _bars(data["cooperations"]["by_stage"]),
        "models_used": [
            row for row in data["cooperations"]["by_model"] if row["count"] or row["reference"]
        ],
        "economy_compared": _economy_rows(data["comparison"]["economy"]),
        "needs_compared": _needs_rows(data["comparison"]["needs"]),
        "fragment": bool(request.htmx),
        # Heading level of the dashboard's parts: under the page's h1, or the territory page's h2.
        "level": 3 if request.htmx else 2,
    }
    if request.htmx:
        return render(request, "dashboard/includes/dashboard.html", context)
    return render(request, "dashboard/dashboard.html", context)


def _bars(counts: list[dict]):
    """A bar chart of counts by label, with a value axis; None when every count is zero."""
    if not any(row["count"] for row in counts):
        return None
    return charts.horizontal_bars(
        [(row["label"], row["count"]) for row in counts],
        width=480,
        label_width=170,
        unit="",
        whole=True,
    )


def _compared(part: dict, rows: list[tuple]) -> list[dict]:
    """Rows (label, key, is a percentage) of a compared part, each with both sides' value; a row
    whose value is unknown on either side (a population, a share of nothing) is left out."""
    here, there = part["here"], part["reference"]
    return [
        {"label": label, "here": here[key], "reference": there[key], "percent": is_percent}
        for label, key, is_percent in rows
        if here[key] is not None and there[key] is not None
    ]


def _economy_rows(part: dict) -> list[dict]:
    return _compared(
        part,
        [
            (_("Coopérations ayant des effets utiles"), "cooperations", False),
            (_("Effets utiles"), "effects", False),
            (_("Effets utiles pour 100 000 habitants"), "per_100k", False),
            (_("Contributions de tiers"), "contributions", False),
            (_("Part des contributions obtenues (convenues ou versées)"), "obtained_percent", True),
            (_("Tiers contributeurs"), "contributors", False),
        ],
    )


def _needs_rows(part: dict) -> list[dict]:
    return _compared(
        part,
        [
            (_("Besoins ouverts"), "open", False),
            (_("Besoins ouverts pour 100 000 habitants"), "per_100k", False),
            (_("Pris en charge par une coopération"), "taken_on", False),
            (_("Part prise en charge"), "taken_on_percent", True),
        ],
    )
