"""Reads of the offer catalogue: the list and its filters (pages, API)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from terreau.offers.models import NATIONAL, Offer, OfferPerimeter
from terreau.offers.taxonomies import OfferStatus
from terreau.territories.models import Level, ProjectTerritory

# The levels a commune belongs to (itself, then through one of its foreign keys) and the field of
# the code naming it at that level.
CONTAINER_FIELDS = {
    Level.COMMUNE: "code",
    Level.EPCI: "epci__code",
    Level.DEPARTEMENT: "departement__code",
    Level.REGION: "region__code",
    Level.BASSIN: "bassin_vie__code",
    Level.ZONE_EMPLOI: "zone_emploi__code",
}


def perimeters_touching(territory, *, user=None) -> Q:
    """Perimeter rows (on `OfferPerimeter`) that share at least one commune with `territory`:
    the whole country, the territory's communes and every EPCI, département, région, bassin de
    vie, zone d'emploi and project territory (that the user may see) holding one of them. Built
    from subqueries on the territory's communes, so a région stays a handful of indexed lookups."""
    communes = territory.communes()
    q = Q(level=NATIONAL)
    for level, path in CONTAINER_FIELDS.items():
        q |= Q(level=level, code__in=communes.exclude(**{path: None}).values(path))
    projects = ProjectTerritory.objects.visible_to(user).filter(communes_set__in=communes)
    q |= Q(level=Level.PROJET, code__in=projects.values("slug"))
    return q


@dataclass
class OfferFilters:
    query: str = ""
    kind: str = ""
    offer_type: str = ""
    territory: object | None = None
    stage: str = ""
    model: str = ""
    audience: str = ""
    economic_model: str = ""
    carrier: str = ""
    life_function: str = ""
    status: str = ""  # "" = published, a status, or "all"
    open_only: bool = False
    funds_animation: bool = False
    without_legal_entity: bool = False
    # Eligibility filters keep the offers that do not state the criterion (unknown is not "not
    # eligible") unless this is set.
    stated_only: bool = False

    @classmethod
    def from_form(cls, data: dict) -> "OfferFilters":
        return cls(
            query=data.get("q") or "",
            kind=data.get("kind") or "",
            offer_type=data.get("type") or "",
            territory=data.get("territoire"),
            stage=data.get("stage") or "",
            model=data.get("model") or "",
            audience=data.get("audience") or "",
            economic_model=data.get("economic_model") or "",
            carrier=data.get("carrier") or "",
            life_function=data.get("life_function") or "",
            status=data.get("status") or "",
            open_only=bool(data.get("open_only")),
            funds_animation=bool(data.get("funds_animation")),
            without_legal_entity=bool(data.get("without_legal_entity")),
            stated_only=bool(data.get("stated_only")),
        )


SET_FILTERS = {
    "stage": "stages",
    "model": "cooperation_models",
    "audience": "audiences",
    "economic_model": "economic_models",
    "carrier": "carriers",
    "life_function": "life_functions",
}


def offers_matching(filters: OfferFilters, *, user, day=None):
    """The offers the user may see that pass the filters, by name."""
    offers = Offer.objects.visible_to(user)
    if filters.status == "all":
        pass
    elif filters.status in OfferStatus.values:
        offers = offers.filter(status=filters.status)
    else:
        offers = offers.filter(status=OfferStatus.PUBLISHED)
    if filters.open_only:
        offers = offers.open_on(day or timezone.localdate())
    if filters.query:
        offers = offers.filter(
            Q(name__icontains=filters.query) | Q(description__icontains=filters.query)
        )
    if filters.kind:
        # An offer that supports and finances is found under both kinds.
        offers = offers.filter(Q(kind=filters.kind) | Q(both_kinds=True))
    if filters.offer_type:
        offers = offers.with_key("types", filters.offer_type)
    for attribute, field in SET_FILTERS.items():
        key = getattr(filters, attribute)
        if not key:
            continue
        holds = Q(**{f"{field}__contains": f" {key} "})
        offers = offers.filter(holds if filters.stated_only else holds | Q(**{field: None}))
    for flag, wanted in (
        ("funds_animation", True if filters.funds_animation else None),
        ("legal_entity_required", False if filters.without_legal_entity else None),
    ):
        if wanted is None:
            continue
        stated = Q(**{flag: wanted})
        offers = offers.filter(stated if filters.stated_only else stated | Q(**{flag: None}))
    if filters.territory is not None:
        touching = OfferPerimeter.objects.filter(
            perimeters_touching(filters.territory, user=user), offer=OuterRef("pk")
        )
        covered = Q(Exists(touching))
        if not filters.stated_only:
            covered |= ~Q(Exists(OfferPerimeter.objects.filter(offer=OuterRef("pk"))))
        offers = offers.filter(covered)
    return offers.order_by("name", "pk")
