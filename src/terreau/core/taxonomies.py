"""The shared taxonomies of Terreau, defined once.

Every model, form, API schema, importer and document reads them from here. Keys are stable English
identifiers (they appear in the API and in exported files); labels are French first, translated to
English in `locale/en`. To extend a taxonomy, add a member: nothing else needs to change.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class LifeFunction(models.TextChoices):
    """Fonctions de vie: what a territory must provide to the people who live there."""

    FOOD = "food", _("Se nourrir, s'alimenter")
    HEALTH = "health", _("Se soigner")
    HOUSING = "housing", _("Habiter")
    MOBILITY = "mobility", _("Se déplacer")
    LEARNING = "learning", _("Se former, apprendre")
    WORK = "work", _("Travailler")
    CULTURE = "culture", _("Se cultiver, loisirs")
    SOCIAL_TIES = "social_ties", _("Se relier (lien social)")
    ENVIRONMENT = (
        "environment",
        _("Vivre dans un environnement sain (énergie, déchets, biodiversité)"),
    )


class ActorKind(models.TextChoices):
    COMPANY = "company", _("Entreprise")
    ESS_COMPANY = "ess_company", _("Entreprise de l'ESS")
    ASSOCIATION = "association", _("Association")
    COOPERATIVE = "cooperative", _("Coopérative")
    MUTUAL = "mutual", _("Mutuelle")
    FOUNDATION = "foundation", _("Fondation")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité")
    PUBLIC_BODY = "public_body", _("Service de l'État / établissement public")
    NETWORK = "network", _("Réseau / tête de réseau")
    FUNDER = "funder", _("Financeur")
    RESEARCH = "research", _("Université / recherche")
    INFORMAL_GROUP = "informal_group", _("Collectif citoyen / informel")
    INHABITANT = "inhabitant", _("Habitant")


class CooperationType(models.TextChoices):
    """Typologie des coopérations: whether the cooperation follows a known model."""

    MODELLED = "modelled", _("Modélisée")
    NON_MODELLED = "non_modelled", _("Non modélisée")
    SYSTEMIC_THEMATIC = "systemic_thematic", _("Systémique thématique")
    SYSTEMIC_GENERALIST = "systemic_generalist", _("Systémique généraliste")


class CooperationModel(models.TextChoices):
    """The known models a *modélisée* cooperation refers to."""

    PTCE = "ptce", _("Pôle territorial de coopération économique (PTCE)")
    TIERS_LIEU = "tiers_lieu", _("Tiers-lieu")
    PAT = "pat", _("Projet alimentaire territorial (PAT)")
    TZCLD = "tzcld", _("Territoire zéro chômeur de longue durée (TZCLD)")
    SCIC = "scic", _("Société coopérative d'intérêt collectif (SCIC)")
    CAE = "cae", _("Coopérative d'activité et d'emploi (CAE)")
    AMAP = "amap", _("AMAP")
    COOPERATIVE_SUPERMARKET = "cooperative_supermarket", _("Supermarché coopératif")
    SOLIDARITY_GARAGE = "solidarity_garage", _("Garage solidaire")
    RESSOURCERIE = "ressourcerie", _("Ressourcerie / recyclerie")
    OTHER = "other", _("Autre modèle")


class EconomicModel(models.TextChoices):
    MARKET = "market", _("Marchande")
    NON_MARKET = "non_market", _("Non marchande")
    HYBRID = "hybrid", _("Hybride")


class Carrier(models.TextChoices):
    """Portage: who carries the cooperation."""

    INSTITUTIONAL = "institutional", _("Institutionnel")
    CITIZEN = "citizen", _("Citoyen")
    MIXED = "mixed", _("Mixte")


class Stage(models.TextChoices):
    IDEATION = "ideation", _("Idéation")
    EMERGENCE = "emergence", _("Émergence")
    CREATION = "creation", _("Création")
    CONSOLIDATION = "consolidation", _("Consolidation")
    SCALING = "scaling", _("Changement d'échelle")


TAXONOMIES: dict[str, type[models.TextChoices]] = {
    "life_functions": LifeFunction,
    "actor_kinds": ActorKind,
    "cooperation_types": CooperationType,
    "cooperation_models": CooperationModel,
    "economic_models": EconomicModel,
    "carriers": Carrier,
    "stages": Stage,
}


def taxonomy_entries(taxonomy: type[models.TextChoices]) -> list[dict[str, str]]:
    """Each member as `{"key", "label_fr", "label_en"}`, whatever the active language."""
    entries = []
    for member in taxonomy:
        labels = {}
        for language in ("fr", "en"):
            with translation.override(language):
                labels[f"label_{language}"] = str(member.label)
        entries.append({"key": member.value, **labels})
    return entries
