"""The taxonomies of the offer catalogue (the shared ones — stages, cooperation models, economic
models, carriers, actor kinds, life functions — come from `terreau.core.taxonomies`).

Keys are stable English identifiers (API, import files, exports); labels are French, translated in
`locale/en`. They are listed by `/api/v1/taxonomies` through `core.taxonomies.TAXONOMIES`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from terreau.core.taxonomies import ActorKind, CooperationLegalForm


class OfferKind(models.TextChoices):
    SUPPORT = "support", _("Accompagnement")
    FINANCING = "financing", _("Financement")


class SupportType(models.TextChoices):
    """Kinds of accompagnement."""

    PEER_SUPPORT = "peer_support", _("Accompagnement par les pairs et les réseaux")
    TRUSTED_THIRD_PARTY = "trusted_third_party", _("Tiers de confiance / facilitation")
    DLA = "dla", _("Dispositif local d'accompagnement (DLA)")
    INCUBATION = "incubation", _("Incubation")
    FABRIQUE = "fabrique", _("Fabrique à initiatives")
    STRATEGIC_ENGINEERING = "strategic_engineering", _("Ingénierie stratégique")
    # What a systemic cooperation needs (§002): « une animation territoriale, un maillage
    # d'acteurs, un appui stratégique ».
    TERRITORIAL_ANIMATION = (
        "territorial_animation",
        _("Animation territoriale, maillage entre acteurs, appui stratégique"),
    )
    LEGAL_ENGINEERING = "legal_engineering", _("Ingénierie juridique")
    FINANCIAL_ENGINEERING = "financial_engineering", _("Ingénierie financière")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    TRAINING = "training", _("Formation")


class FinancingType(models.TextChoices):
    """Kinds of financing."""

    GRANT = "grant", _("Subvention")
    MULTI_YEAR_AGREEMENT = "multi_year_agreement", _("Convention pluriannuelle")
    CALL_FOR_PROJECTS = "call_for_projects", _("Appel à projets")
    LOAN = "loan", _("Prêt")
    HONOUR_LOAN = "honour_loan", _("Prêt d'honneur")
    GUARANTEE = "guarantee", _("Garantie")
    RECOVERABLE_ADVANCE = "recoverable_advance", _("Avance remboursable")
    PATIENT_CAPITAL = "patient_capital", _("Capital patient et titres participatifs")
    SEED_FUND = "seed_fund", _("Fonds d'amorçage / d'impulsion")
    MATCHED_CROWDFUNDING = "matched_crowdfunding", _("Financement participatif abondé")
    SPONSORSHIP = "sponsorship", _("Mécénat")
    ENDOWMENT_FUND = "endowment_fund", _("Fonds de dotation")
    PARTICIPATORY_BUDGET = "participatory_budget", _("Budget participatif")


# The types an offer of each kind may have.
TYPES_OF_KIND: dict[str, type[models.TextChoices]] = {
    OfferKind.SUPPORT: SupportType,
    OfferKind.FINANCING: FinancingType,
}


def type_taxonomies(kind: str, both_kinds: bool) -> list[type[models.TextChoices]]:
    """The taxonomies an offer's types come from: its kind's, and the other kind's too when it
    supports and finances (`both_kinds`); the main kind's first."""
    if kind not in TYPES_OF_KIND:
        return []
    main = TYPES_OF_KIND[kind]
    if not both_kinds:
        return [main]
    return [main] + [taxonomy for taxonomy in TYPES_OF_KIND.values() if taxonomy is not main]


def types_text(kind: str, both_kinds: bool, keys) -> str:
    """The stored form of an offer's types (" dla seed_fund "), in the taxonomies' order."""
    wanted = set(keys)
    ordered = [
        member.value
        for taxonomy in type_taxonomies(kind, both_kinds)
        for member in taxonomy
        if member.value in wanted
    ]
    return f" {' '.join(ordered)} " if ordered else ""


class Recurrence(models.TextChoices):
    ONE_OFF = "one_off", _("Ponctuelle")
    ONGOING = "ongoing", _("Permanente")
    RECURRING = "recurring", _("Récurrente")


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    ARCHIVED = "archived", _("Archivée")


# Targeted audiences: the actor kinds (informal collectives included), plus the SCIC, which many
# offers name apart from other cooperatives.
Audience = models.TextChoices(
    "Audience",
    [(member.name, (member.value, member.label)) for member in ActorKind]
    + [("SCIC", ("scic", _("Société coopérative d'intérêt collectif (SCIC)")))],
)
Audience.__doc__ = "Public visé: the actor kinds, and the SCIC."

# The audiences a cooperation belongs to, from its legal form (for matching): a SCIC is also a
# cooperative, an informal collective or a bare agreement between partners is an informal group.
AUDIENCES_OF_LEGAL_FORM: dict[str, tuple[str, ...]] = {
    CooperationLegalForm.INFORMAL: (ActorKind.INFORMAL_GROUP,),
    CooperationLegalForm.AGREEMENT: (ActorKind.INFORMAL_GROUP,),
    CooperationLegalForm.ASSOCIATION: (ActorKind.ASSOCIATION, ActorKind.ESS_COMPANY),
    CooperationLegalForm.SCIC: ("scic", ActorKind.COOPERATIVE, ActorKind.ESS_COMPANY),
    CooperationLegalForm.SCOP: (ActorKind.COOPERATIVE, ActorKind.ESS_COMPANY),
    CooperationLegalForm.COOPERATIVE: (ActorKind.COOPERATIVE, ActorKind.ESS_COMPANY),
    CooperationLegalForm.COMPANY: (ActorKind.COMPANY,),
    CooperationLegalForm.GIP: (ActorKind.PUBLIC_BODY,),
    CooperationLegalForm.GIE: (ActorKind.COMPANY,),
    CooperationLegalForm.PUBLIC: (ActorKind.PUBLIC_BODY, ActorKind.LOCAL_AUTHORITY),
    CooperationLegalForm.OTHER: (),
}
# Legal forms that are no legal entity (an offer requiring one excludes them).
LEGAL_FORMS_WITHOUT_ENTITY = frozenset(
    {CooperationLegalForm.INFORMAL, CooperationLegalForm.AGREEMENT}
)

OFFER_TAXONOMIES: dict[str, type[models.TextChoices]] = {
    "offer_kinds": OfferKind,
    "support_types": SupportType,
    "financing_types": FinancingType,
    "offer_recurrences": Recurrence,
    "offer_statuses": OfferStatus,
    "offer_audiences": Audience,
}
