"""The JSON Schema (draft 2020-12) of the cooperation interchange document.

The schema is built from the taxonomies and from the models (choices, maximum lengths), so it
cannot drift from them; `terreau cooperation schema` prints it and `make docs` writes it to
docs/schemas/cooperation.schema.json (a test checks that file is current). See docs/data-formats.md.
"""

import copy
import json

from django.db import models

from terreau.actors.models import Actor
from terreau.actors.validators import RNA_PATTERN
from terreau.cooperations.models import (
    BuildingBlock,
    Cooperation,
    JournalEntry,
    JournalQuote,
    Member,
    Relation,
)
from terreau.core.taxonomies import (
    ActorKind,
    Carrier,
    CooperationLegalForm,
    CooperationModel,
    CooperationType,
    EconomicModel,
    LifeFunction,
    MemberRole,
    RelationKind,
    Stage,
    StoryTag,
    TerritorialIssue,
)
from terreau.interchange import economy as economy_interchange
from terreau.territories.refs import COMMUNE_CODE

FORMAT = "terreau-cooperation"
# Version 2 gives a cooperation `models` (a list) instead of version 1's `model`; version 1
# documents still import, upgraded by `versions.upgraded`.
VERSION = 2
SECTIONS = ("actors", "members", "blocks", "relations", "journal")


def keys(taxonomy: type[models.TextChoices]) -> list[str]:
    return [member.value for member in taxonomy]


def text_field(model: type[models.Model], name: str, *, required: bool = False, **extra) -> dict:
    """A string property limited to the model field's length; `required` refuses "" too."""
    schema: dict = {"type": "string"}
    if required:
        schema["minLength"] = 1
    max_length = model._meta.get_field(name).max_length
    if max_length:
        schema["maxLength"] = max_length
    if not required:
        schema["default"] = ""
    return {**schema, **extra}


def choice_field(taxonomy: type[models.TextChoices], *, blank: bool = False, **extra) -> dict:
    return {"enum": [*keys(taxonomy), *([""] if blank else [])], **extra}


def _identifier(pattern: str, description: str) -> dict:
    return {
        "type": "string",
        "pattern": f"^({pattern})?$",
        "default": "",
        "description": description,
    }


def _ids(description: str) -> dict:
    return {
        "type": "array",
        "items": {"$ref": "#/$defs/local_id"},
        "uniqueItems": True,
        "default": [],
        "description": description,
    }


def object_schema(properties: dict, required: list[str]) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


DATE = {"type": "string", "format": "date"}
OPTIONAL_DATE = {"type": ["string", "null"], "format": "date", "default": None}
LIFE_FUNCTIONS = {"$ref": "#/$defs/life_functions", "default": []}
PUBLIC_FLAG = {"type": "boolean", "default": False}


