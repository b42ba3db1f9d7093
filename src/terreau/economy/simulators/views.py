"""The simulator pages: public (they read no stored data), a GET form that recomputes with htmx as
the inputs change, and works without JavaScript."""

from django.shortcuts import render

from terreau.core import charts
from terreau.economy.simulators import FORMULAS, forms

PAGES = {
    "matched_crowdfunding": forms.MatchedCrowdfundingForm,
    "pooled_fund": forms.PooledFundForm,
    "shared_savings": forms.SharedSavingsForm,
}


def simulators(request):
    return render(request, "economy/simulators/index.html")


def _bar_with_legend(rows: list, values: list) -> dict:
    """A stacked bar of `values`, with `legend`: each row beside the colour of its segment, for
    the swatches of the table under the bar."""
    chart = charts.stacked_bar(values)
    chart["legend"] = [
        (row, segment["colour"]) for row, segment in zip(rows, chart["segments"], strict=True)
    ]
    return chart


def _chart(name: str, result):
    if result is None:
        return None
    if name == "matched_crowdfunding":
        return _bar_with_legend(result.parts, [part.amount for part in result.parts])
    if name == "pooled_fund":
        return _bar_with_legend(result.shares, [share.total for share in result.shares])
    if not result.split:
        return None
    return charts.horizontal_bars([(part.name, part.amount) for part in result.parts])


def simulator(request, name: str):
    form_class = PAGES[name]
    form = form_class(request.GET or form_class.preset_data())
    form.is_valid()
    context = {
        "form": form,
        "result": form.result,
        "chart": _chart(name, form.result),
        "formula": FORMULAS[name],
    }
    if request.htmx:
        return render(request, f"economy/simulators/includes/{name}_result.html", context)
    return render(request, f"economy/simulators/{name}.html", context)
