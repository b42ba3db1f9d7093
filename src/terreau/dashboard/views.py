"""The territory dashboard's page, and the fragment the territory page loads (htmx, on load): the
territory page links to it by URL and imports nothing from here (territories sit below)."""

from django.shortcuts import render

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
