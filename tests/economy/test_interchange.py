"""The economic model inside the cooperation interchange document: round trip, defaults, and
errors at their JSON path (nothing written)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from terreau.economy.models import Contribution, Cost, Resource, UsefulEffect
from terreau.interchange import (
    InterchangeError,
    cooperation_export,
    cooperation_import,
)

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parents[2] / "src/terreau/cooperations/data/la-butinerie.json"
ECONOMY_MODELS = [Resource, Cost, UsefulEffect, Contribution]


def sample() -> dict:
    return json.loads(SAMPLE.read_text())


def index_of(items: list, **match) -> int:
    return next(i for i, item in enumerate(items) if all(item[k] == v for k, v in match.items()))


def test_la_butinerie_economic_model_survives_import_and_export(alice):
    cooperation = cooperation_import(sample(), by=alice)
    assert cooperation_export(cooperation)["economy"] == sample()["economy"]
    assert (
        cooperation.resources.count(),
        cooperation.costs.count(),
        cooperation.useful_effects.count(),
    ) == (17, 12, 3)
    time = cooperation.resources.get(label="Temps de travail de l'équipe du magasin 2026")
    assert (time.hours, time.hourly_value, time.amount) == (
        Decimal("400.00"),
        Decimal("28.50"),
        Decimal("11400.00"),
    )
    prevention = cooperation.useful_effects.get(effect_type="health")
    assert {block.name for block in prevention.blocks.all()} == {
        "Ateliers parents de jeunes enfants",
        "Cantine à prix libre",
        "Cuisine collective et cours de cuisine",
    }
    agreed = prevention.contributions.get()  # §002: a signed convention, no payment told
    assert (agreed.status, agreed.resource.source.name) == ("agreed", "Solimut Mutuelle")


def test_optional_economy_fields_get_their_defaults(alice):
    document = sample()
    document["economy"] = {
        "resources": [
            {
                "id": "ventes",
                "label": "Ventes",
                "category": "sales",
                "amount": "10.5",
                "start_date": "2025-01-01",
                "end_date": "2025-12-31",
                "status": "received",
            }
        ],
        "useful_effects": [{"name": "Lien social", "effect_type": "other"}],
    }
    document["actors"].pop(index_of(document["actors"], name=CAF))  # named by nothing else now
    cooperation = cooperation_import(document, by=alice)
    exported = cooperation_export(cooperation)["economy"]
    assert exported["resources"][0] == {
        "id": "ventes",
        "label": "Ventes",
        "category": "sales",
        "form": "money",
        "amount": "10.50",
        "hours": None,
        "hourly_value": None,
        "source": None,
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "funding_mode": "other",
        "earmark": "",
        "status": "received",
        "note": "",
    }
    assert exported["costs"] == []
    assert exported["useful_effects"][0]["evidence_level"] == "hypothesis"


def test_a_cooperation_without_economic_model_exports_no_economy_section(alice):
    document = sample()
    del document["economy"]
    document["actors"].pop(index_of(document["actors"], name=CAF))
    assert "economy" not in cooperation_export(cooperation_import(document, by=alice))


CAF = "Caisse d'allocations familiales de la Seine-Saint-Denis"


def _resource(document, label):
    return document["economy"]["resources"][index_of(document["economy"]["resources"], label=label)]


def _time_mismatch(document):
    _resource(document, "Bénévolat à la cantine 2026")["amount"] = "7000.00"


def _effect(document, effect_type):
    effects = document["economy"]["useful_effects"]
    return effects[index_of(effects, effect_type=effect_type)]


def _paid_without_line(document):
    contribution = _effect(document, "health")["contributions"][0]
    contribution["status"] = "paid"
    contribution["resource"] = None


def _line_of_another_third_party(document):
    contribution = _effect(document, "health")["contributions"][0]
    contribution["resource"] = "convention-de-cooperation-avec-la-ville"


def _unknown_source(document):
    _resource(document, "Cantine à prix libre 2026")["source"] = "personne"


def _wrong_mode(document):
    _resource(document, "Convention de coopération avec la Ville de Pantin 2024-2026")[
        "funding_mode"
    ] = "annual_subsidy"


def _dates(document):
    document["economy"]["costs"][0]["end_date"] = "2020-01-01"


def _float_amount(document):
    document["economy"]["costs"][0]["amount"] = 12.5


def _unknown_block(document):
    document["economy"]["useful_effects"][0]["blocks"].append("potager")


def _unused_actor(document):
    _effect(document, "parenting_family")["contributions"] = []  # the CAF's


INVALID = {
    "time not hours × value": (
        _time_mismatch,
        "resources",
        "amount",
        "doit valoir heures × valeur horaire : 7200.00",
    ),
    "paid without its line": (_paid_without_line, "useful_effects", "resource", "versée"),
    "line of another third party": (
        _line_of_another_third_party,
        "useful_effects",
        "resource",
        "ce même tiers",
    ),
    "unknown source": (_unknown_source, "resources", "source", "acteur inconnu"),
    "public category and mode": (_wrong_mode, "resources", "funding_mode", "implique"),
    "end before start": (_dates, "costs", "end_date", "la fin précède le début"),
    "amount as a number": (_float_amount, "costs", "amount", "doit être un texte"),
    "unknown block": (_unknown_block, "useful_effects", "blocks", "brique inconnue"),
    "actor named by nothing": (_unused_actor, None, None, "ni nommé par son modèle économique"),
}


@pytest.mark.parametrize(("change", "section", "key", "words"), INVALID.values(), ids=INVALID)
def test_an_invalid_economy_section_is_refused_at_its_path(alice, change, section, key, words):
    document = sample()
    change(document)
    with pytest.raises(InterchangeError) as refused:
        cooperation_import(document, by=alice)
    [error] = refused.value.errors
    if section:
        assert error.path.startswith(f"$.economy.{section}[") and key in error.path, error
    assert words in error.message
    assert all(model.objects.count() == 0 for model in ECONOMY_MODELS)
