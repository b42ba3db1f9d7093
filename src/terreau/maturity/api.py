"""Maturity rounds in the JSON API, for the cooperation's members (any access role, or an API
token of one); everyone else gets a 404, as for an unknown cooperation. A territory's rounds
follow maturity/territory_access.py. Keys in docs/data-formats.md."""

from django.shortcuts import get_object_or_404
from ninja import Router

from terreau.cooperations.models import Cooperation
from terreau.maturity.queries import (
    cooperation_trajectory,
    round_json,
    round_results,
    rounds_trajectory,
)
from terreau.maturity.territory_access import territory_rounds_visible_to, viewer_of
from terreau.territories.refs import territory_or_api_404

router = Router(tags=["maturity"])


def _cooperation(request, slug: str) -> Cooperation:
    return get_object_or_404(Cooperation.objects.accessible_to(request.auth), slug=slug)


@router.get("/{slug}/rounds", summary="The cooperation's maturity rounds, most recent first")
def round_list(request, slug: str):
    cooperation = _cooperation(request, slug)
    return [
        {**round_json(r), "invited": r.respondents.filter(revoked_at__isnull=True).count()}
        for r in cooperation.maturity_rounds.all()
    ]


@router.get("/{slug}/rounds/{round_id}/results", summary="A round's aggregated results")
def round_results_view(request, slug: str, round_id: int):
    cooperation = _cooperation(request, slug)
    return round_results(get_object_or_404(cooperation.maturity_rounds, pk=round_id)).as_json()


@router.get("/{slug}/trajectory", summary="Medians of the closed rounds, oldest first")
def trajectory(request, slug: str):
    return cooperation_trajectory(_cooperation(request, slug)).as_json()


# Territory rounds: what the pages show (maturity/territory_access.py). A round the caller may not
# see is a 404, like an unknown one; a published round gives its aggregates without comments.


def _territory_rounds(request, ref: str):
    territory = territory_or_api_404(ref, user=request.auth)
    return territory_rounds_visible_to(request.auth).filter(territory_ref=territory.ref)


@router.get(
    "/territories/{ref}/rounds",
    summary="The territory's maturity rounds the caller may see, most recent first",
)
def territory_round_list(request, ref: str):
    return [
        {
            **round_json(r),
            "is_published": r.is_published,
            "invited": r.respondents.filter(revoked_at__isnull=True).count(),
        }
        for r in _territory_rounds(request, ref)
    ]


@router.get(
    "/territories/{ref}/rounds/{round_id}/results",
    summary="A territory round's aggregated results",
)
def territory_round_results(request, ref: str, round_id: int):
    maturity_round = get_object_or_404(_territory_rounds(request, ref), pk=round_id)
    viewer = viewer_of(request.auth, maturity_round)
    return round_results(maturity_round).as_json(comments=viewer.sees_comments)


@router.get(
    "/territories/{ref}/trajectory",
    summary="Medians of the territory's closed rounds the caller may see, oldest first",
)
def territory_trajectory(request, ref: str):
    return rounds_trajectory(_territory_rounds(request, ref)).as_json()
