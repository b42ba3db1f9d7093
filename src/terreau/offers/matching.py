"""Matching offers to cooperations: reading what the rule needs from the database, fast.

`cooperation_matches(cooperation)` ranks the offers for one cooperation: one SQL query keeps the
open offers whose perimeter holds one of the cooperation's territories (or is national, or
unknown) — an indexed lookup on `OfferPerimeter(level, code)` — and the rule of `criteria.py`
scores them in Python. `matches_for_many(cooperations)` matches many cooperations at once: the
open offers are read once and indexed by perimeter reference, and each cooperation's candidates
are taken from that index. The rule and its scoring are in docs/offers-matching.md.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from terreau.cooperations.models import BuildingBlock, Cooperation, Member
from terreau.core.taxonomies import MemberRole
from terreau.offers.criteria import CooperationProfile, Match, OfferFacts, evaluate, ranked
from terreau.offers.models import NATIONAL, Offer, OfferPerimeter
from terreau.offers.taxonomies import OfferStatus
from terreau.territories.models import Commune, Level, ProjectTerritory

# The levels a commune belongs to through one of its foreign keys, and the field of that key's code.
CONTAINER_FIELDS = {
    Level.COMMUNE: "code",
    Level.EPCI: "epci__code",
    Level.DEPARTEMENT: "departement__code",
    Level.REGION: "region__code",
    Level.BASSIN: "bassin_vie__code",
    Level.ZONE_EMPLOI: "zone_emploi__code",
}
OFFER_FIELDS = (
    "id",
    "slug",
    "name",
    "kind",
    "types",
    "audiences",
    "stages",
    "cooperation_models",
    "economic_models",
    "carriers",
    "life_functions",
    "legal_entity_required",
    "funds_animation",
    "status",
    "opens_on",
    "deadline",
)


# --- Territories ------------------------------------------------------------------------
def containers_of(commune_ids: Iterable[int]) -> dict[str, set[int]]:
    """Each territory reference holding some of the communes (the communes themselves, their
    EPCI, département, région, bassin de vie, zone d'emploi, and the project territories that
    include them) → the ids of those communes. Two queries."""
    containers: dict[str, set[int]] = defaultdict(set)
    commune_ids = list(commune_ids)
    rows = Commune.objects.filter(pk__in=commune_ids).values_list("pk", *CONTAINER_FIELDS.values())
    for pk, *codes in rows:
        for level, code in zip(CONTAINER_FIELDS, codes, strict=True):
            if code:
                containers[f"{level.value}:{code}"].add(pk)
    through = ProjectTerritory.communes_set.through.objects.filter(commune_id__in=commune_ids)
    for slug, commune_id in through.values_list("projectterritory__slug", "commune_id"):
        containers[f"{Level.PROJET.value}:{slug}"].add(commune_id)
    return containers


def perimeter_condition(refs: Iterable[str]) -> Q:
    """Perimeter rows naming one of `refs` or the whole country."""
    codes: dict[str, list[str]] = defaultdict(list)
    for ref in refs:
        level, _sep, code = ref.partition(":")
        codes[level].append(code)
    condition = Q(level=NATIONAL)
    for level, level_codes in codes.items():
        condition |= Q(level=level, code__in=level_codes)
    return condition


# --- Cooperations ------------------------------------------------------------------------
def profiles_of(cooperations) -> list[CooperationProfile]:
    """The matching profiles of a queryset of cooperations, in six queries whatever their
    number: the cooperations, their communes and those communes' containers, their lead members,
    their building blocks."""
    rows = list(
        cooperations.order_by("pk").values_list(
            "pk",
            "slug",
            "name",
            "cooperation_type",
            "model",
            "economic_model",
            "carrier",
            "stage",
            "legal_form",
            "life_functions",
        )
    )
    ids = [row[0] for row in rows]
    communes: dict[int, set[int]] = defaultdict(set)
    through = Cooperation.communes.through.objects.filter(
        cooperation_id__in=cooperations.values("pk")
    )
    for cooperation_id, commune_id in through.values_list("cooperation_id", "commune_id"):
        communes[cooperation_id].add(commune_id)
    containers = containers_of({pk for ids_ in communes.values() for pk in ids_})
    # Each commune → the references holding it, to build each cooperation's containers.
    holding: dict[int, list[str]] = defaultdict(list)
    for ref, commune_ids in containers.items():
        for commune_id in commune_ids:
            holding[commune_id].append(ref)
    leads: dict[int, list] = defaultdict(list)
    members = Member.objects.filter(
        cooperation_id__in=ids, left_on__isnull=True, roles__contains=f" {MemberRole.LEAD} "
    ).values_list("cooperation_id", "actor__name", "actor__kind")
    for cooperation_id, name, kind in members:
        leads[cooperation_id].append((name, kind))
    block_functions: dict[int, set[str]] = defaultdict(set)
    blocks = BuildingBlock.objects.filter(cooperation_id__in=ids).exclude(
        status=BuildingBlock.Status.STOPPED
    )
    for cooperation_id, text in blocks.values_list("cooperation_id", "life_functions"):
        block_functions[cooperation_id].update(text.split())
    profiles = []
    for pk, slug, name, ctype, model, economic, carrier, stage, legal_form, issues in rows:
        own: dict[str, set[int]] = defaultdict(set)
        for commune_id in communes[pk]:
            for ref in holding[commune_id]:
                own[ref].add(commune_id)
        profiles.append(
            CooperationProfile(
                id=pk,
                slug=slug,
                name=name,
                cooperation_type=ctype,
                model=model,
                economic_model=economic,
                carrier=carrier,
                stage=stage,
                legal_form=legal_form,
                issues=frozenset(issues.split()),
                block_functions=frozenset(block_functions[pk]),
                leads=tuple(sorted(leads[pk])),
                commune_ids=frozenset(communes[pk]),
                containers={ref: frozenset(ids_) for ref, ids_ in own.items()},
            )
        )
    return profiles


# --- Offers ------------------------------------------------------------------------
def _key_set(text):
    return None if text is None else frozenset(text.split())


def offer_facts(offers) -> list[OfferFacts]:
    """What matching reads of a queryset of offers, in two queries (offers, perimeters)."""
    perimeters: dict[int, list] = defaultdict(list)
    rows = OfferPerimeter.objects.filter(offer__in=offers.values("pk")).order_by(
        "offer_id", "level", "code"
    )
    for offer_id, level, code, name in rows.values_list("offer_id", "level", "code", "name"):
        ref = NATIONAL if level == NATIONAL else f"{level}:{code}"
        perimeters[offer_id].append((ref, name or ref))
    facts = []
    for row in offers.order_by("pk").values_list(*OFFER_FIELDS):
        values = dict(zip(OFFER_FIELDS, row, strict=True))
        for field in (
            "audiences",
            "stages",
            "cooperation_models",
            "economic_models",
            "carriers",
            "life_functions",
        ):
            values[field] = _key_set(values[field])
        values["types"] = frozenset(values["types"].split())
        facts.append(OfferFacts(**values, perimeters=tuple(perimeters[row[0]])))
    return facts


def candidate_offers(profile: CooperationProfile, *, day, include_excluded: bool = False):
    """The offers worth evaluating for a cooperation. Eligible ones can only be among the open
    offers whose perimeter names one of its territories, the whole country, or nothing at all;
    with `include_excluded`, every published offer (the closed and out-of-perimeter ones get
    their reasons)."""
    published = Offer.objects.filter(status=OfferStatus.PUBLISHED)
    if include_excluded:
        return published
    located = OfferPerimeter.objects.filter(perimeter_condition(profile.containers))
    anywhere = OfferPerimeter.objects.filter(offer=OuterRef("pk"))
    return published.open_on(day).filter(Q(pk__in=located.values("offer_id")) | ~Exists(anywhere))


def cooperation_matches(
    cooperation: Cooperation, *, include_excluded: bool = False, day=None
) -> list[Match]:
    """The offers for one cooperation, ranked: eligible ones by descending score, then (with
    `include_excluded`) the excluded ones with their reasons."""
    day = day or timezone.localdate()
    profile = profiles_of(Cooperation.objects.filter(pk=cooperation.pk))[0]
    offers = offer_facts(candidate_offers(profile, day=day, include_excluded=include_excluded))
    matches = [evaluate(offer, profile, day) for offer in offers]
    if not include_excluded:
        matches = [match for match in matches if match.eligible]
    return ranked(matches)


class OfferIndex:
    """Open offers indexed by the references of their perimeters, to match many cooperations
    after reading the offers once."""

    def __init__(self, offers: list[OfferFacts]):
        self.everywhere: list[OfferFacts] = []  # national, or perimeter unknown
        self.by_ref: dict[str, list[OfferFacts]] = defaultdict(list)
        for offer in offers:
            refs = [ref for ref, _name in offer.perimeters]
            if not refs or NATIONAL in refs:
                self.everywhere.append(offer)
            else:
                for ref in refs:
                    self.by_ref[ref].append(offer)

    def candidates(self, profile: CooperationProfile) -> list[OfferFacts]:
        seen: dict[int, OfferFacts] = {offer.id: offer for offer in self.everywhere}
        for ref in profile.containers:
            for offer in self.by_ref.get(ref, ()):
                seen.setdefault(offer.id, offer)
        return list(seen.values())


def open_offer_index(*, day, offers=None) -> OfferIndex:
    offers = Offer.objects.all() if offers is None else offers
    return OfferIndex(offer_facts(offers.open_on(day)))


def matches_for_many(cooperations, *, day=None, index: OfferIndex | None = None) -> dict:
    """Cooperation id → its eligible matches, ranked, for a queryset of cooperations; the open
    offers are read once (or given as `index`)."""
    day = day or timezone.localdate()
    index = index or open_offer_index(day=day)
    results = {}
    for profile in profiles_of(cooperations):
        matches = (evaluate(offer, profile, day) for offer in index.candidates(profile))
        results[profile.id] = ranked([match for match in matches if match.eligible])
    return results


def matches_json(matches: list[Match]) -> list[dict]:
    """The JSON contract of `terreau offers match` and /api/v1/offers/match/{slug}."""
    return [match.as_dict() for match in matches]
