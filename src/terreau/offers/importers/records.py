"""Our offer file fields (JSON keys, CSV columns and the other names a column may have), the
words and patterns the readers accept, and the records they produce."""

import re
from dataclasses import dataclass, field

from terreau.offers.models import Offer

# Our file fields (JSON keys, CSV columns) and the other names a CSV column may have.
FILE_FIELDS = {
    "id": ["id", "identifiant"],
    "name": ["name", "nom"],
    "description": ["description"],
    "kind": ["kind", "nature"],
    "both_kinds": ["both_kinds", "accompagne et finance"],
    "types": ["types", "type"],
    "providers": ["providers", "porteurs"],
    "funders": ["funders", "financeurs"],
    "perimeter": ["perimeter", "perimetre", "perimetres"],
    "audiences": ["audiences", "publics", "publics vises"],
    "stages": ["stages", "etapes"],
    "cooperation_models": ["cooperation_models", "modeles de cooperation"],
    "economic_models": ["economic_models", "modeles economiques"],
    "carriers": ["carriers", "portages"],
    "life_functions": ["life_functions", "fonctions de vie"],
    "legal_entity_required": ["legal_entity_required", "structure juridique exigee"],
    "funds_animation": ["funds_animation", "finance l animation"],
    "ecological_transition": ["ecological_transition", "transition ecologique"],
    "creates_legal_form": ["creates_legal_form", "forme juridique creee"],
    "eligibility_note": ["eligibility_note", "autres conditions"],
    "amount_min": ["amount_min", "montant minimum"],
    "amount_max": ["amount_max", "montant maximum"],
    "rate_min": ["rate_min", "taux minimum"],
    "rate_max": ["rate_max", "taux maximum"],
    "duration_months": ["duration_months", "duree mois"],
    "recurrence": ["recurrence"],
    "is_call_for_projects": ["is_call_for_projects", "appel a projets"],
    "opens_on": ["opens_on", "date d ouverture"],
    "deadline": ["deadline", "date limite"],
    "contact": ["contact"],
    "url": ["url", "lien"],
    "status": ["status", "statut"],
    "source_name": ["source_name", "source"],
    "source_url": ["source_url", "page source"],
    "licence": ["licence", "license"],
}
LIST_FIELDS = {
    "types",
    "providers",
    "funders",
    "perimeter",
    "audiences",
    "stages",
    "cooperation_models",
    "economic_models",
    "carriers",
    "life_functions",
}
# In a CSV cell, list items are separated by "|" (and "," for references, which hold none);
# names of providers and funders may contain commas, and so may taxonomy labels ("Se nourrir,
# s'alimenter"), which `taxonomy_members` tells apart whatever separates them.
CSV_DEFAULT_SEPARATOR = re.compile(r"[|,]")
CSV_SEPARATORS = {
    name: re.compile(r"\|") for name in ("providers", "funders", "types", *Offer.KEY_SETS)
}
TRUE_WORDS = {"true", "vrai", "oui", "yes", "1", "o", "x"}
FALSE_WORDS = {"false", "faux", "non", "no", "0", "n"}
SIRET_PATTERN = re.compile(r"\d{14}")
MAX_DIGITS = 15  # before the decimal point: more than any amount, rate or duration
TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|li|div|h\d)>|<br\s*/?>", re.IGNORECASE)
AIDES_TERRITOIRES_SITE = "https://aides-territoires.beta.gouv.fr"


@dataclass
class OfferRecord:
    """One offer of a file before validation: our field names, raw values, where it is."""

    location: int  # CSV line, or record number (from 1) in a JSON file
    values: dict
    columns: dict = field(default_factory=dict)  # field → its name in the file
    notes: list = field(default_factory=list)  # mapping notes (aides-territoires)


@dataclass
class CleanOffer:
    source_id: str
    values: dict
    perimeters: list  # unsaved OfferPerimeter rows
    providers: list  # actor ids
    funders: list
