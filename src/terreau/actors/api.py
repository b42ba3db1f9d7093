from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from terreau.actors.models import Actor
from terreau.actors.queries import ActorFilters, actors_matching, actors_page, actors_per_commune
from terreau.core.pagination import Pages
from terreau.territories.refs import territory_or_api_404

router = Router(tags=["actors"])


class ActorPages(Pages):
    """Pages read with `actors_page` (the ids from an index, then those rows)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        start = (pagination.page - 1) * page_size
        return {
            self.items_attribute: actors_page(queryset, start, start + page_size),
            "count": queryset.count(),
        }


class ActorQuery(Schema):
    territory: str | None = None
    kind: str = ""
    life_function: str = ""
    ess: bool | None = None
    family: str = ""
    commune: str = ""
    q: str = ""


class ActorOut(Schema):
    id: int
    name: str
    kind: str
    legal_form_code: str
    is_ess: bool
    siret: str
    rna: str
    naf_code: str
    address: str
    postal_code: str
    commune: str | None
    latitude: float | None
    longitude: float | None
    life_functions: list[str]
    website: str
    source: str
    source_name: str

    @staticmethod
    def resolve_commune(actor) -> str | None:
        return actor.commune.code if actor.commune_id else None

    @staticmethod
    def resolve_life_functions(actor) -> list[str]:
        return actor.life_functions.split()


def _matching(request, query: ActorQuery):
    territory = None
    if query.territory:
        territory = territory_or_api_404(query.territory, user=request.auth)
    filters = ActorFilters(
        territory=territory,
        kind=query.kind,
        life_function=query.life_function,
        ess=query.ess,
        legal_form_family=query.family,
        commune=query.commune.upper(),
        text=query.q,
    )
    return actors_matching(filters, user=request.auth)


@router.get("", response=list[ActorOut], summary="Actors matching the filters, paginated")
@paginate(ActorPages, page_size=100)
def actor_list(request, query: Query[ActorQuery]):
    return _matching(request, query)


@router.get("/map", summary="Number of matching actors per commune, as GeoJSON points")
def actor_map(request, query: Query[ActorQuery]):
    return actors_per_commune(_matching(request, query))


@router.get("/{actor_id}", response=ActorOut, summary="One actor")
def actor_detail(request, actor_id: int):
    return get_object_or_404(
        Actor.objects.visible_to(request.auth).select_related("commune"), pk=actor_id
    )
