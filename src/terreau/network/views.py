from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render

from terreau.network import drawing
from terreau.network.forms import NetworkFilterForm
from terreau.network.metrics import network_metrics
from terreau.network.queries import accessible_cooperation, cooperation_network, territory_network
from terreau.territories.refs import territory_or_404


def cooperation_network_page(request, slug: str):
    cooperation = accessible_cooperation(slug, user=request.user)
    if cooperation is None:  # unknown, or not shared with this user: the same answer
        raise Http404
    form = NetworkFilterForm(request.GET or None)
    network = cooperation_network(cooperation, user=request.user, filters=form.filters())
    return _network_page(
        request, network, form, {"cooperation": cooperation.slug}, cooperation=cooperation
    )


def territory_network_page(request, ref: str):
    territory = territory_or_404(ref, user=request.user)
    form = NetworkFilterForm(request.GET or None)
    network = territory_network(territory, user=request.user, filters=form.filters())
    return _network_page(request, network, form, {"territory": territory.ref}, territory=territory)


def _filled(query) -> list[tuple[str, str]]:
    """The page's filters have the API's names (kind, from, to); empty fields are left out."""
    return [
        (key, value)
        for key, values in query.lists()
        if key in ("kind", "from", "to")
        for value in values
        if value
    ]


def _network_page(request, network, form, scope: dict, **context):
    metrics = network_metrics(network)
    context.update(
        api_query=urlencode([*scope.items(), *_filled(request.GET)]),
        form=form,
        metrics=metrics,
        tables=drawing.metric_tables(metrics),
        graph=drawing.cytoscape_elements(network),
        legends=drawing.legends(),
        relations=drawing.relation_list(network),
        chart=drawing.evolution_chart(metrics["evolution"]),
    )
    if request.htmx:
        return render(request, "network/includes/network_body.html", context)
    return render(request, "network/network.html", context)
