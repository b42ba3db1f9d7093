"""The diagnosis as a printable report: one self-contained HTML page (charts and map drawn as inline
SVG images, no script, no external file); its PDF is printed by `core.pdf` (cached, bounded)."""

import math

from django.template.loader import render_to_string
from django.utils import timezone, translation

from terreau.core.charts import value_ticks
from terreau.core.taxonomies import ActorKind, LifeFunction
from terreau.diagnosis.models import Note
from terreau.diagnosis.queries import Diagnosis, per_commune, percent

MAP_WIDTH, MAP_HEIGHT, MARGIN = 640, 420, 12


def report_html(diagnosis: Diagnosis, *, user=None, language: str = "fr") -> str:
    with translation.override(language):
        data = diagnosis.data
        labels = dict(LifeFunction.choices)
        context = {
            "data": data,
            "ess_percent": percent(data["actors"]["ess_share"]),
            "territory": diagnosis.territory,
            "generated_at": timezone.localtime(),
            "figures_computed_at": diagnosis.figures_computed_at,
            "reference_computed_at": diagnosis.reference_computed_at,
            "language": language,
            "coverage": [
                {**row, "label": labels[row["life_function"]]} for row in data["coverage"]
            ],
            "chart": coverage_chart(data["coverage"], labels),
            "map": commune_map(diagnosis.territory, user=user),
            "kinds": [
                (ActorKind(kind).label, n) for kind, n in data["actors"]["by_kind"].items() if n
            ],
            "needs": diagnosis.needs,
            "cooperations": diagnosis.cooperations,
            "notes": Note.objects.visible_to(user).for_territory(diagnosis.territory),
        }
        return render_to_string("diagnosis/report.html", context)


def coverage_chart(coverage: list[dict], labels: dict) -> dict:
    """Bars of actors per 10,000 inhabitants, territory against reference, as SVG geometry, over
    a value axis at the bottom (`core.charts.value_ticks`: 0, 5, 10…) with a grid line per tick."""
    ticks = value_ticks(
        max(
            [row["per_10k"] or 0 for row in coverage]
            + [row["reference_per_10k"] or 0 for row in coverage],
            default=0,
        )
    )
    top = float(ticks[-1])
    left, length = 230, 300
    rows = []
    for index, row in enumerate(coverage):
        y = 10 + index * 34
        rows.append(
            {
                "label": labels[row["life_function"]],
                "y": y,
                "text_y": y + 11,
                "territory": round(float(row["per_10k"] or 0) * length / top, 1),
                "reference": round(float(row["reference_per_10k"] or 0) * length / top, 1),
                "per_10k": row["per_10k"],
                "reference_per_10k": row["reference_per_10k"],
            }
        )
    axis_y = 10 + 34 * len(rows)
    return {
        "rows": rows,
        "left": left,
        "axis_y": axis_y,
        "axis_right": left + length,
        "tick_y": axis_y + 14,
        "ticks": [
            {"value": value, "x": round(left + float(value) * length / top, 1)} for value in ticks
        ],
        "legend_y": axis_y + 36,
        "height": axis_y + 48,
    }


def commune_map(territory, *, user=None) -> dict:
    """Communes as points on a plain background (equirectangular projection, scaled to fit), sized
    by their number of actors."""
    communes = [c for c in per_commune(territory, None, user=user) if c["lon"] is not None]
    if not communes:
        return {"points": [], "width": MAP_WIDTH, "height": MAP_HEIGHT}
    lons = [c["lon"] for c in communes]
    lats = [c["lat"] for c in communes]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * shrink, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = min((MAP_WIDTH - 2 * MARGIN) / span_x, (MAP_HEIGHT - 2 * MARGIN) / span_y)
    points = [
        {
            "x": round(MARGIN + (c["lon"] - min(lons)) * shrink * scale, 1),
            "y": round(MAP_HEIGHT - MARGIN - (c["lat"] - min(lats)) * scale, 1),
            "r": round(2 + math.sqrt(c["actors"]) * 2, 1) if c["actors"] else 1.5,
            "empty": not c["actors"],
            "title": f"{c['name']} : {c['actors']}",
        }
        for c in communes
    ]
    return {"points": points, "width": MAP_WIDTH, "height": MAP_HEIGHT}
