"""Catalysts' profiles in the JSON API, with the pages' rules: a profile is read by whoever may see
it (public ones by everyone, private ones by their author and staff: core.permissions); the
cooperations it accompanies and its directory actor show only to those who may see them."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from terreau.actors.models import Actor
from terreau.catalysts.models import Catalyst
from terreau.cooperations.models import Cooperation
from terreau.core.pagination import Pages

router = Router(tags=["catalysts"])


class AssessmentOut(Schema):
    assessed_on: date
    stage: str
    mode: str
    assessors: str
    answers: dict


class CatalystOut(Schema):
    id: int
    name: str
    kind: str
    actor: int | None
    team: str
    territories: list[str]
    posture: str
    position: str
    methods: str
    funding: str
    stage: str
    cooperations: list[str]
    is_public: bool
    assessments: list[AssessmentOut]


def _out(catalyst: Catalyst, user) -> dict:
    actor = catalyst.actor_id
    if actor is not None and not Actor.objects.visible_to(user).filter(pk=actor).exists():
        actor = None
    cooperations = catalyst.cooperations.filter(pk__in=Cooperation.objects.visible_to(user))
    return {
        **{field: getattr(catalyst, field) for field in CatalystOut.model_fields},
        "actor": actor,
        "cooperations": sorted(cooperations.values_list("slug", flat=True)),
        "assessments": list(catalyst.assessments.all()),
    }


@router.get("", response=list[CatalystOut], summary="The catalysts' profiles one may see")
@paginate(Pages, page_size=50)
def catalyst_list(request):
    catalysts = Catalyst.objects.visible_to(request.auth).order_by("name", "pk")
    return [_out(catalyst, request.auth) for catalyst in catalysts]


@router.get("/{catalyst_id}", response=CatalystOut, summary="One catalyst's profile")
def catalyst_detail(request, catalyst_id: int):
    catalyst = get_object_or_404(Catalyst.objects.visible_to(request.auth), pk=catalyst_id)
    return _out(catalyst, request.auth)
