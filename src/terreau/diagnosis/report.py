"""The diagnosis as a printable report: one self-contained HTML page (charts and map drawn as inline
SVG images, no script, no external file) and its PDF, printed by the Chromium that the tests
already use."""

import math
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from terreau.core.taxonomies import ActorKind, LifeFunction
from terreau.diagnosis.models import Note
from terreau.diagnosis.queries import Diagnosis, per_commune, percent

MAP_WIDTH, MAP_HEIGHT, MARGIN = 640, 420, 12
CHROMIUM_CANDIDATES = ["chromium", "chromium-browser", "google-chrome"]
PDF_TIMEOUT = 120


class ReportError(Exception):
    pass


def report_html(diagnosis: Diagnosis, *, user=None, language: str = "fr") -> str:
    with translation.override(language):
        data = diagnosis.data
        labels = dict(LifeFunction.choices)
        context = {
            "data": data,
            "ess_percent": percent(data["actors"]["ess_share"]),
            "territory": diagnosis.territory,
            "generated_at": timezone.localtime(),
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
    """Bars of actors per 10,000 inhabitants, territory against reference, as SVG geometry."""
    top = (
        max(
            [row["per_10k"] or 0 for row in coverage]
            + [row["reference_per_10k"] or 0 for row in coverage]
        )
        or 1
    )
    rows = []
    for index, row in enumerate(coverage):
        y = 10 + index * 34
        rows.append(
            {
                "label": labels[row["life_function"]],
                "y": y,
                "text_y": y + 11,
                "territory": round((row["per_10k"] or 0) * 300 / top, 1),
                "reference": round((row["reference_per_10k"] or 0) * 300 / top, 1),
                "per_10k": row["per_10k"],
                "reference_per_10k": row["reference_per_10k"],
            }
        )
    return {"rows": rows, "height": 20 + 34 * len(rows)}


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


def chromium() -> str:
    for name in CHROMIUM_CANDIDATES:
        if path := shutil.which(name):
            return path
    raise ReportError(
        _("Chromium est nécessaire pour produire le PDF : sudo apt-get install chromium")
    )


def report_pdf(html: str) -> bytes:
    """Print the HTML report to PDF with headless Chromium."""
    executable = chromium()
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "rapport.html", Path(folder) / "rapport.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={folder}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT, check=False)
        if not target.exists():
            raise ReportError(
                _("Chromium n'a pas produit le PDF : %(error)s")
                % {"error": result.stderr.decode(errors="replace")[-300:]}
            )
        return target.read_bytes()
