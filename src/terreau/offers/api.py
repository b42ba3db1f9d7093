"""/api/v1/offers: the catalogue, with the filters of the list page, and one offer."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import field_validator

from terreau.core.pagination import Pages
from terreau.offers.models import Offer
from terreau.offers.queries import OfferFilters, offers_matching
from terreau.territories.refs import territory_or_api_404

router = Router(tags=["offers"])


class OfferQuery(Schema):
    q: str = ""
    kind: str = ""
    type: str = ""
    territory: str | None = None
    stage: str = ""
    model: str = ""
    audience: str = ""
    economic_model: str = ""
    carrier: str = ""
    life_function: str = ""
    status: str = ""
    open_only: bool = False
    funds_animation: bool = False
    without_legal_entity: bool = False
    stated_only: bool = False


class ActorRef(Schema):
    id: int
    name: str


class OfferOut(Schema):
    slug: str
    name: str
    description: str
    kind: str
    # Supports and finances, whatever its main kind.
    both_kinds: bool
    types: list[str]
    status: str
    perimeter: list[str] | None
    audiences: list[str] | None
    stages: list[str] | None
    cooperation_models: list[str] | None
    economic_models: list[str] | None
    carriers: list[str] | None
    life_functions: list[str] | None
    legal_entity_required: bool | None
    funds_animation: bool | None
    # In the field of the ecological transition (§002).
    ecological_transition: bool
    # The legal form it helps create ("" when none).
    creates_legal_form: str
    eligibility_note: str
    amount_min: Decimal | None
    amount_max: Decimal | None
    rate_min: Decimal | None
    rate_max: Decimal | None
    duration_months: int | None
    recurrence: str | None
    is_call_for_projects: bool | None
    opens_on: datetime.date | None
    deadline: datetime.date | None
    contact: str
    url: str
    providers: list[ActorRef]
    provider_names: list[str]
    funders: list[ActorRef]
    funder_names: list[str]
    source: str
    source_id: str
    source_name: str
    source_url: str
    licence: str
    is_demo: bool

    @field_validator(
        "types",
        "audiences",
        "stages",
        "cooperation_models",
        "economic_models",
        "carriers",
        "life_functions",
        mode="before",
    )
    @classmethod
    def stored_keys(cls, text):
        """A stored key set (`" a b "`) as a list; NULL (unknown) stays None."""
        return text.split() if isinstance(text, str) else text

    @staticmethod
    def resolve_perimeter(offer) -> list[str] | None:
        return offer.perimeter_refs or None

    @staticmethod
    def resolve_providers(offer, context):
        user = context["request"].auth
        return list(offer.providers.visible_to(user).values("id", "name"))

    @staticmethod
    def resolve_funders(offer, context):
        user = context["request"].auth
        return list(offer.funders.visible_to(user).values("id", "name"))


@router.get("", response=list[OfferOut], summary="Offers matching the filters, paginated")
@paginate(Pages, page_size=50)
def offer_list(request, query: Query[OfferQuery]):
    territory = None
    if query.territory:
        territory = territory_or_api_404(query.territory, user=request.auth)
    data = query.dict()
    data["territoire"] = territory
    return offers_matching(OfferFilters.from_form(data), user=request.auth).prefetch_related(
        "perimeters"
    )


@router.get("/{slug}", response=OfferOut, summary="One offer (drafts only for their editors)")
def offer_detail(request, slug: str):
    return get_object_or_404(Offer.objects.visible_to(request.auth), slug=slug)


# Matching, map and gaps (api_matching.py).
from terreau.offers.api_matching import router as matching_router  # noqa: E402

router.add_router("", matching_router)
