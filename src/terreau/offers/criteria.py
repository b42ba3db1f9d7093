"""The matching rule: how one offer fits one cooperation, criterion by criterion
(docs/offers-matching.md).

Pure functions over plain values (no database; what they read is in facts.py): `evaluate(offer,
profile, day)` returns a `Match` with one `Reason` per criterion — met, partly met, not met, or
unknown (the offer does not say, or the cooperation lacks the information) — and a score from 0
to 100. An offer is excluded when one of the eligibility criteria (perimeter, calendar, audience,
legal entity) is not met; the other criteria measure how well it fits. Each criterion is declared
once, in `CRITERIA` at the end of this module (key, label, weight, eligibility, its function,
what it reads, the offers and cooperations it applies to): `matcher` and `evaluate`, the bulk
matcher (`matching.OfferIndex`) and the labels of the reasons read that declaration. The
criteria that do not depend on the territory are memoised on their inputs (a few stored texts
and keys), so that matching thousands of cooperations against thousands of offers evaluates each
distinct combination once.
"""

import datetime
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from terreau.core.taxonomies import (
    ActorKind,
    Carrier,
    CooperationLegalForm,
    CooperationModel,
    CooperationType,
    EconomicModel,
    LifeFunction,
    Stage,
)
from terreau.core.text import search_key
from terreau.offers.facts import CooperationProfile, Day, Names, OfferFacts, labels
from terreau.offers.models import NATIONAL
from terreau.offers.taxonomies import (
    Audience,
    OfferStatus,
    SupportType,
)

MET, PARTLY_MET, NOT_MET, UNKNOWN = "met", "partly_met", "not_met", "unknown"
RESULT_LABELS = {
    MET: gettext_lazy("rempli"),
    PARTLY_MET: gettext_lazy("en partie"),
    NOT_MET: gettext_lazy("non rempli"),
    UNKNOWN: gettext_lazy("inconnu"),
}
# Quarters of a criterion's weight that each result earns: unknown earns a little (the benefit of
# the doubt), less than a partial fit.
VALUE = {MET: 4, PARTLY_MET: 2, UNKNOWN: 1, NOT_MET: 0}
# What each typology of cooperation needs first (§002, DOMAIN.md, typologie des coopérations): a
# modelled one « un accompagnement par des pairs, par des réseaux d'appuis territoriaux ou
# nationaux », a non-modelled one « un tiers de confiance », a systemic one « une animation
# territoriale, un maillage d'acteurs, un appui stratégique ».
_SYSTEMIC_NEEDS = frozenset({SupportType.TERRITORIAL_ANIMATION, SupportType.STRATEGIC_ENGINEERING})
SUPPORT_FOR_TYPE = {
    CooperationType.MODELLED: frozenset({SupportType.PEER_SUPPORT}),
    CooperationType.NON_MODELLED: frozenset({SupportType.TRUSTED_THIRD_PARTY}),
    CooperationType.SYSTEMIC_THEMATIC: _SYSTEMIC_NEEDS,
    CooperationType.SYSTEMIC_GENERALIST: _SYSTEMIC_NEEDS,
}
SUPPORT_TYPES = frozenset(SupportType.values)
# An offer is *recommended* when it is eligible, none of these criteria is "not met" (the stage,
# the models, the themes, and the legal form it helps create) and its score reaches
# RECOMMENDED_SCORE; the other eligible offers are "others to look at" (docs/offers-matching.md).
RECOMMENDATION_CRITERIA = frozenset(
    {"stage", "cooperation_model", "life_functions", "legal_form_created"}
)
RECOMMENDED_SCORE = 50
# Actor kinds that are not a legal person.
KINDS_WITHOUT_ENTITY = frozenset({ActorKind.INFORMAL_GROUP, ActorKind.INHABITANT})
STAGE_ORDER = [stage.value for stage in Stage]
ALL_MODELS = frozenset(model.value for model in CooperationModel)
ALL_FUNCTIONS = frozenset(function.value for function in LifeFunction)


