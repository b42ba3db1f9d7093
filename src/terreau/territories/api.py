import hashlib

from django.http import HttpResponse
from ninja import Router, Schema

from terreau.core.text import search_key
from terreau.territories.queries import search_territories
from terreau.territories.refs import France, territory_or_api_404
from terreau.territories.serializers import communes_geojson, territory_detail, territory_suggestion

router = Router(tags=["territories"])


class TerritorySummary(Schema):
    ref: str
    name: str
    level: str
    level_label: str


class TerritoryDetail(Schema):
    ref: str
    name: str
    level: str
    population: int
    commune_count: int
    communes: list[str]
    parents: list[str]


def _resolve(request, ref: str, *, comparison: bool = False):
    # An unknown reference and one the caller may not see answer the same 404.
    return territory_or_api_404(ref, user=request.auth, comparison=comparison)


class TerritorySuggestion(TerritorySummary):
    label: str
    context: str


@router.get(
    "/search", response=list[TerritorySuggestion], summary="Search by name, postal code or code"
)
def search(request, q: str, limit: int = 10, levels: str = "", france: bool = False):
    """Territories matching `q`, best first: what the territory fields of the pages suggest.
    `levels` (comma-separated: `commune,epci`) narrows the levels; `france` offers France
    first when it matches. `label` is the text that names the territory without ambiguity in a
    territory field, `context` tells it from its namesakes (a commune's département)."""
    limit = max(1, min(limit, 50))
    wanted = {level.strip() for level in levels.split(",") if level.strip()}
    found = search_territories(q, user=request.auth, limit=limit, levels=wanted or None)
    if france and search_key(str(France.name)).startswith(search_key(q)):
        found = [France(), *found][:limit]
    return [territory_suggestion(t) for t in found]


@router.get("/{ref}", response=TerritoryDetail, summary="A territory and its communes")
def detail(request, ref: str):
    return territory_detail(_resolve(request, ref))


@router.get("/{ref}/diagnosis", summary="The diagnosis (état des lieux) of a territory")
def diagnosis(request, ref: str, compare: str | None = None):
    from terreau.diagnosis.queries import diagnose

    compare_to = _resolve(request, compare, comparison=True) if compare else None
    return diagnose(_resolve(request, ref), compare_to=compare_to, user=request.auth).data


@router.get("/{ref}/communes.geojson", summary="The territory's communes as GeoJSON points")
def communes(request, ref: str):
    return communes_geojson(_resolve(request, ref))


@router.get(
    "/{ref}/contours.geojson",
    summary="The territory's outline, its communes (or départements) and its neighbours",
)
def contours(request, ref: str, communes: bool = False):
    """Simplified polygons for maps (GeoJSON, WGS 84): features whose `role` is `outline`,
    `part` or `neighbour`, and `missing`, the communes without a contour. `communes=true` gives
    the communes of a territory that has more than 1,500 (a région) rather than its départements.
    """
    from terreau.territories.maps import territory_map
    from terreau.territories.models import ProjectTerritory

    territory = _resolve(request, ref)
    body = territory_map(territory, communes=communes).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # Reference geography is public and changes once a year; a project territory is private
    # unless published, so shared caches must not keep it.
    shared = not isinstance(territory, ProjectTerritory) or territory.is_public
    headers = {"ETag": etag, "Cache-Control": f"{'public' if shared else 'private'}, max-age=3600"}
    if not shared:
        headers["Vary"] = "Cookie, Authorization"
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponse(status=304, headers=headers)
    return HttpResponse(body, content_type="application/geo+json", headers=headers)
