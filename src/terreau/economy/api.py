"""The economic model of a cooperation in the JSON API: for the accounts with access to its record
only (a published cooperation's economic model stays private); 404 for anyone else."""

from datetime import date
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from terreau.cooperations.models import Cooperation
from terreau.economy.queries import FIRST_YEAR, LAST_YEAR, cooperation_indicators
from terreau.economy.simulators.api import router as simulator_router

router = Router(tags=["economy"])
router.add_router("/simulate", simulator_router)


class IndicatorsOut(Schema):
    cooperation: str
    include_expected: bool
    year: int
    resources_total: str
    in_kind_total: str
    time_total: str
    valued_total: str
    by_family: dict[str, str]
    by_category: dict[str, str]
    costs_total: str
    costs_by_category: dict[str, str]
    animation_costs: str
    animation_resources: str
    balance: str
    hybridisation: float | None
    top_funder_share: float | None
    multi_year_share: float | None
    call_for_projects_share: float | None
    in_kind_share: float | None
    useful_effects_share: float | None
    animation_coverage: float | None


class ResourceOut(Schema):
    id: int
    label: str
    family: str
    category: str
    form: str
    amount: Decimal
    hours: Decimal | None
    hourly_value: Decimal | None
    source: int | None
    start_date: date
    end_date: date
    funding_mode: str
    earmark: str
    status: str
    note: str

    @staticmethod
    def resolve_family(resource) -> str:
        return resource.family.value

    @staticmethod
    def resolve_source(resource) -> int | None:
        return resource.source_id


class CostOut(Schema):
    id: int
    label: str
    category: str
    amount: Decimal
    start_date: date
    end_date: date
    note: str


class ContributionOut(Schema):
    beneficiary: int
    beneficiary_name: str
    status: str
    amount: Decimal | None
    resource: int | None

    @staticmethod
    def resolve_beneficiary(contribution) -> int:
        return contribution.beneficiary_id

    @staticmethod
    def resolve_beneficiary_name(contribution) -> str:
        return contribution.beneficiary.name

    @staticmethod
    def resolve_resource(contribution) -> int | None:
        return contribution.resource_id


class UsefulEffectOut(Schema):
    id: int
    name: str
    effect_type: str
    description: str
    blocks: list[int]
    indicator: str
    measured_value: str
    estimated_annual_value: Decimal | None
    valuation_method: str
    valuation_source: str
    evidence_level: str
    contributions: list[ContributionOut]

    @staticmethod
    def resolve_blocks(effect) -> list[int]:
        return [block.pk for block in effect.blocks.all()]

    @staticmethod
    def resolve_contributions(effect) -> list:
        return list(effect.contributions.all())


def _accessible(request, slug: str) -> Cooperation:
    cooperation = get_object_or_404(Cooperation.objects.visible_to(request.auth), slug=slug)
    if cooperation.role_of(request.auth) is None:
        raise Http404
    return cooperation


@router.get(
    "/cooperations/{slug}/indicators",
    response=IndicatorsOut,
    summary="Indicators of a cooperation's economic model for one year",
)
def indicators(
    request,
    slug: str,
    year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR),
    include_expected: bool = False,
):
    cooperation = _accessible(request, slug)
    return cooperation_indicators(cooperation, year, include_expected=include_expected)


@router.get(
    "/cooperations/{slug}/resources",
    response=list[ResourceOut],
    summary="Resource lines of a cooperation (all years and statuses)",
)
def resources(request, slug: str):
    return _accessible(request, slug).resources.all()


@router.get("/cooperations/{slug}/costs", response=list[CostOut], summary="Cost lines")
def costs(request, slug: str):
    return _accessible(request, slug).costs.all()


@router.get(
    "/cooperations/{slug}/useful-effects",
    response=list[UsefulEffectOut],
    summary="The register of useful effects with the third parties' contributions",
)
def useful_effects(request, slug: str):
    return _accessible(request, slug).useful_effects.prefetch_related(
        "blocks", "contributions__beneficiary"
    )