@dataclass(frozen=True)
class Reason:
    """One criterion's result; `detail` is a short sentence in the active language."""

    criterion: str
    result: str
    text: str
    params: tuple = ()
    # Quarter-points earned and the most it could earn (4 × weight), for the score.
    points: int = 0
    possible: int = 0
    # Not met on an eligibility criterion: the offer is excluded.
    excludes: bool = False

    @property
    def detail(self) -> str:
        # Labels and dates are rendered now, in the active language (reasons are memoised).
        values = {name: str(value) for name, value in self.params}
        return _(self.text) % values if values else _(self.text)

    @property
    def label(self) -> str:
        return str(CRITERIA_BY_KEY[self.criterion].label)

    @property
    def result_label(self) -> str:
        return str(RESULT_LABELS[self.result])

    def as_dict(self) -> dict:
        return {"criterion": self.criterion, "result": self.result, "detail": self.detail}


@dataclass
class Match:
    offer: OfferFacts
    eligible: bool
    score: int
    reasons: list[Reason]

    @property
    def exclusions(self) -> list[Reason]:
        return [r for r in self.reasons if r.excludes]

    @property
    def unmet(self) -> list[Reason]:
        """The reasons that keep an eligible offer from being recommended."""
        return [
            r
            for r in self.reasons
            if r.result == NOT_MET and r.criterion in RECOMMENDATION_CRITERIA
        ]

    @property
    def recommended(self) -> bool:
        """Eligible, no criterion of `RECOMMENDATION_CRITERIA` not met, and a score of at least
        `RECOMMENDED_SCORE` (matches of the bulk matcher carry no reasons: never recommended)."""
        return (
            self.eligible
            and bool(self.reasons)
            and not self.unmet
            and self.score >= RECOMMENDED_SCORE
        )

    def as_dict(self) -> dict:
        return {
            "offer": self.offer.slug,
            "name": self.offer.name,
            "kind": self.offer.kind,
            "both_kinds": self.offer.both_kinds,
            "eligible": self.eligible,
            "recommended": self.recommended,
            "score": self.score,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


@dataclass(frozen=True, eq=False)
class Criterion:
    """One criterion of the rule, declared once in `CRITERIA` (each is its own identity: the bulk
    matcher groups offers by the criteria that judge them)."""

    key: str
    label: Promise
    _: KW_ONLY
    # Its share of the score; an eligibility criterion excludes the offer when it is not met.
    weight: int
    # What judges an offer. A criterion reading one field of the offer names it and the
    # attributes of the cooperation it compares it with: `function(offer.<offer_field>,
    # *profile.<profile_fields>)` (the bulk matcher memoises its points per value of that field);
    # otherwise `function(offer, profile, day)`.
    function: Callable[..., Reason]
    eligibility: bool = False
    offer_field: str | None = None
    profile_fields: tuple[str, ...] = ()
    # The offers and the cooperations it is judged for (all of them when None).
    for_offers: Callable[[OfferFacts], bool] | None = None
    for_cooperations: Callable[[CooperationProfile], bool] | None = None
    # Its weight at some stages of the cooperation, when it differs from `weight` there.
    stage_weights: tuple[tuple[str, int], ...] = ()

    def profile_values(self, profile: CooperationProfile) -> tuple:
        return tuple(getattr(profile, name) for name in self.profile_fields)

    def weight_at(self, stage: str) -> int:
        """Its weight for a cooperation at `stage`."""
        return dict(self.stage_weights).get(stage, self.weight)


def matcher(profile: CooperationProfile, day: datetime.date) -> Callable[[OfferFacts], Match]:
    """The function matching an offer with one cooperation on `day`, as `evaluate` does: the
    cooperation's side of each criterion is read once, so that judging each of many offers is a
    call of each criterion's function."""
    judged = [
        (c.function, c.offer_field, c.profile_values(profile), c.for_offers)
        for c in CRITERIA
        if c.for_cooperations is None or c.for_cooperations(profile)
    ]

    def match(offer: OfferFacts) -> Match:
        reasons = [
            function(getattr(offer, field), *values) if field else function(offer, profile, day)
            for function, field, values, for_offers in judged
            if for_offers is None or for_offers(offer)
        ]
        earned = possible = 0
        eligible = True
        for reason in reasons:
            earned += reason.points
            possible += reason.possible
            if reason.excludes:
                eligible = False
        return Match(offer, eligible, percent(earned, possible) if eligible else 0, reasons)

    return match


def evaluate(offer: OfferFacts, profile: CooperationProfile, day: datetime.date) -> Match:
    """The match of one offer with one cooperation on `day`: a reason for each criterion that
    applies to both, in the order of `CRITERIA`. To match many offers with one cooperation,
    call `matcher(profile, day)` once."""
    return matcher(profile, day)(offer)


def score(reasons: list[Reason]) -> int:
    """100 × the weighted share of the criteria met (a partial fit counts half, unknown a
    quarter), rounded half up; an excluded offer scores 0."""
    return percent(sum(r.points for r in reasons), sum(r.possible for r in reasons))


def percent(earned: int, possible: int) -> int:
    return (200 * earned + possible) // (2 * possible) if possible else 0


def ranked(matches: list[Match]) -> list[Match]:
    """Eligible offers first by descending score, then by name; excluded ones by name."""
    return sorted(
        matches, key=lambda m: (not m.eligible, -m.score, name_key(m.offer.name), m.offer.slug)
    )


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    return search_key(name)


# --- The criteria --------------------------------------------------------------------------------
def _reason(key: str, result: str, text: str, *, at_stage: str = "", **params) -> Reason:
    """The reason of criterion `key`, weighted for a cooperation at `at_stage` when given."""
    criterion = CRITERIA_BY_KEY[key]
    weight = criterion.weight_at(at_stage)
    return Reason(
        key,
        result,
        text,
        tuple(params.items()),
        points=weight * VALUE[result],
        possible=4 * weight,
        excludes=result == NOT_MET and criterion.eligibility,
    )


def perimeter_reason(perimeters: tuple, profile: CooperationProfile) -> Reason:
    if not perimeters:
        return UNLOCATED
    if any(ref == NATIONAL for ref, _name in perimeters):
        return NATIONWIDE
    names = Names(perimeters)
    if not profile.commune_ids:
        text = gettext_noop(
            "Le territoire de la coopération n'est pas reconnu ; périmètre de l'offre : %(names)s."
        )
        return _reason("perimeter", UNKNOWN, text, names=names)
    covered = set()
    for ref, _name in perimeters:
        covered |= profile.containers.get(ref, frozenset())
    if len(covered) == len(profile.commune_ids):
        text = gettext_noop("Le territoire de la coopération est dans le périmètre : %(names)s.")
        return _reason("perimeter", MET, text, names=names)
    if covered:
        text = gettext_noop(
            "Le périmètre (%(names)s) couvre %(covered)s des %(total)s communes de la coopération."
        )
        return _reason(
            "perimeter",
            PARTLY_MET,
            text,
            names=names,
            covered=len(covered),
            total=len(profile.commune_ids),
        )
    return _reason(
        "perimeter", NOT_MET, gettext_noop("Hors du périmètre de l'offre : %(names)s."), names=names
    )


@lru_cache(maxsize=4096)
def calendar_reason(status, opens_on, deadline, day) -> Reason:
    if status != OfferStatus.PUBLISHED:
        text = gettext_noop("L'offre n'est pas publiée (%(status)s).")
        return _reason("calendar", NOT_MET, text, status=labels(OfferStatus, {status}))
    if deadline is not None and deadline < day:
        return _reason(
            "calendar", NOT_MET, gettext_noop("Date limite passée : %(date)s."), date=Day(deadline)
        )
    if opens_on is not None and opens_on > day:
        return _reason(
            "calendar",
            NOT_MET,
            gettext_noop("L'offre n'ouvre que le %(date)s."),
            date=Day(opens_on),
        )
    if deadline is not None:
        return _reason(
            "calendar", MET, gettext_noop("Ouverte jusqu'au %(date)s."), date=Day(deadline)
        )
    return _reason("calendar", MET, gettext_noop("Ouverte, sans date limite."))


@lru_cache(maxsize=4096)
def audience_reason(audiences, own: frozenset, leads: tuple) -> Reason:
    if audiences is None:
        return _reason("audience", UNKNOWN, gettext_noop("L'offre ne précise pas son public."))
    wanted = labels(Audience, audiences)
    if own & audiences:
        text = gettext_noop(
            "La forme juridique de la coopération fait partie des publics visés (%(wanted)s)."
        )
        return _reason("audience", MET, text, wanted=wanted)
    if carrying := [name for name, kind in leads if kind in audiences]:
        text = gettext_noop(
            "Un membre porteur peut déposer la demande (%(names)s) ; publics visés : %(wanted)s."
        )
        return _reason("audience", PARTLY_MET, text, names=", ".join(carrying), wanted=wanted)
    if not own and not leads:
        text = gettext_noop(
            "Forme juridique « autre » et aucun membre porteur : impossible de dire si la "
            "coopération fait partie des publics visés (%(wanted)s)."
        )
        return _reason("audience", UNKNOWN, text, wanted=wanted)
    text = gettext_noop("Public non éligible : l'offre vise %(wanted)s.")
    return _reason("audience", NOT_MET, text, wanted=wanted)


@lru_cache(maxsize=1024)
def legal_entity_reason(required, has_entity: bool, leads: tuple) -> Reason:
    if required is None:
        text = gettext_noop("L'offre ne dit pas si une structure juridique est exigée.")
        return _reason("legal_entity", UNKNOWN, text)
    if not required:
        return _reason("legal_entity", MET, gettext_noop("Aucune structure juridique exigée."))
    if has_entity:
        text = gettext_noop("Structure juridique exigée : la coopération en a une.")
        return _reason("legal_entity", MET, text)
    if carrying := [name for name, kind in leads if kind not in KINDS_WITHOUT_ENTITY]:
        text = gettext_noop(
            "Structure juridique exigée : la coopération n'en a pas, un membre porteur peut "
            "déposer la demande (%(names)s)."
        )
        return _reason("legal_entity", PARTLY_MET, text, names=", ".join(carrying))
    text = gettext_noop(
        "Structure juridique exigée : la coopération n'en a pas, ni aucun membre porteur."
    )
    return _reason("legal_entity", NOT_MET, text)


@lru_cache(maxsize=1024)
def stage_reason(stages, stage: str) -> Reason:
    if stages is None:
        return _reason(
            "stage", UNKNOWN, gettext_noop("L'offre ne précise pas les étapes qu'elle vise.")
        )
    if not stage:
        return _reason(
            "stage", UNKNOWN, gettext_noop("L'étape de la coopération n'est pas renseignée.")
        )
    wanted, current = labels(Stage, stages), labels(Stage, {stage})
    if stage in stages:
        return _reason("stage", MET, gettext_noop("Étape visée : %(stage)s."), stage=current)
    position = STAGE_ORDER.index(stage)
    if all(STAGE_ORDER.index(key) < position for key in stages):
        text = gettext_noop(
            "Étapes visées : %(wanted)s ; la coopération les a dépassées (%(stage)s)."
        )
        return _reason("stage", NOT_MET, text, wanted=wanted, stage=current)
    if any(STAGE_ORDER.index(key) - position == 1 for key in stages):
        text = gettext_noop(
            "Étapes visées : %(wanted)s ; la coopération est à l'étape qui précède (%(stage)s)."
        )
        return _reason("stage", PARTLY_MET, text, wanted=wanted, stage=current)
    text = gettext_noop("Étapes visées : %(wanted)s ; la coopération est en %(stage)s.")
    return _reason("stage", NOT_MET, text, wanted=wanted, stage=current)


@lru_cache(maxsize=1024)
def model_reason(models, own: frozenset, cooperation_type: str) -> Reason:
    """Met when one of the models the cooperation refers to is among the offer's."""
    if models is None:
        text = gettext_noop("L'offre ne précise pas les modèles de coopération qu'elle vise.")
        return _reason("cooperation_model", UNKNOWN, text)
    if models >= ALL_MODELS:
        return _reason("cooperation_model", MET, gettext_noop("Tous les modèles de coopération."))
    wanted = labels(CooperationModel, models)
    if shared := own & models:
        label = labels(CooperationModel, shared)
        return _reason(
            "cooperation_model", MET, gettext_noop("Modèle visé : %(model)s."), model=label
        )
    if not own and cooperation_type == CooperationType.MODELLED:
        text = gettext_noop(
            "Le modèle de la coopération n'est pas renseigné ; modèles visés : %(wanted)s."
        )
        return _reason("cooperation_model", UNKNOWN, text, wanted=wanted)
    text = gettext_noop("Modèles visés : %(wanted)s.")
    return _reason("cooperation_model", NOT_MET, text, wanted=wanted)


@lru_cache(maxsize=256)
def economic_model_reason(economic_models, economic_model: str) -> Reason:
    if economic_models is None:
        text = gettext_noop("L'offre ne précise pas les modèles économiques qu'elle vise.")
        return _reason("economic_model", UNKNOWN, text)
    if not economic_model:
        text = gettext_noop("Le modèle économique de la coopération n'est pas renseigné.")
        return _reason("economic_model", UNKNOWN, text)
    wanted = labels(EconomicModel, economic_models)
    if economic_model in economic_models:
        text = gettext_noop("Modèle économique visé : %(wanted)s.")
        return _reason("economic_model", MET, text, wanted=wanted)
    # A hybrid model mixes market and non-market resources: it partly fits either.
    if EconomicModel.HYBRID in (economic_model, *economic_models):
        text = gettext_noop("Modèle hybride d'un côté : l'offre vise %(wanted)s.")
        return _reason("economic_model", PARTLY_MET, text, wanted=wanted)
    text = gettext_noop("Modèles économiques visés : %(wanted)s.")
    return _reason("economic_model", NOT_MET, text, wanted=wanted)


@lru_cache(maxsize=256)
def carrier_reason(carriers, carrier: str) -> Reason:
    if carriers is None:
        return _reason(
            "carrier", UNKNOWN, gettext_noop("L'offre ne précise pas le portage qu'elle vise.")
        )
    if not carrier:
        return _reason(
            "carrier", UNKNOWN, gettext_noop("Le portage de la coopération n'est pas renseigné.")
        )
    wanted = labels(Carrier, carriers)
    if carrier in carriers:
        return _reason("carrier", MET, gettext_noop("Portage visé : %(wanted)s."), wanted=wanted)
    # A mixed carrier is partly institutional and partly citizen.
    if Carrier.MIXED in (carrier, *carriers):
        text = gettext_noop("Portage mixte d'un côté : l'offre vise %(wanted)s.")
        return _reason("carrier", PARTLY_MET, text, wanted=wanted)
    return _reason("carrier", NOT_MET, gettext_noop("Portages visés : %(wanted)s."), wanted=wanted)


@lru_cache(maxsize=4096)
def life_functions_reason(functions, issues: frozenset, block_functions: frozenset) -> Reason:
    if functions is None:
        return _reason(
            "life_functions", UNKNOWN, gettext_noop("L'offre ne précise pas ses thématiques.")
        )
    if functions >= ALL_FUNCTIONS:
        return _reason("life_functions", MET, gettext_noop("Toutes les fonctions de vie."))
    if not issues and not block_functions:
        text = gettext_noop("La coopération n'a pas renseigné ses enjeux.")
        return _reason("life_functions", UNKNOWN, text)
    if shared := issues & functions:
        text = gettext_noop("Enjeux en commun : %(shared)s.")
        return _reason("life_functions", MET, text, shared=labels(LifeFunction, shared))
    if shared := block_functions & functions:
        text = gettext_noop("Une brique de la coopération relève de : %(shared)s.")
        return _reason("life_functions", PARTLY_MET, text, shared=labels(LifeFunction, shared))
    text = gettext_noop("Thématiques de l'offre : %(wanted)s.")
    return _reason("life_functions", NOT_MET, text, wanted=labels(LifeFunction, functions))


@lru_cache(maxsize=1024)
def support_type_reason(types: frozenset, cooperation_type: str) -> Reason:
    needed = SUPPORT_FOR_TYPE.get(cooperation_type, frozenset())
    # An offer that also finances may list only its financing types.
    types = types & SUPPORT_TYPES
    if not types:
        text = gettext_noop("L'offre ne précise pas son type d'accompagnement.")
        return _reason("support_type", UNKNOWN, text)
    if not needed:
        text = gettext_noop("La typologie de la coopération n'est pas renseignée.")
        return _reason("support_type", UNKNOWN, text)
    typology = labels(CooperationType, {cooperation_type}, lower=True)
    if shared := types & needed:
        text = gettext_noop("%(types)s : ce dont une coopération %(typology)s a besoin d'abord.")
        return _reason(
            "support_type", MET, text, types=labels(SupportType, shared), typology=typology
        )
    text = gettext_noop("Une coopération %(typology)s a d'abord besoin de : %(needed)s.")
    return _reason(
        "support_type", NOT_MET, text, typology=typology, needed=labels(SupportType, needed)
    )


@lru_cache(maxsize=64)
def legal_form_created_reason(creates: str, legal_form: str) -> Reason:
    form = labels(CooperationLegalForm, {creates})
    if legal_form == creates:
        text = gettext_noop(
            "L'offre aide à créer une structure de forme %(form)s : la coopération en est déjà une."
        )
        return _reason("legal_form_created", NOT_MET, text, form=form)
    text = gettext_noop("L'offre aide à créer une structure de forme %(form)s.")
    return _reason("legal_form_created", MET, text, form=form)


@lru_cache(maxsize=8)
def animation_reason(funds_animation, stage: str) -> Reason:
    if funds_animation is None:
        text = gettext_noop(
            "L'offre ne dit pas si elle finance l'animation de la coopération, dont elle a besoin."
        )
        return _reason("animation", UNKNOWN, text, at_stage=stage)
    if funds_animation:
        text = gettext_noop("Finance l'animation et la coordination, dont la coopération a besoin.")
        return _reason("animation", MET, text, at_stage=stage)
    text = gettext_noop("Ne finance pas l'animation, dont la coopération a besoin.")
    return _reason("animation", NOT_MET, text, at_stage=stage)


# --- The declaration -----------------------------------------------------------------------------
def _is_support(offer: OfferFacts) -> bool:
    return offer.supports


def _finances(offer: OfferFacts) -> bool:
    return offer.finances


# Every criterion, in the order of the reasons (docs/offers-matching.md lists them with their
# weights; tests/offers/test_docs.py keeps that table true to this one).
CRITERIA = (
    Criterion(
        "perimeter",
        gettext_lazy("Périmètre"),
        weight=2,
        eligibility=True,
        function=lambda offer, profile, _day: perimeter_reason(offer.perimeters, profile),
    ),
    Criterion(
        "calendar",
        gettext_lazy("Calendrier"),
        weight=0,
        eligibility=True,
        function=lambda offer, _profile, day: calendar_reason(
            offer.status, offer.opens_on, offer.deadline, day
        ),
    ),
    Criterion(
        "audience",
        gettext_lazy("Public visé"),
        weight=2,
        eligibility=True,
        function=audience_reason,
        offer_field="audiences",
        profile_fields=("audiences", "leads"),
    ),
    Criterion(
        "legal_entity",
        gettext_lazy("Structure juridique"),
        weight=2,
        eligibility=True,
        function=legal_entity_reason,
        offer_field="legal_entity_required",
        profile_fields=("has_legal_entity", "leads"),
    ),
    Criterion(
        "stage",
        gettext_lazy("Étape"),
        weight=3,
        function=stage_reason,
        offer_field="stages",
        profile_fields=("stage",),
    ),
    Criterion(
        "cooperation_model",
        gettext_lazy("Modèle de coopération"),
        weight=3,
        function=model_reason,
        offer_field="cooperation_models",
        profile_fields=("models", "cooperation_type"),
    ),
    Criterion(
        "economic_model",
        gettext_lazy("Modèle économique"),
        weight=1,
        function=economic_model_reason,
        offer_field="economic_models",
        profile_fields=("economic_model",),
    ),
    Criterion(
        "carrier",
        gettext_lazy("Portage"),
        weight=1,
        function=carrier_reason,
        offer_field="carriers",
        profile_fields=("carrier",),
    ),
    Criterion(
        "life_functions",
        gettext_lazy("Fonctions de vie"),
        weight=3,
        function=life_functions_reason,
        offer_field="life_functions",
        profile_fields=("issues", "block_functions"),
    ),
    Criterion(
        "support_type",
        gettext_lazy("Type d'accompagnement"),
        weight=2,
        function=support_type_reason,
        offer_field="types",
        profile_fields=("cooperation_type",),
        for_offers=_is_support,
    ),
    # Every cooperation needs its internal animation, whatever its type and stage (§002: « pour
    # tout type de coopération on a évidemment besoin d'animation interne à tout stade »): judged
    # for every offer that finances, never switched off by type or stage; weighed more at the
    # start, which the source stresses (« notamment [renforcée] dans l'émergence de la
    # coopération »).
    Criterion(
        "animation",
        gettext_lazy("Financement de l'animation"),
        weight=2,
        function=animation_reason,
        offer_field="funds_animation",
        profile_fields=("stage",),
        for_offers=_finances,
        stage_weights=(("ideation", 3), ("emergence", 3)),
    ),
    # An offer helping to create a legal form (a SCIC) is of no use to a cooperation having it.
    Criterion(
        "legal_form_created",
        gettext_lazy("Forme juridique à créer"),
        weight=2,
        function=legal_form_created_reason,
        offer_field="creates_legal_form",
        profile_fields=("legal_form",),
        for_offers=lambda offer: bool(offer.creates_legal_form),
    ),
)
CRITERIA_BY_KEY = {criterion.key: criterion for criterion in CRITERIA}
UNLOCATED = _reason("perimeter", UNKNOWN, gettext_noop("L'offre ne précise pas son périmètre."))
NATIONWIDE = _reason("perimeter", MET, gettext_noop("Offre ouverte dans toute la France."))
