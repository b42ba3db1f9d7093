"""Matching, map and gaps in the JSON API (docs/offers-matching.md), under the offers router."""

from ninja import Router
from ninja.errors import HttpError

from terreau.cooperations.models import Cooperation
from terreau.offers import gaps as offer_gaps
from terreau.offers.matching import cooperation_matches, matches_json
from terreau.territories.refs import territory_or_api_404

router = Router(tags=["offers"])


@router.get(
    "/match/{slug}",
    url_name="offers_match",
    summary="The offers that fit a cooperation, ranked, with a reason per criterion",
)
def match(request, slug: str, include_excluded: bool = False):
    """Eligible offers first by descending score: `[{offer, name, kind, both_kinds, eligible,
    recommended, score, reasons: [{criterion, result, detail}]}]`. Members of the cooperation
    only."""
    cooperation = Cooperation.objects.accessible_to(request.auth).filter(slug=slug).first()
    if cooperation is None:  # unknown, or not shared with this user: the same answer
        raise HttpError(404, "Not Found")
    return matches_json(cooperation_matches(cooperation, include_excluded=include_excluded))


def _territory(request, ref: str):
    return territory_or_api_404(ref, user=request.auth)


@router.get(
    "/map/{ref}",
    url_name="offers_map",
    summary="The open offers of a territory by kind and type, its support providers, and "
    "the stage × cooperation model matrix",
)
def territory_map(request, ref: str):
    return offer_gaps.offer_map(_territory(request, ref), user=request.auth)


@router.get(
    "/gaps/{ref}",
    url_name="offers_gaps",
    summary="What is missing on a territory (the JSON of `terreau offers gaps`)",
)
def territory_gaps(request, ref: str):
    return offer_gaps.territory_gaps(_territory(request, ref), user=request.auth)
