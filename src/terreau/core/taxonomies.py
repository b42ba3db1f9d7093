"""The shared taxonomies of Terreau, defined once.

Every model, form, API schema, importer and document reads them from here. Keys are stable English
identifiers (they appear in the API and in exported files); labels are French first, translated to
English in `locale/en`. To extend a taxonomy, add a member: nothing else needs to change.
"""

import functools
import re

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from terreau.core.text import search_key


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


class TerritorialIssue(models.TextChoices):
    """Territorial issues (*enjeux*) beyond the life functions, as reusable tags: what the
    Écopôle d'Audruicq takes on (§000: « la relocalisation alimentaire », « la réduction du
    gaspillage »)."""

    FOOD_RELOCATION = "food_relocation", _("Relocalisation alimentaire")
    WASTE_REDUCTION = "waste_reduction", _("Réduction du gaspillage")
    CIRCULAR_ECONOMY = "circular_economy", _("Économie circulaire")
    SOCIAL_INCLUSION = "social_inclusion", _("Insertion sociale et professionnelle")
    LOCAL_EMPLOYMENT = "local_employment", _("Emploi local")
    ENERGY_TRANSITION = "energy_transition", _("Transition énergétique")


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
    FUNDER = "funder", _("Financeur privé (banque, fondation d'entreprise…)")
    # Banque des Territoires, a Région's agency…: public, not private.
    PUBLIC_FUNDER = "public_funder", _("Financeur public (Banque des Territoires, agence…)")
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
    """The known models a *modélisée* cooperation refers to — one or several: « des coopérations
    qui se réfèrent à un ou plusieurs modèles existants par exemple un PTCE [peut] être également
    un tiers-lieu » (§002). The SCIC is a legal form (`CooperationLegalForm.SCIC`), not a model,
    and §002 cites the CAE as a way of pooling means (« la mutualisation de moyens … des
    coopératives d'activité et d'emploi »), not as a model: neither is listed here."""

    PTCE = "ptce", _("Pôle territorial de coopération économique (PTCE)")
    TIERS_LIEU = "tiers_lieu", _("Tiers-lieu")
    PAT = "pat", _("Projet alimentaire territorial (PAT)")
    TZCLD = "tzcld", _("Territoire zéro chômeur de longue durée (TZCLD)")
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


class HeadcountBand(models.TextChoices):
    """Tranche d'effectif salarié of the SIRENE register (INSEE's codes), as the register and the
    API Recherche d'entreprises give it for an establishment."""

    NONE_DECLARED = "NN", _("Non employeur ou effectif non déclaré")
    ZERO = "00", _("0 salarié")
    FROM_1 = "01", _("1 ou 2 salariés")
    FROM_3 = "02", _("3 à 5 salariés")
    FROM_6 = "03", _("6 à 9 salariés")
    FROM_10 = "11", _("10 à 19 salariés")
    FROM_20 = "12", _("20 à 49 salariés")
    FROM_50 = "21", _("50 à 99 salariés")
    FROM_100 = "22", _("100 à 199 salariés")
    FROM_200 = "31", _("200 à 249 salariés")
    FROM_250 = "32", _("250 à 499 salariés")
    FROM_500 = "41", _("500 à 999 salariés")
    FROM_1000 = "42", _("1 000 à 1 999 salariés")
    FROM_2000 = "51", _("2 000 à 4 999 salariés")
    FROM_5000 = "52", _("5 000 à 9 999 salariés")
    FROM_10000 = "53", _("10 000 salariés et plus")


class Stage(models.TextChoices):
    IDEATION = "ideation", _("Idéation")
    EMERGENCE = "emergence", _("Émergence")
    CREATION = "creation", _("Création")
    CONSOLIDATION = "consolidation", _("Consolidation")
    SCALING = "scaling", _("Changement d'échelle")


class CooperationLegalForm(models.TextChoices):
    """The legal vehicle of a cooperation; many start as an informal collective."""

    INFORMAL = "informal", _("Collectif informel")
    AGREEMENT = "agreement", _("Convention entre partenaires (sans structure propre)")
    ASSOCIATION = "association", _("Association")
    SCIC = "scic", _("SCIC")
    SCOP = "scop", _("SCOP")
    COOPERATIVE = "cooperative", _("Autre coopérative")
    COMPANY = "company", _("Société commerciale (SAS, SARL…)")
    GIP = "gip", _("Groupement d'intérêt public (GIP)")
    GIE = "gie", _("Groupement d'intérêt économique (GIE)")
    PUBLIC = "public", _("Structure publique (régie, SPL, SEM…)")
    OTHER = "other", _("Autre")


