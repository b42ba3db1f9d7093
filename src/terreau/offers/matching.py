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
from functools import lru_cache

from django.db.models import Q
from django.utils import timezone

from terreau.cooperations.models import BuildingBlock, Cooperation, Member
from terreau.core.taxonomies import MemberRole
from terreau.offers.criteria import (
    KINDS_WITHOUT_ENTITY,
    WEIGHTS,
    CooperationProfile,
    Match,
    OfferFacts,
    animation_reason,
    audience_reason,
    carrier_reason,
    economic_model_reason,
    evaluate,
    legal_entity_reason,
    life_functions_reason,
    model_reason,
    name_key,
    perimeter_reason,
    ranked,
    stage_reason,
    support_type_reason,
)
from terreau.offers.models import NATIONAL, Offer, OfferPerimeter
from terreau.offers.queries import CONTAINER_FIELDS
from terreau.offers.taxonomies import OfferKind, OfferStatus
from terreau.territories.models import Commune, Level, ProjectTerritory

# The most an offer earns on the criteria every offer is scored on, in quarter-points (the
# support type or the animation come on top; the calendar weighs nothing).
BASE_POSSIBLE = 4 * (sum(WEIGHTS.values()) - WEIGHTS["support_type"] - WEIGHTS["animation"])
# Read in this order by `offer_facts` (the eligibility sets in `Offer.KEY_SETS` order).
OFFER_FIELDS = (
    "id",
    "slug",
    "name",
    "kind",
    "types",
    *Offer.KEY_SETS,
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
@lru_cache(maxsize=8192)
def _key_set(text):
    # Few distinct stored sets: each is parsed once.
    return None if text is None else frozenset(text.split())


def offer_facts(offers) -> list[OfferFacts]:
    """What matching reads of a queryset of offers: the offers, then their perimeter rows."""
    rows = list(offers.order_by("pk").values_list(*OFFER_FIELDS))
    perimeters: dict[int, list] = defaultdict(list)
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), 10_000):  # within every database's limit of parameters
        located = OfferPerimeter.objects.filter(offer_id__in=ids[start : start + 10_000])
        for offer_id, level, code, name in located.order_by(
            "offer_id", "level", "code"
        ).values_list("offer_id", "level", "code", "name"):
            ref = NATIONAL if level == NATIONAL else f"{level}:{code}"
            perimeters[offer_id].append((ref, name or ref))
    return [
        OfferFacts(
            id=pk,
            slug=slug,
            name=name,
            kind=kind,
            types=_key_set(types) or frozenset(),
            audiences=_key_set(audiences),
            stages=_key_set(stages),
            cooperation_models=_key_set(models),
            economic_models=_key_set(economic_models),
            carriers=_key_set(carriers),
            life_functions=_key_set(functions),
            legal_entity_required=entity,
            funds_animation=animation,
            status=status,
            opens_on=opens_on,
            deadline=deadline,
            perimeters=tuple(perimeters[pk]),
        )
        for (
            pk,
            slug,
            name,
            kind,
            types,
            audiences,
            stages,
            models,
            economic_models,
            carriers,
            functions,
            entity,
            animation,
            status,
            opens_on,
            deadline,
        ) in rows
    ]


def candidate_offers(profile: CooperationProfile, *, day, include_excluded: bool = False):
    """The offers worth evaluating for a cooperation. Eligible ones can only be among the open
    offers whose perimeter names one of its territories, the whole country, or nothing at all;
    with `include_excluded`, every published offer (the closed and out-of-perimeter ones get
    their reasons)."""
    published = Offer.objects.filter(status=OfferStatus.PUBLISHED)
    if include_excluded:
        return published
    # The offers located on its territories come from the index on (level, code, offer), then
    # those without perimeter; the other conditions are checked on those rows only.
    ids = set(
        OfferPerimeter.objects.filter(perimeter_condition(profile.containers)).values_list(
            "offer_id", flat=True
        )
    )
    ids.update(published.filter(perimeters__isnull=True).values_list("pk", flat=True))
    candidates = published.open_on(day).filter(pk__in=sorted(ids))
    # The audience and the legal entity exclude in SQL what they would exclude in Python.
    lead_kinds = {kind for _name, kind in profile.leads}
    if profile.audiences or lead_kinds:
        audience = Q(audiences__isnull=True)
        for key in sorted(profile.audiences | lead_kinds):
            audience |= Q(audiences__contains=f" {key} ")
        candidates = candidates.filter(audience)
    if not profile.has_legal_entity and not lead_kinds - KINDS_WITHOUT_ENTITY:
        candidates = candidates.exclude(legal_entity_required=True)
    return candidates


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


class _Points(dict):
    """A criterion's quarter-points for each distinct value of an offer field (-1 when the
    criterion excludes the offer), computed on first use, for one set of a cooperation's
    attributes."""

    def __init__(self, function, args):
        super().__init__()
        self.function, self.args = function, args

    def __missing__(self, value):
        reason = self.function(value, *self.args)
        points = self[value] = -1 if reason.excludes else reason.points
        return points


