"""Maturity rounds in the JSON API, for the cooperation's members (any access role, or an API
token of one); everyone else gets a 404, as for an unknown cooperation. Keys in
docs/data-formats.md."""

from django.shortcuts import get_object_or_404
from ninja import Router

from terreau.cooperations.models import Cooperation
from terreau.maturity.queries import cooperation_trajectory, round_json, round_results

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