class MemberRole(models.TextChoices):
    """What an actor does in a cooperation; one actor may hold several roles."""

    LEAD = "lead", _("Porteur")
    OPERATOR = "operator", _("Opérateur")
    PARTNER = "partner", _("Partenaire")
    FUNDER = "funder", _("Financeur privé (banque, fondation d'entreprise…)")
    # Banque des Territoires, a Région's agency…: public, not private.
    PUBLIC_FUNDER = "public_funder", _("Financeur public (Banque des Territoires, agence…)")
    BENEFICIARY = "beneficiary", _("Bénéficiaire")
    LOCAL_AUTHORITY = "local_authority", _("Collectivité partenaire")
    CATALYST = "catalyst", _("Catalyseur / tiers de confiance")
    SUPPORT = "support", _("Accompagnateur")


class RelationKind(models.TextChoices):
    """How two actors are linked (système d'acteurs)."""

    COOPERATION_AGREEMENT = "cooperation_agreement", _("Convention de coopération")
    POOLING = "pooling", _("Mutualisation de moyens")
    FUNDING = "funding", _("Financement")
    STAFF_PROVISION = "staff_provision", _("Mise à disposition de personnel ou de temps")
    CO_PRODUCTION = "co_production", _("Co-production")
    NETWORK_MEMBERSHIP = "network_membership", _("Adhésion à un réseau")
    PUBLIC_PARTNERSHIP = "public_partnership", _("Partenariat public")
    INFORMAL_EXCHANGE = "informal_exchange", _("Échange informel")

    @property
    def directed(self) -> bool:
        """Whether the relation goes from one actor to the other (who funds whom, who lends
        staff to whom, who joins which network); the others are mutual."""
        return self in DIRECTED_RELATION_KINDS


DIRECTED_RELATION_KINDS = frozenset(
    {RelationKind.FUNDING, RelationKind.STAFF_PROVISION, RelationKind.NETWORK_MEMBERSHIP}
)


class StoryTag(models.TextChoices):
    """What a story of the journal tells about the trajectory (évaluation, récit): the small
    victories that feed the pleasure of doing together, the frictions and how they were
    regulated, the turning points."""

    SMALL_VICTORY = "small_victory", _("Petite victoire")
    FRICTION = "friction", _("Friction et sa régulation")
    TURNING_POINT = "turning_point", _("Tournant")


class Sector(models.TextChoices):
    """The four worlds a relation can bridge: cooperation across them is what ECTs are about."""

    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Privé lucratif")
    ESS = "ess", _("ESS")
    CITIZEN = "citizen", _("Citoyen")


SECTOR_OF_KIND = {
    ActorKind.COMPANY: Sector.PRIVATE,
    ActorKind.ESS_COMPANY: Sector.ESS,
    ActorKind.ASSOCIATION: Sector.ESS,
    ActorKind.COOPERATIVE: Sector.ESS,
    ActorKind.MUTUAL: Sector.ESS,
    ActorKind.FOUNDATION: Sector.ESS,
    ActorKind.LOCAL_AUTHORITY: Sector.PUBLIC,
    ActorKind.PUBLIC_BODY: Sector.PUBLIC,
    ActorKind.NETWORK: Sector.ESS,
    ActorKind.FUNDER: Sector.PRIVATE,
    ActorKind.PUBLIC_FUNDER: Sector.PUBLIC,
    ActorKind.RESEARCH: Sector.PUBLIC,
    ActorKind.INFORMAL_GROUP: Sector.CITIZEN,
    ActorKind.INHABITANT: Sector.CITIZEN,
}


def sector_of(kind: str, is_ess: bool = False) -> Sector:
    """An actor's sector from its kind; a private company flagged ESS by SIRENE counts as ESS."""
    sector = SECTOR_OF_KIND[ActorKind(kind)]
    return Sector.ESS if is_ess and sector == Sector.PRIVATE else sector


def stored_members(taxonomy: type[models.TextChoices], text: str) -> list:
    """The members of a set stored by `keys_text`: " food health " → [FOOD, HEALTH]."""
    return [taxonomy(key) for key in text.split()]