def cooperation_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a cooperation interchange document."""
    cooperation = object_schema(
        {
            "slug": {
                **text_field(Cooperation, "slug", required=True),
                "pattern": r"^[a-z0-9][a-z0-9_-]*$",
                "description": "Identifier in the URL; chosen from the name when absent.",
            },
            "name": text_field(Cooperation, "name", required=True),
            "aim": text_field(Cooperation, "aim", required=True),
            "description": text_field(Cooperation, "description"),
            "life_functions": LIFE_FUNCTIONS,
            "territory": {
                "type": "string",
                "minLength": 1,
                "description": "Territory reference: commune:93055, epci:…, departement:…, "
                "region:…, bassin:…, zone_emploi:…, projet:<slug>.",
            },
            "cooperation_type": choice_field(CooperationType),
            "models": {
                "type": "array",
                "items": choice_field(CooperationModel),
                "uniqueItems": True,
                "default": [],
                "description": "The models a modelled cooperation refers to, one or several (a "
                "PTCE may also be a tiers-lieu). Version 1 had one `model` instead.",
            },
            "issues": {
                "type": "array",
                "items": choice_field(TerritorialIssue),
                "uniqueItems": True,
                "default": [],
                "description": "Territorial issues beyond the life functions (relocalisation "
                "alimentaire, réduction du gaspillage…).",
            },
            "ecological_transition": {
                **PUBLIC_FLAG,
                "description": "Whether the cooperation is in the field of the ecological "
                "transition.",
            },
            "economic_model": choice_field(EconomicModel),
            "carrier": choice_field(Carrier),
            "stage": choice_field(
                Stage,
                description="Current stage; must be the stage of the journal's latest stage "
                "change when the journal has one.",
            ),
            "legal_form": choice_field(CooperationLegalForm),
            "started_on": OPTIONAL_DATE,
            "is_public": PUBLIC_FLAG,
            "observatory": {
                **PUBLIC_FLAG,
                "description": "Whether the cooperation shares its economic lines, anonymously, "
                "with the observatory of financings (statistical secrecy applies).",
            },
        },
        [
            "name",
            "aim",
            "territory",
            "cooperation_type",
            "economic_model",
            "carrier",
            "stage",
            "legal_form",
        ],
    )
    actor = object_schema(
        {
            "id": {"$ref": "#/$defs/local_id"},
            "name": text_field(Actor, "name", required=True),
            "kind": choice_field(ActorKind),
            "is_ess": PUBLIC_FLAG,
            "siret": _identifier(r"\d{14}", "SIRET: 14 digits with a Luhn key."),
            "siren": _identifier(r"\d{9}", "SIREN, when there is no SIRET."),
            "rna": _identifier(RNA_PATTERN.pattern.strip("^$"), "RNA number: W + 9 digits."),
            "legal_form_code": _identifier(r"\d{4}", "INSEE legal form (catégorie juridique)."),
            "naf_code": _identifier(r"\d{2}\.\d{2}[A-Z]", "NAF rév. 2 sous-classe: 56.10A."),
            "address": text_field(Actor, "address"),
            "postal_code": _identifier(r"\d{5}", "Postal code."),
            "commune": {
                "type": ["string", "null"],
                "pattern": f"^{COMMUNE_CODE}$",
                "default": None,
                "description": "INSEE code of the commune (current, former, delegated or "
                "arrondissement code).",
            },
            "life_functions": LIFE_FUNCTIONS,
            "description": text_field(Actor, "description"),
            "website": text_field(Actor, "website"),
            "email": text_field(Actor, "email"),
            "phone": text_field(Actor, "phone"),
        },
        ["id", "name", "kind"],
    )
    member = object_schema(
        {
            "actor": {"$ref": "#/$defs/local_id"},
            "roles": {
                "type": "array",
                "items": choice_field(MemberRole),
                "minItems": 1,
                "uniqueItems": True,
            },
            "joined_on": OPTIONAL_DATE,
            "left_on": OPTIONAL_DATE,
            "note": text_field(Member, "note"),
            "is_public": PUBLIC_FLAG,
        },
        ["actor", "roles"],
    )
    block = object_schema(
        {
            "id": {"$ref": "#/$defs/local_id"},
            "name": text_field(BuildingBlock, "name", required=True),
            "description": text_field(BuildingBlock, "description"),
            "life_functions": LIFE_FUNCTIONS,
            "operators": _ids("Actor ids of the members who run the block."),
            "status": choice_field(BuildingBlock.Status, default=BuildingBlock.Status.IDEA.value),
            "started_on": OPTIONAL_DATE,
            "ended_on": OPTIONAL_DATE,
        },
        ["id", "name"],
    )
    relation = object_schema(
        {
            "source": {"$ref": "#/$defs/local_id"},
            "target": {"$ref": "#/$defs/local_id"},
            "kind": choice_field(RelationKind),
            "directed": {
                "type": "boolean",
                "description": "From source to target; when absent, follows the kind (funding, "
                "staff provision and network membership are directed).",
            },
            "started_on": OPTIONAL_DATE,
            "ended_on": OPTIONAL_DATE,
            "amount": {
                "type": ["string", "null"],
                "pattern": r"^-?\d{1,12}(\.\d{1,2})?$",
                "default": None,
                "description": 'Amount in euros as a decimal string: "60000.00".',
            },
            "note": text_field(Relation, "note"),
        },
        ["source", "target", "kind"],
    )
    entry = object_schema(
        {
            "happened_on": DATE,
            "kind": choice_field(JournalEntry.Kind),
            "title": text_field(JournalEntry, "title", required=True),
            "text": text_field(JournalEntry, "text"),
            "regulation": text_field(JournalEntry, "regulation"),
            "stage": {"type": "string", "default": ""},
            "author": text_field(JournalEntry, "author_name", required=True),
            "members": _ids("Actor ids of the members concerned."),
            "blocks": _ids("Ids of the blocks concerned."),
            "tags": {
                "type": "array",
                "items": choice_field(StoryTag),
                "uniqueItems": True,
                "default": [],
                "description": "Story tags; small victories and frictions always carry theirs.",
            },
            "people": {
                "type": "array",
                "items": {"type": "string", "pattern": r"^\S(.*\S)?$"},
                "default": [],
                "description": "People involved who are not members, one name per item "
                "(one line, no surrounding spaces).",
            },
            "quotes": {
                "type": "array",
                "items": object_schema(
                    {
                        "text": text_field(JournalQuote, "text", required=True),
                        "speaker": text_field(JournalQuote, "speaker", required=True),
                    },
                    ["text", "speaker"],
                ),
                "default": [],
                "description": "Quotes of the story, in order, with who said them.",
            },
        },
        ["happened_on", "kind", "title", "author"],
    )
    # A stage change names the stage reached; other entries leave it empty.
    entry["if"] = {
        "properties": {"kind": {"const": JournalEntry.Kind.STAGE_CHANGE.value}},
        "required": ["kind"],
    }
    entry["then"] = {"properties": {"stage": choice_field(Stage)}, "required": ["stage"]}
    entry["else"] = {"properties": {"stage": {"const": ""}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:terreau:{FORMAT}:{VERSION}",
        "title": "Terreau cooperation",
        "description": "A whole cooperation (members, building blocks, relations between actors, "
        "journal, economic model) with the actors it refers to. Documented in "
        "docs/data-formats.md.",
        **object_schema(
            {
                "format": {"const": FORMAT},
                "version": {"const": VERSION},
                "cooperation": cooperation,
                **{
                    section: {"type": "array", "items": {"$ref": f"#/$defs/{item}"}, "default": []}
                    for section, item in zip(
                        SECTIONS,
                        ("actor", "member", "block", "relation", "journal_entry"),
                        strict=True,
                    )
                },
                "economy": {"$ref": "#/$defs/economy"},
            },
            ["format", "version", "cooperation"],
        ),
        "$defs": {
            "local_id": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100,
                "description": "Identifier of an actor or a block inside this document only.",
            },
            "life_functions": {
                "type": "array",
                "items": choice_field(LifeFunction),
                "uniqueItems": True,
            },
            "actor": actor,
            "member": member,
            "block": block,
            "relation": relation,
            "journal_entry": entry,
            **economy_interchange.schema_defs(),
        },
    }


def schema_json() -> str:
    return json.dumps(cooperation_schema(), ensure_ascii=False, indent=2) + "\n"


def with_defaults(document: dict) -> dict:
    """A copy of a valid document with every optional property present, set to the schema's
    default (`directed` of a relation stays absent: it follows the kind)."""
    schema = cooperation_schema()
    definitions = schema["$defs"]

    def fill(item: dict, object_schema: dict) -> dict:
        defaults = {
            name: copy.deepcopy(prop["default"])
            for name, prop in object_schema["properties"].items()
            if "default" in prop
        }
        return {**defaults, **item}

    filled = fill(document, schema)
    filled["cooperation"] = fill(document["cooperation"], schema["properties"]["cooperation"])
    for section in SECTIONS:
        item_schema = definitions[schema["properties"][section]["items"]["$ref"].split("/")[-1]]
        filled[section] = [fill(item, item_schema) for item in filled[section]]
    if "economy" in filled:
        filled["economy"] = economy_interchange.with_defaults(filled["economy"], fill)
    return filled
