from datetime import date

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from terreau.core.taxonomies import RelationKind
from terreau.network.drawing import GRAPH_MAX_NODES, cytoscape_elements
from terreau.network.graph import NetworkFilters
from terreau.network.metrics import network_metrics
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


def _network(request, query: NetworkQuery):
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
        return cooperation_network(cooperation, user=request.auth, filters=filters)
    territory = territory_or_api_404(query.territory, user=request.auth)
    return territory_network(territory, user=request.auth, filters=filters)


@router.get(
    "/metrics",
    url_name="network_metrics",
    summary="Metrics of the actor-system network of a cooperation or a territory",
)
def metrics(request, query: Query[NetworkQuery]):
    return network_metrics(_network(request, query))


@router.get(
    "/graph",
    url_name="network_graph",
    summary="The network as Cytoscape.js elements (at most `limit` actors, the most connected)",
)
def graph(request, query: Query[NetworkQuery], limit: int = GRAPH_MAX_NODES):
    if not 1 <= limit <= 5000:
        raise HttpError(400, "limit must be between 1 and 5000.")
    return cytoscape_elements(_network(request, query), limit=limit)
