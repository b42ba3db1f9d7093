"""The taxonomies of the economic model, defined once and read by models, forms, the API, the
interchange schema, the XLSX export and the docs. Keys are stable English identifiers; labels are
French first, translated in `locale/en`. They are listed by `/api/v1/taxonomies` with the shared
ones (registered in `EconomyConfig.ready`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceFamily(models.TextChoices):
    """The five families of resources of a hybrid socio-economic model."""

    MARKET = "market", _("Ressources marchandes")
    MEMBERS = "members", _("Contributions des membres")
    PUBLIC = "public", _("Ressources publiques")
    PHILANTHROPIC = "philanthropic", _("Ressources philanthropiques et citoyennes")
    USEFUL_EFFECTS = "useful_effects", _("Effets utiles")


class ResourceCategory(models.TextChoices):
    """One taxonomy of resource categories; each belongs to one family (`FAMILY_OF_CATEGORY`)."""

    SALES = "sales", _("Ventes")
    SERVICES = "services", _("Prestations de services")
    PAY_WHAT_YOU_CAN = "pay_what_you_can", _("Prix libre, participation libre")
    TRAINING_FEES = "training_fees", _("Formations et ateliers payants")
    MEMBER_CONTRIBUTIONS = "member_contributions", _("Contributions financières des membres")
    MEMBER_TIME = "member_time", _("Temps de travail mis à disposition par les membres")
    MEMBER_IN_KIND = "member_in_kind", _("Apports en nature des membres (locaux, matériel)")
    PUBLIC_MULTI_YEAR = "public_multi_year", _("Convention publique pluriannuelle")
    PUBLIC_ANNUAL_SUBSIDY = "public_annual_subsidy", _("Subvention publique annuelle")
    PUBLIC_CALL_FOR_PROJECTS = (
        "public_call_for_projects",
        _("Appel à projets ou à manifestation d'intérêt public (AAP, AMI)"),
    )
    FOUNDATION = "foundation", _("Fondations")
    CORPORATE_SPONSORSHIP = "corporate_sponsorship", _("Mécénat d'entreprise financier")
    SKILLS_SPONSORSHIP = "skills_sponsorship", _("Mécénat de compétences")
    DONATIONS = "donations", _("Dons")
    CROWDFUNDING = "crowdfunding", _("Financement participatif")
    VOLUNTEERING = "volunteering", _("Bénévolat valorisé")
    USEFUL_EFFECT_CONTRIBUTION = (
        "useful_effect_contribution",
        _("Contribution d'un tiers bénéficiaire d'effets utiles"),
    )

    @property
    def family(self) -> ResourceFamily:
        return FAMILY_OF_CATEGORY[self]


FAMILY_OF_CATEGORY = {
    ResourceCategory.SALES: ResourceFamily.MARKET,
    ResourceCategory.SERVICES: ResourceFamily.MARKET,
    ResourceCategory.PAY_WHAT_YOU_CAN: ResourceFamily.MARKET,
    ResourceCategory.TRAINING_FEES: ResourceFamily.MARKET,
    ResourceCategory.MEMBER_CONTRIBUTIONS: ResourceFamily.MEMBERS,
    ResourceCategory.MEMBER_TIME: ResourceFamily.MEMBERS,
    ResourceCategory.MEMBER_IN_KIND: ResourceFamily.MEMBERS,
    ResourceCategory.PUBLIC_MULTI_YEAR: ResourceFamily.PUBLIC,
    ResourceCategory.PUBLIC_ANNUAL_SUBSIDY: ResourceFamily.PUBLIC,
    ResourceCategory.PUBLIC_CALL_FOR_PROJECTS: ResourceFamily.PUBLIC,
    ResourceCategory.FOUNDATION: ResourceFamily.PHILANTHROPIC,
    ResourceCategory.CORPORATE_SPONSORSHIP: ResourceFamily.PHILANTHROPIC,
    ResourceCategory.SKILLS_SPONSORSHIP: ResourceFamily.PHILANTHROPIC,
    ResourceCategory.DONATIONS: ResourceFamily.PHILANTHROPIC,
    ResourceCategory.CROWDFUNDING: ResourceFamily.PHILANTHROPIC,
    ResourceCategory.VOLUNTEERING: ResourceFamily.PHILANTHROPIC,
    ResourceCategory.USEFUL_EFFECT_CONTRIBUTION: ResourceFamily.USEFUL_EFFECTS,
}


class ResourceForm(models.TextChoices):
    MONEY = "money", _("Argent")
    IN_KIND = "in_kind", _("En nature (valorisé)")
    TIME = "time", _("Temps (heures × valeur horaire)")


class FundingMode(models.TextChoices):
    MULTI_YEAR_CONVENTION = "multi_year_convention", _("Convention pluriannuelle")
    ANNUAL_SUBSIDY = "annual_subsidy", _("Subvention annuelle")
    CALL_FOR_PROJECTS = "call_for_projects", _("Appel à projets (AAP, AMI)")
    OTHER = "other", _("Autre (vente, contribution, don…)")


# A public category says how the money comes: the line's funding mode must agree with it.
FUNDING_MODE_OF_CATEGORY = {
    ResourceCategory.PUBLIC_MULTI_YEAR: FundingMode.MULTI_YEAR_CONVENTION,
    ResourceCategory.PUBLIC_ANNUAL_SUBSIDY: FundingMode.ANNUAL_SUBSIDY,
    ResourceCategory.PUBLIC_CALL_FOR_PROJECTS: FundingMode.CALL_FOR_PROJECTS,
}


class Earmark(models.TextChoices):
    """What a resource is reserved for (affectation), when it is."""

    ANIMATION = "animation", _("Animation et coordination de la coopération")
    INVESTMENT = "investment", _("Investissement")
    ACTION = "action", _("Une action précise")


class ResourceStatus(models.TextChoices):
    EXPECTED = "expected", _("prévue")
    AGREED = "agreed", _("accordée")
    RECEIVED = "received", _("reçue")


# Only these count in the indicators, unless expected lines are asked for.
CONFIRMED_STATUSES = (ResourceStatus.AGREED, ResourceStatus.RECEIVED)


class CostCategory(models.TextChoices):
    ANIMATION = "animation", _("Fonction d'animation et de coordination")
    STAFF = "staff", _("Personnel des activités")
    PREMISES = "premises", _("Locaux et charges")
    PURCHASES = "purchases", _("Achats et marchandises")
    EQUIPMENT = "equipment", _("Équipement et investissement")
    EXTERNAL_SERVICES = "external_services", _("Prestations extérieures")
    OTHER = "other", _("Autres charges")


class EffectType(models.TextChoices):
    """Kinds of useful effects (*effets utiles*) for third parties; each suggests the third
    parties typically concerned (economy/data/effect_third_parties.csv)."""

    HEALTH = "health", _("Santé et prévention")
    PARENTING_FAMILY = "parenting_family", _("Parentalité et famille")
    EMPLOYMENT_INSERTION = "employment_insertion", _("Emploi et insertion")
    SOCIAL_SUPPORT = "social_support", _("Solidarité et action sociale")
    ENVIRONMENT = "environment", _("Environnement, énergie, déchets")
    SAVINGS = "savings", _("Économies partagées")
    OTHER = "other", _("Autre effet")


class EvidenceLevel(models.TextChoices):
    HYPOTHESIS = "hypothesis", _("hypothèse")
    OBSERVED = "observed", _("observé")
    MEASURED = "measured", _("mesuré")
    INDEPENDENTLY_EVALUATED = "independently_evaluated", _("évalué de façon indépendante")


class ContributionStatus(models.TextChoices):
    IDENTIFIED = "identified", _("identifié")
    IN_DISCUSSION = "in_discussion", _("en discussion")
    AGREED = "agreed", _("accordé")
    PAID = "paid", _("versé")


ECONOMY_TAXONOMIES: dict[str, type[models.TextChoices]] = {
    "resource_families": ResourceFamily,
    "resource_categories": ResourceCategory,
    "resource_forms": ResourceForm,
    "funding_modes": FundingMode,
    "earmarks": Earmark,
    "resource_statuses": ResourceStatus,
    "cost_categories": CostCategory,
    "effect_types": EffectType,
    "evidence_levels": EvidenceLevel,
    "contribution_statuses": ContributionStatus,
}
