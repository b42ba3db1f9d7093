from datetime import date
from typing import Literal

from django.http import StreamingHttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, Throttled

from terreau.core.cached import pending_answer
from terreau.core.opendata import stamp
from terreau.core.taxonomies import RelationKind
from terreau.core.throttling import RATE_LIMITED, heavy_work_wait
from terreau.network.cache import Scope, served
from terreau.network.drawing import GRAPH_MAX_NODES, cytoscape_elements
from terreau.network.exports import FORMATS, network_file
from terreau.network.graph import NetworkFilters
from terreau.network.queries import accessible_cooperation, cooperation_network, territory_network
from terreau.territories.refs import territory_or_api_404

router = Router(tags=["network"])


class NetworkQuery(Schema):
    cooperation: str | None = Field(None, description="slug of a cooperation")
    territory: str | None = Field(None, description="territory reference, e.g. epci:246200844")
    kind: list[RelationKind] = Field(
        default_factory=list, description="relation kinds (repeatable)"
    )
    start: date | None = Field(None, alias="from", description="relations active from this day")
    end: date | None = Field(None, alias="to", description="relations active until this day")


def _scope_and_filters(request, query: NetworkQuery) -> tuple[Scope, NetworkFilters]:
    if (query.cooperation is None) == (query.territory is None):
        raise HttpError(400, "Give either cooperation=SLUG or territory=REF.")
    try:
        kinds = tuple(kind.value for kind in query.kind)
        filters = NetworkFilters(kinds=kinds, start=query.start, end=query.end)
    except ValueError as error:
        raise HttpError(400, str(error)) from error
    if query.cooperation is not None:
        cooperation = accessible_cooperation(query.cooperation, user=request.auth)
        if cooperation is None:  # unknown, or not shared with this user: the same answer
            raise HttpError(404, "Not Found")
        return Scope(cooperation=cooperation), filters
    return Scope(territory=territory_or_api_404(query.territory, user=request.auth)), filters


def _network(request, query: NetworkQuery):
    scope, filters = _scope_and_filters(request, query)
    if scope.cooperation is not None:
        return cooperation_network(scope.cooperation, user=request.auth, filters=filters)
    return territory_network(scope.territory, user=request.auth, filters=filters)


@router.get(
    "/metrics",
    url_name="network_metrics",
    summary="Metrics of the actor-system network of a cooperation or a territory",
)
def metrics(request, query: Query[NetworkQuery]):
    """The metrics computed by a background job (`network.cache`), with `computed_at` (when) and
    `up_to_date` (false: the data changed since, fresher metrics are being computed). Before the
    first computation: 202 with `Retry-After`, to ask again later."""
    scope, filters = _scope_and_filters(request, query)
    answer = served(scope, user=request.auth, filters=filters)
    if not answer.figures:
        return pending_answer(answer, "metrics")
    return {
        **answer.figures["metrics"],
        "computed_at": answer.computed_at.isoformat(),
        "up_to_date": answer.fresh,
    }


@router.get(
    "/graph",
    url_name="network_graph",
    summary="The network as Cytoscape.js elements (at most `limit` actors, the most connected)",
)
def graph(request, query: Query[NetworkQuery], limit: int = GRAPH_MAX_NODES):
    if not 1 <= limit <= 5000:
        raise HttpError(400, "limit must be between 1 and 5000.")
    return cytoscape_elements(_network(request, query), limit=limit)


@router.get(
    "/file",
    url_name="network_file",
    summary="The network as a GEXF or GraphML file (Gephi, Cytoscape, igraph, networkx)",
    # A whole network counts among heavy work (core.throttling): a 429 beyond the rate.
    openapi_extra={RATE_LIMITED: True},
)
def network_file_download(request, query: Query[NetworkQuery], format: Literal["gexf", "graphml"]):
    """Every actor and relation of the network the caller may see, names not codes, with the
    licence and the date of the data (docs/data-formats.md, « Réseaux »)."""
    if wait := heavy_work_wait(request, "export"):
        raise Throttled(wait)
    network = _network(request, query)
    content_type, extension = FORMATS[format]
    response = StreamingHttpResponse(
        network_file(network, format, stamp()), content_type=content_type
    )
    name = network.scope.get("slug") or network.scope.get("ref", "reseau").replace(":", "-")
    response["Content-Disposition"] = f'attachment; filename="reseau-{name}.{extension}"'
    return response