def keys_text(taxonomy: type[models.TextChoices], keys) -> str:
    """The stored form of a set of taxonomy keys, in taxonomy order: " food health ", so that
    one LIKE finds the rows holding a key on every database."""
    wanted = set(keys)
    ordered = [member.value for member in taxonomy if member.value in wanted]
    return f" {' '.join(ordered)} " if ordered else ""


TAXONOMIES: dict[str, type[models.TextChoices]] = {
    "life_functions": LifeFunction,
    "territorial_issues": TerritorialIssue,
    "actor_kinds": ActorKind,
    "cooperation_types": CooperationType,
    "cooperation_models": CooperationModel,
    "economic_models": EconomicModel,
    "carriers": Carrier,
    "stages": Stage,
    "cooperation_legal_forms": CooperationLegalForm,
    "member_roles": MemberRole,
    "relation_kinds": RelationKind,
    "sectors": Sector,
    "story_tags": StoryTag,
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


_NOT_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
# Words that join the names of a cell naming several members ("Se soigner et Habiter").
_JOINING_WORDS = {"et", "and"}
# What separates the ways one label names a member: commas, slashes, brackets.
_ALTERNATIVES = re.compile(r"[,/()]")


def label_key(text: str) -> str:
    """A key or label folded for matching what people write: accents, case, punctuation and the
    plural aside ("Collectivités" → "collectivite", "Local authorities" → "local authoritie",
    "social_ties" → "social tie")."""
    folded = search_key(text or "").replace("œ", "oe").replace("æ", "ae")
    return " ".join(_singular(word) for word in _NOT_WORD.sub(" ", folded).split())


def _singular(word: str) -> str:
    """A word without its plural `s` or `x`; an English `y` is written `ie`, as before the
    plural's `s` ("authority" and "authorities" → "authoritie")."""
    if len(word) <= 3:
        return word
    if word[-1] in "sx":
        word = word[:-1]
    return word[:-1] + "ie" if word[-1] == "y" else word


@functools.cache
def _names(taxonomy: type[models.TextChoices]) -> dict[str, str]:
    """Each member's key and French and English labels, folded by `label_key` → its key."""
    names, alternatives = {}, {}
    for member in taxonomy:
        names[label_key(member.value)] = member.value
        for language in ("fr", "en"):
            with translation.override(language):
                label = str(member.label)
            names[label_key(label)] = member.value
            # A label naming one thing in several ways ("Se nourrir, s'alimenter", "Se relier
            # (lien social)"): each way names it too, unless another member's label shares it.
            for part in _ALTERNATIVES.split(label):
                if part.strip():
                    alternatives.setdefault(label_key(part), set()).add(member.value)
    for name, keys in alternatives.items():
        if len(keys) == 1 and name:
            names.setdefault(name, next(iter(keys)))
    return names


def taxonomy_member(taxonomy: type[models.TextChoices], text: str):
    """The member that `text` names by its key or its French or English label (see `label_key`),
    or None."""
    key = _names(taxonomy).get(label_key(text))
    return None if key is None else taxonomy(key)


def taxonomy_members(taxonomy: type[models.TextChoices], text: str) -> tuple[list, str]:
    """The members a cell names, separated by anything ("food | Se soigner, Habiter"), in
    taxonomy order, and the words of the cell, as written, that name none ("" when every word
    was understood). Labels may hold commas ("Se nourrir, s'alimenter"), so names are taken out
    longest first."""
    words = _WORD.findall(text or "")
    folded = [label_key(word) for word in words]
    used = [False] * len(words)
    found = set()
    names = sorted(_names(taxonomy).items(), key=lambda item: (-item[0].count(" "), -len(item[0])))
    for name, key in names:
        parts = name.split()
        for start in range(len(words) - len(parts) + 1):
            end = start + len(parts)
            if folded[start:end] == parts and not any(used[start:end]):
                used[start:end] = [True] * len(parts)
                found.add(key)
    unknown = [
        word
        for word, key, taken in zip(words, folded, used, strict=True)
        if not taken and key not in _JOINING_WORDS
    ]
    return [member for member in taxonomy if member.value in found], " ".join(unknown)


def accepted_values(taxonomy: type[models.TextChoices]) -> str:
    """What a file may write for a taxonomy, for error messages: each label in the active
    language with its key, "Se soigner (health); Habiter (housing); …"."""
    return "; ".join(f"{member.label} ({member.value})" for member in taxonomy)
