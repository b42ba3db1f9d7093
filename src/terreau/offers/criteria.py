"""The matching rule: how one offer fits one cooperation, criterion by criterion
(docs/offers-matching.md).

Pure functions over plain values (no database): `evaluate(offer, profile, day)` returns a `Match`
with one `Reason` per criterion — met, partly met, not met, or unknown (the offer does not say, or
the cooperation lacks the information) — and a score from 0 to 100. An offer is excluded when one
of the eligibility criteria (perimeter, calendar, audience, legal entity) is not met; the other
criteria measure how well it fits. The criteria that do not depend on the territory are memoised
on their inputs (a few stored texts and keys), so that matching thousands of cooperations against
thousands of offers evaluates each distinct combination once.
"""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from terreau.core.taxonomies import (
    ActorKind,
    Carrier,
    CooperationModel,
    CooperationType,
    EconomicModel,
    LifeFunction,
    Stage,
)
from terreau.core.text import search_key
from terreau.offers.models import NATIONAL
from terreau.offers.taxonomies import (
    AUDIENCES_OF_LEGAL_FORM,
    LEGAL_FORMS_WITHOUT_ENTITY,
    Audience,
    OfferKind,
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
WEIGHTS = {
    "perimeter": 2,
    "calendar": 0,
    "audience": 2,
    "legal_entity": 2,
    "stage": 3,
    "cooperation_model": 3,
    "economic_model": 1,
    "carrier": 1,
    "life_functions": 3,
    "support_type": 2,
    "animation": 2,
}
# An offer is excluded when one of these is not met.
ELIGIBILITY = ("perimeter", "calendar", "audience", "legal_entity")
CRITERIA = tuple(WEIGHTS)
CRITERION_LABELS = {
    "perimeter": gettext_lazy("Périmètre"),
    "calendar": gettext_lazy("Calendrier"),
    "audience": gettext_lazy("Public visé"),
    "legal_entity": gettext_lazy("Structure juridique"),
    "stage": gettext_lazy("Étape"),
    "cooperation_model": gettext_lazy("Modèle de coopération"),
    "economic_model": gettext_lazy("Modèle économique"),
    "carrier": gettext_lazy("Portage"),
    "life_functions": gettext_lazy("Fonctions de vie"),
    "support_type": gettext_lazy("Type d'accompagnement"),
    "animation": gettext_lazy("Financement de l'animation"),
}
# What each typology of cooperation needs first (DOMAIN.md, typologie des coopérations): a
# modelled one its peers and network, a non-modelled one a trusted third party, a systemic one
# territorial animation and strategic support.
SUPPORT_FOR_TYPE = {
    CooperationType.MODELLED: frozenset({SupportType.PEER_SUPPORT}),
    CooperationType.NON_MODELLED: frozenset({SupportType.TRUSTED_THIRD_PARTY}),
    CooperationType.SYSTEMIC_THEMATIC: frozenset(
        {SupportType.TRUSTED_THIRD_PARTY, SupportType.STRATEGIC_ENGINEERING}
    ),
    CooperationType.SYSTEMIC_GENERALIST: frozenset(
        {SupportType.TRUSTED_THIRD_PARTY, SupportType.STRATEGIC_ENGINEERING}
    ),
}
# Who needs its animation (coordination) funded: cooperations that are not modelled or are
# systemic, and any cooperation still being imagined or emerging.
ANIMATION_TYPES = frozenset(
    {
        CooperationType.NON_MODELLED,
        CooperationType.SYSTEMIC_THEMATIC,
        CooperationType.SYSTEMIC_GENERALIST,
    }
)
ANIMATION_STAGES = frozenset({Stage.IDEATION, Stage.EMERGENCE})
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
        return str(CRITERION_LABELS[self.criterion])

    @property
    def result_label(self) -> str:
        return str(RESULT_LABELS[self.result])

    def as_dict(self) -> dict:
        return {"criterion": self.criterion, "result": self.result, "detail": self.detail}


@dataclass(frozen=True)
class OfferFacts:
    """What matching reads of an offer. Sets are None when the offer does not say."""

    id: int
    slug: str
    name: str
    kind: str
    types: frozenset
    audiences: frozenset | None
    stages: frozenset | None
    cooperation_models: frozenset | None
    economic_models: frozenset | None
    carriers: frozenset | None
    life_functions: frozenset | None
    legal_entity_required: bool | None
    funds_animation: bool | None
    status: str
    opens_on: datetime.date | None
    deadline: datetime.date | None
    # (ref, name) of each perimeter row; empty when unknown.
    perimeters: tuple = ()


@dataclass
class CooperationProfile:
    """What matching reads of a cooperation."""

    id: int
    slug: str
    name: str
    cooperation_type: str
    model: str
    economic_model: str
    carrier: str
    stage: str
    legal_form: str
    issues: frozenset
    block_functions: frozenset
    # (name, kind) of its active members holding the lead role (porteur), sorted.
    leads: tuple
    commune_ids: frozenset
    # Each territory reference holding some of its communes → those communes' ids.
    containers: dict = field(default_factory=dict)

    @property
    def audiences(self) -> frozenset:
        return frozenset(AUDIENCES_OF_LEGAL_FORM.get(self.legal_form, ()))

    @property
    def has_legal_entity(self) -> bool:
        return bool(self.legal_form) and self.legal_form not in LEGAL_FORMS_WITHOUT_ENTITY

    @property
    def needs_animation(self) -> bool:
        return self.cooperation_type in ANIMATION_TYPES or self.stage in ANIMATION_STAGES


@dataclass
class Match:
    offer: OfferFacts
    eligible: bool
    score: int
    reasons: list[Reason]

    @property
    def exclusions(self) -> list[Reason]:
        return [r for r in self.reasons if r.criterion in ELIGIBILITY and r.result == NOT_MET]

    def as_dict(self) -> dict:
        return {
            "offer": self.offer.slug,
            "name": self.offer.name,
            "kind": self.offer.kind,
            "eligible": self.eligible,
            "score": self.score,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


def evaluate(offer: OfferFacts, profile: CooperationProfile, day: datetime.date) -> Match:
    """The match of one offer with one cooperation on `day`."""
    reasons = [
        perimeter_reason(offer.perimeters, profile),
        calendar_reason(offer.status, offer.opens_on, offer.deadline, day),
        audience_reason(offer.audiences, profile.audiences, profile.leads),
        legal_entity_reason(offer.legal_entity_required, profile.has_legal_entity, profile.leads),
        stage_reason(offer.stages, profile.stage),
        model_reason(offer.cooperation_models, profile.model, profile.cooperation_type),
        economic_model_reason(offer.economic_models, profile.economic_model),
        carrier_reason(offer.carriers, profile.carrier),
        life_functions_reason(offer.life_functions, profile.issues, profile.block_functions),
    ]
    if offer.kind == OfferKind.SUPPORT:
        reasons.append(support_type_reason(offer.types, profile.cooperation_type))
    elif profile.needs_animation:
        reasons.append(animation_reason(offer.funds_animation))
    earned = possible = 0
    eligible = True
    for reason in reasons:
        earned += reason.points
        possible += reason.possible
        if reason.excludes:
            eligible = False
    return Match(offer, eligible, percent(earned, possible) if eligible else 0, reasons)


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
@dataclass(frozen=True)
class Labels:
    """Taxonomy keys shown as their labels in the active language, in taxonomy order."""

    taxonomy: type
    keys: frozenset
    lower: bool = False

    def __str__(self) -> str:
        text = ", ".join(str(m.label) for m in self.taxonomy if m.value in self.keys)
        return text.lower() if self.lower else text


@dataclass(frozen=True)
class Names:
    """The names of an offer's perimeter rows, joined when shown."""

    perimeters: tuple

    def __str__(self) -> str:
        return ", ".join(name for _ref, name in self.perimeters)


@dataclass(frozen=True)
class Day:
    day: datetime.date

    def __str__(self) -> str:
        return formats.date_format(self.day, "SHORT_DATE_FORMAT")


def _labels(taxonomy, keys, lower: bool = False) -> Labels:
    return Labels(taxonomy, frozenset(keys), lower)


def _reason(criterion: str, result: str, text: str, **params) -> Reason:
    weight = WEIGHTS[criterion]
    return Reason(
        criterion,
        result,
        text,
        tuple(params.items()),
        points=weight * VALUE[result],
        possible=4 * weight,
        excludes=result == NOT_MET and criterion in ELIGIBILITY,
    )


UNLOCATED = _reason("perimeter", UNKNOWN, gettext_noop("L'offre ne précise pas son périmètre."))
NATIONWIDE = _reason("perimeter", MET, gettext_noop("Offre ouverte dans toute la France."))


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
        return _reason("calendar", NOT_MET, text, status=_labels(OfferStatus, {status}))
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
    wanted = _labels(Audience, audiences)
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
    wanted, current = _labels(Stage, stages), _labels(Stage, {stage})
    if stage in stages:
        return _reason("stage", MET, gettext_noop("Étape visée : %(stage)s."), stage=current)
    position = STAGE_ORDER.index(stage)
    if any(abs(STAGE_ORDER.index(key) - position) == 1 for key in stages):
        text = gettext_noop(
            "Étapes visées : %(wanted)s ; la coopération est à l'étape voisine (%(stage)s)."
        )
        return _reason("stage", PARTLY_MET, text, wanted=wanted, stage=current)
    text = gettext_noop("Étapes visées : %(wanted)s ; la coopération est en %(stage)s.")
    return _reason("stage", NOT_MET, text, wanted=wanted, stage=current)


@lru_cache(maxsize=1024)
def model_reason(models, model: str, cooperation_type: str) -> Reason:
    if models is None:
        text = gettext_noop("L'offre ne précise pas les modèles de coopération qu'elle vise.")
        return _reason("cooperation_model", UNKNOWN, text)
    if models >= ALL_MODELS:
        return _reason("cooperation_model", MET, gettext_noop("Tous les modèles de coopération."))
    wanted = _labels(CooperationModel, models)
    if model and model in models:
        label = _labels(CooperationModel, {model})
        return _reason(
            "cooperation_model", MET, gettext_noop("Modèle visé : %(model)s."), model=label
        )
    if not model and cooperation_type == CooperationType.MODELLED:
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
    wanted = _labels(EconomicModel, economic_models)
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
    wanted = _labels(Carrier, carriers)
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
        return _reason("life_functions", MET, text, shared=_labels(LifeFunction, shared))
    if shared := block_functions & functions:
        text = gettext_noop("Une brique de la coopération relève de : %(shared)s.")
        return _reason("life_functions", PARTLY_MET, text, shared=_labels(LifeFunction, shared))
    text = gettext_noop("Thématiques de l'offre : %(wanted)s.")
    return _reason("life_functions", NOT_MET, text, wanted=_labels(LifeFunction, functions))


@lru_cache(maxsize=1024)
def support_type_reason(types: frozenset, cooperation_type: str) -> Reason:
    needed = SUPPORT_FOR_TYPE.get(cooperation_type, frozenset())
    if not types:
        text = gettext_noop("L'offre ne précise pas son type d'accompagnement.")
        return _reason("support_type", UNKNOWN, text)
    if not needed:
        text = gettext_noop("La typologie de la coopération n'est pas renseignée.")
        return _reason("support_type", UNKNOWN, text)
    typology = _labels(CooperationType, {cooperation_type}, lower=True)
    if shared := types & needed:
        text = gettext_noop("%(types)s : ce dont une coopération %(typology)s a besoin d'abord.")
        return _reason(
            "support_type", MET, text, types=_labels(SupportType, shared), typology=typology
        )
    text = gettext_noop("Une coopération %(typology)s a d'abord besoin de : %(needed)s.")
    return _reason(
        "support_type", NOT_MET, text, typology=typology, needed=_labels(SupportType, needed)
    )


@lru_cache(maxsize=8)
def animation_reason(funds_animation) -> Reason:
    if funds_animation is None:
        text = gettext_noop(
            "L'offre ne dit pas si elle finance l'animation de la coopération, dont elle a besoin."
        )
        return _reason("animation", UNKNOWN, text)
    if funds_animation:
        text = gettext_noop("Finance l'animation et la coordination, dont la coopération a besoin.")
        return _reason("animation", MET, text)
    text = gettext_noop("Ne finance pas l'animation, dont la coopération a besoin.")
    return _reason("animation", NOT_MET, text)
