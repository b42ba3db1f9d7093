from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render

from terreau.network import drawing
from terreau.network.cache import Scope, served, shown_relations
from terreau.network.forms import NetworkFilterForm
from terreau.network.queries import accessible_cooperation
from terreau.territories.refs import territory_or_404


def cooperation_network_page(request, slug: str):
    cooperation = accessible_cooperation(slug, user=request.user)
    if cooperation is None:  # unknown, or not shared with this user: the same answer
        raise Http404
    form = NetworkFilterForm(request.GET or None)
    answer = served(Scope(cooperation=cooperation), user=request.user, filters=form.filters())
    return _network_page(
        request, answer, form, {"cooperation": cooperation.slug}, cooperation=cooperation
    )


def territory_network_page(request, ref: str):
    territory = territory_or_404(ref, user=request.user)
    form = NetworkFilterForm(request.GET or None)
    answer = served(Scope(territory=territory), user=request.user, filters=form.filters())
    return _network_page(request, answer, form, {"territory": territory.ref}, territory=territory)


def _filled(query) -> list[tuple[str, str]]:
    """The page's filters have the API's names (kind, from, to); empty fields are left out."""
    return [
        (key, value)
        for key, values in query.lists()
        if key in ("kind", "from", "to")
        for value in values
        if value
    ]


def _network_page(request, answer, form, scope: dict, **context):
    """The figures computed by the job (`network.cache`), with their date; while none are
    computed yet, a waiting state that htmx reloads every few seconds (no inline script)."""
    context.update(
        api_query=urlencode([*scope.items(), *_filled(request.GET)]),
        form=form,
        answer=answer,
        legends=drawing.legends(),
        scope_name=(context.get("territory") or context.get("cooperation")).name,
    )
    figures = answer.figures
    if figures:
        metrics = figures["metrics"]
        context.update(
            metrics=metrics,
            tables=drawing.metric_tables(metrics),
            graph=figures["graph"],
            relations=shown_relations(figures["relations"]),
            chart=drawing.evolution_chart(metrics["evolution"]),
        )
    if request.htmx:
        return render(request, "network/includes/network_body.html", context)
    return render(request, "network/network.html", context)
