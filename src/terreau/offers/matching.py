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
from dataclasses import replace
from functools import lru_cache

from django.db.models import Q
from django.utils import timezone

from terreau.cooperations.models import BuildingBlock, Cooperation, Member
from terreau.core.taxonomies import MemberRole
from terreau.offers.criteria import (
    CRITERIA,
    CRITERIA_BY_KEY,
    KINDS_WITHOUT_ENTITY,
    Match,
    matcher,
    name_key,
    perimeter_reason,
    ranked,
)
from terreau.offers.facts import CooperationProfile, OfferFacts
from terreau.offers.models import NATIONAL, Offer, OfferPerimeter
from terreau.offers.queries import CONTAINER_FIELDS
from terreau.offers.taxonomies import OfferStatus
from terreau.territories.models import Commune, Level, ProjectTerritory

# Read in this order by `offer_facts` (the eligibility sets in `Offer.KEY_SETS` order).
OFFER_FIELDS = (
    "id",
    "slug",
    "name",
    "kind",
    "both_kinds",
    "types",
    *Offer.KEY_SETS,
    "legal_entity_required",
    "funds_animation",
    "creates_legal_form",
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
            "models",
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
    for pk, slug, name, ctype, models, economic, carrier, stage, legal_form, issues in rows:
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
                models=frozenset(models.split()),
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
            both_kinds=both_kinds,
            types=_key_set(types) or frozenset(),
            audiences=_key_set(audiences),
            stages=_key_set(stages),
            cooperation_models=_key_set(models),
            economic_models=_key_set(economic_models),
            carriers=_key_set(carriers),
            life_functions=_key_set(functions),
            legal_entity_required=entity,
            funds_animation=animation,
            creates_legal_form=creates,
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
            both_kinds,
            types,
            audiences,
            stages,
            models,
            economic_models,
            carriers,
            functions,
            entity,
            animation,
            creates,
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
    judge = matcher(profile, day)
    matches = [judge(offer) for offer in offers]
    if not include_excluded:
        matches = [match for match in matches if match.eligible]
    return ranked(matches)


# The points of a criterion that excludes the offer: below any sum of the other criteria's.
EXCLUDED = -(10**9)


class _Points(dict):
    """A criterion's quarter-points for each distinct value of an offer field (`EXCLUDED` when the
    criterion excludes the offer), computed on first use, for one set of a cooperation's
    attributes."""

    def __init__(self, function, args):
        super().__init__()
        self.function, self.args = function, args

    def __missing__(self, value):
        reason = self.function(value, *self.args)
        points = self[value] = EXCLUDED if reason.excludes else reason.points
        return points


class _NotJudged(dict):
    """The points of a criterion left out for this cooperation: none."""

    def __missing__(self, value):
        self[value] = 0
        return 0


# The index holds open offers only (their calendar is met) and finds them by their perimeter;
# every other criterion of `CRITERIA` reads one field of the offer (`Criterion.offer_field`) and is
# scored by the points memoised per value of that field.
PERIMETER, CALENDAR = CRITERIA_BY_KEY["perimeter"], CRITERIA_BY_KEY["calendar"]
SCORED = tuple(c for c in CRITERIA if c.key not in {PERIMETER.key, CALENDAR.key})
OPEN = 4 * CALENDAR.weight
# What a perimeter holding a cooperation's only commune earns.
INSIDE = perimeter_reason(
    (("", ""),),
    CooperationProfile(
        0,
        "",
        "",
        "",
        frozenset(),
        "",
        "",
        "",
        "",
        frozenset(),
        frozenset(),
        (),
        frozenset({0}),
        {"": {0}},
    ),
).points


class OfferIndex:
    """Open offers indexed by the references of their perimeters, to match many cooperations
    after reading the offers once. Scores without reasons: `evaluate` one pair for those.

    Each offer is kept as a row of the values its criteria read, and each criterion's points per
    distinct value are memoised for each set of a cooperation's attributes (`_Points`), so that
    scoring an offer is a few dictionary lookups. A row ends with its perimeter's points when
    they do not depend on the cooperation (national offers, unknown perimeters), else None."""

    def __init__(self, offers: list[OfferFacts]):
        self.everywhere: list[tuple] = []  # national, or perimeter unknown
        self.by_ref: dict[str, list[tuple]] = defaultdict(list)
        self.memos: dict[tuple, _Points] = {}
        # Each set of the criteria judging an offer (they depend on its kind) → its number.
        self.groups: dict[tuple, int] = {}
        ordered = sorted(offers, key=lambda o: (name_key(o.name), o.slug))
        for order, offer in enumerate(ordered):
            judged = tuple(c for c in SCORED if c.for_offers is None or c.for_offers(offer))
            group = self.groups.setdefault(judged, len(self.groups))
            values = tuple(getattr(offer, c.offer_field) for c in judged)
            refs = [ref for ref, _name in offer.perimeters]
            if not refs or NATIONAL in refs:
                perimeter = perimeter_reason(offer.perimeters, None).points
                self.everywhere.append((offer, order, group, values, perimeter))
            else:
                row = (offer, order, group, values, None)
                for ref in refs:
                    self.by_ref[ref].append(row)
        self.count = len(ordered)

    def points(self, function, *args) -> _Points:
        key = (function, args)
        if key not in self.memos:
            self.memos[key] = _Points(function, args)
        return self.memos[key]

    def located(self, profile: CooperationProfile) -> list[tuple]:
        """The rows of the offers whose perimeter names one of the cooperation's territories."""
        located: dict[int, tuple] = {}
        for ref in profile.containers:
            for row in self.by_ref.get(ref, ()):
                located[row[1]] = row
        return list(located.values())

    def plans(self, profile: CooperationProfile) -> list[tuple]:
        """For each group of offers, the points of its criteria for this cooperation (in the
        order of the rows' values) and the most they can earn, perimeter and calendar included."""
        # Lead members count by their kind only here: their names change no score.
        scoring = replace(
            profile, leads=tuple(sorted({("", kind) for _name, kind in profile.leads}))
        )
        plans = []
        for judged in self.groups:
            memos, possible = [], 4 * PERIMETER.weight + OPEN
            for criterion in judged:
                if criterion.for_cooperations is None or criterion.for_cooperations(profile):
                    values = criterion.profile_values(scoring)
                    memos.append(self.points(criterion.function, *values))
                    possible += 4 * criterion.weight_at(profile.stage)
                else:
                    memos.append(_NotJudged())
            plans.append((memos, possible))
        return plans

    def eligible(self, profile: CooperationProfile) -> list[Match]:
        """The cooperation's eligible offers with their scores (the same as `evaluate`'s),
        ranked like `ranked`."""
        plans = self.plans(profile)
        # A perimeter holding the only commune of a cooperation holds all of it.
        inside = INSIDE if len(profile.commune_ids) == 1 else None
        found = []
        for rows in (self.everywhere, self.located(profile)):
            for offer, order, group, values, perimeter in rows:
                memos, possible = plans[group]
                # Each criterion's points for the offer's value; one that excludes makes it < 0.
                earned = sum(map(dict.__getitem__, memos, values))
                if earned < 0:
                    continue
                if perimeter is None:
                    if inside is not None:
                        perimeter = inside
                    else:
                        reason = perimeter_reason(offer.perimeters, profile)
                        if reason.excludes:
                            continue
                        perimeter = reason.points
                earned += perimeter + OPEN
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