# What a perimeter holding a cooperation's only commune earns.
INSIDE = perimeter_reason(
    (("", ""),),
    CooperationProfile(
        0, "", "", "", "", "", "", "", "", frozenset(), frozenset(), (), frozenset({0}), {"": {0}}
    ),
).points
SUPPORT_POSSIBLE = BASE_POSSIBLE + 4 * WEIGHTS["support_type"]
ANIMATION_POSSIBLE = BASE_POSSIBLE + 4 * WEIGHTS["animation"]


class OfferIndex:
    """Open offers indexed by the references of their perimeters, to match many cooperations
    after reading the offers once. Scores without reasons: `evaluate` one pair for those.

    Each offer is kept as a row of the values the criteria read, and each criterion's points
    per distinct value are memoised for each set of a cooperation's attributes (`_Points`), so
    that scoring an offer is a few dictionary lookups."""

    def __init__(self, offers: list[OfferFacts]):
        self.everywhere: list[tuple] = []  # national, or perimeter unknown
        self.by_ref: dict[str, list[tuple]] = defaultdict(list)
        self.memos: dict[tuple, _Points] = {}
        ordered = sorted(offers, key=lambda o: (name_key(o.name), o.slug))
        for order, offer in enumerate(ordered):
            row = (
                offer,
                order,
                offer.audiences,
                offer.legal_entity_required,
                offer.stages,
                offer.cooperation_models,
                offer.economic_models,
                offer.carriers,
                offer.life_functions,
                offer.kind == OfferKind.SUPPORT,
                offer.types,
                offer.funds_animation,
            )
            refs = [ref for ref, _name in offer.perimeters]
            if not refs or NATIONAL in refs:
                self.everywhere.append((row, perimeter_reason(offer.perimeters, None).points))
            else:
                for ref in refs:
                    self.by_ref[ref].append(row)
        self.count = len(ordered)

    def points(self, function, *args) -> _Points:
        key = (function, args)
        if key not in self.memos:
            self.memos[key] = _Points(function, args)
        return self.memos[key]

    def candidates(self, profile: CooperationProfile) -> list[tuple]:
        """(offer row, its perimeter points, or None when they must be computed) for each offer
        whose perimeter names one of the cooperation's territories, the whole country or
        nothing."""
        located: dict[int, tuple] = {}
        for ref in profile.containers:
            for row in self.by_ref.get(ref, ()):
                located[row[1]] = row
        # A perimeter holding the only commune of a cooperation holds all of it.
        points = INSIDE if len(profile.commune_ids) == 1 else None
        return [*self.everywhere, *((row, points) for row in located.values())]

    def eligible(self, profile: CooperationProfile) -> list[Match]:
        """The cooperation's eligible offers with their scores (the same as `evaluate`'s),
        ranked like `ranked`."""
        # Lead members count by their kind only here: their names change no score.
        leads = tuple(sorted({("", kind) for _name, kind in profile.leads}))
        audience = self.points(audience_reason, profile.audiences, leads)
        legal = self.points(legal_entity_reason, profile.has_legal_entity, leads)
        stage = self.points(stage_reason, profile.stage)
        model = self.points(model_reason, profile.model, profile.cooperation_type)
        economic = self.points(economic_model_reason, profile.economic_model)
        carrier = self.points(carrier_reason, profile.carrier)
        functions = self.points(life_functions_reason, profile.issues, profile.block_functions)
        support = self.points(support_type_reason, profile.cooperation_type)
        animation = self.points(animation_reason) if profile.needs_animation else None
        found = []
        for (
            (
                offer,
                order,
                aud,
                entity,
                stages,
                models,
                econ,
                carriers,
                funcs,
                is_support,
                types,
                anim,
            ),
            perimeter,
        ) in self.candidates(profile):
            fits = audience[aud]
            required = legal[entity]
            if fits < 0 or required < 0:
                continue
            if perimeter is None:
                reason = perimeter_reason(offer.perimeters, profile)
                if reason.excludes:
                    continue
                perimeter = reason.points
            earned = (
                perimeter
                + fits
                + required
                + stage[stages]
                + model[models]
                + economic[econ]
                + carrier[carriers]
                + functions[funcs]
            )
            if is_support:
                earned += support[types]
                possible = SUPPORT_POSSIBLE
            elif animation is not None:
                earned += animation[anim]
                possible = ANIMATION_POSSIBLE
            else:
                possible = BASE_POSSIBLE
            score = (200 * earned + possible) // (2 * possible)
            found.append(((100 - score) * self.count + order, offer, score))
        found.sort()
        return [Match(offer, True, score, []) for _key, offer, score in found]


def open_offer_index(*, day, offers=None) -> OfferIndex:
    offers = Offer.objects.all() if offers is None else offers
    return OfferIndex(offer_facts(offers.open_on(day)))


def matches_for_many(cooperations, *, day=None, index: OfferIndex | None = None) -> dict:
    """Cooperation id → its eligible matches, ranked, with their scores but without reasons,
    for a queryset of cooperations; the open offers are read once (or given as `index`)."""
    day = day or timezone.localdate()
    index = index or open_offer_index(day=day)
    return {profile.id: index.eligible(profile) for profile in profiles_of(cooperations)}


def matches_json(matches: list[Match]) -> list[dict]:
    """The JSON contract of `terreau offers match` and /api/v1/offers/match/{slug}."""
    return [match.as_dict() for match in matches]
