"""A modelled cooperation refers to one or several models (§002: « un PTCE [peut] être également
un tiers-lieu »), through the form, the API and the interchange documents (version 2, and
version 1 documents whose one `model` becomes a one-item list)."""

import pytest

from terreau.cooperations.models import Cooperation
from terreau.interchange import InterchangeError, cooperation_export, cooperation_import
from tests.cooperations.documents import large_document
from tests.cooperations.factories import make_cooperation
from tests.personas import bearer_client

pytestmark = pytest.mark.django_db


def test_the_form_ticks_and_keeps_several_models(alice, alice_client):
    cooperation = make_cooperation(alice, name="Le Grand Bain", models=" ptce ")
    url = f"/cooperations/{cooperation.slug}/modifier/"
    page = alice_client.get(url).content.decode()
    assert 'type="checkbox" name="models" value="ptce"' in page
    data = {
        "name": "Le Grand Bain",
        "aim": "Coopérer",
        "territory_ref": "epci:246200844",
        "cooperation_type": "modelled",
        "models": ["ptce", "tiers_lieu"],
        "economic_model": "hybrid",
        "carrier": "mixed",
        "legal_form": "informal",
    }
    response = alice_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    cooperation.refresh_from_db()
    assert [model.value for model in cooperation.model_list] == ["ptce", "tiers_lieu"]
    page = alice_client.get(url).content.decode()
    assert 'value="ptce" id="id_models_0" checked' in page
    assert 'value="tiers_lieu" id="id_models_1" checked' in page
    shown = alice_client.get(cooperation.get_absolute_url()).content.decode()
    assert "Pôle territorial de coopération économique (PTCE), Tiers-lieu" in shown


def test_a_non_modelled_cooperation_refers_to_no_model(alice, alice_client):
    cooperation = make_cooperation(alice, name="Le Grand Bain")
    response = alice_client.post(
        f"/cooperations/{cooperation.slug}/modifier/",
        {
            "name": "Le Grand Bain",
            "aim": "Coopérer",
            "territory_ref": "epci:246200844",
            "cooperation_type": "non_modelled",
            "models": ["ptce"],
            "economic_model": "hybrid",
            "carrier": "mixed",
            "legal_form": "informal",
        },
    )
    assert response.context["form"].errors["models"] == [
        "Seule une coopération modélisée se réfère à des modèles."
    ]


def test_scic_and_cae_are_no_models(alice, alice_client):
    response = alice_client.get("/cooperations/nouvelle/").content.decode()
    assert 'name="models" value="ptce"' in response
    assert 'name="models" value="scic"' not in response
    assert 'name="models" value="cae"' not in response


def test_the_api_lists_the_models(alice):
    make_cooperation(alice, name="Le Grand Bain", models=" ptce tiers_lieu ")
    client = bearer_client(alice)
    assert client.get("/api/v1/cooperations/le-grand-bain").json()["models"] == [
        "ptce",
        "tiers_lieu",
    ]
    assert [c["models"] for c in client.get("/api/v1/cooperations").json()] == [
        ["ptce", "tiers_lieu"]
    ]


def test_a_version_2_document_keeps_several_models(alice):
    document = large_document(2)
    document["version"] = 2
    document["cooperation"]["models"] = ["ptce", "tiers_lieu"]
    cooperation = cooperation_import(document, by=alice)
    assert cooperation.models == " ptce tiers_lieu "
    exported = cooperation_export(cooperation)
    assert exported["version"] == 2
    assert exported["cooperation"]["models"] == ["ptce", "tiers_lieu"]
    assert "model" not in exported["cooperation"]


def test_a_version_1_document_still_imports_its_model_as_a_list(alice):
    document = large_document(2)
    document["cooperation"]["model"] = "tiers_lieu"
    cooperation = cooperation_import(document, by=alice)
    assert cooperation.models == " tiers_lieu "
    assert cooperation_export(cooperation)["cooperation"]["models"] == ["tiers_lieu"]


def test_a_version_1_scic_model_becomes_what_it_is(alice):
    document = large_document(2, slug="scic-vague")
    document["cooperation"].update(model="scic", legal_form="other")
    cooperation = cooperation_import(document, by=alice)
    assert (cooperation.models, cooperation.legal_form) == (" other ", "scic")
    document = large_document(2, slug="cae")
    document["cooperation"].update(model="cae", legal_form="association")
    cooperation = cooperation_import(document, by=alice)
    assert (cooperation.models, cooperation.legal_form) == (" other ", "association")
    assert "mutualisation de moyens" in cooperation.description


def test_a_version_2_document_cannot_name_scic_as_a_model(alice):
    document = large_document(2)
    document["version"] = 2
    document["cooperation"]["models"] = ["scic"]
    with pytest.raises(InterchangeError) as error:
        cooperation_import(document, by=alice)
    assert error.value.errors[0].path == "$.cooperation.models[0]"
    assert not Cooperation.objects.exists()
    document["cooperation"]["models"] = []
    document["cooperation"]["model"] = "pat"
    with pytest.raises(InterchangeError):
        cooperation_import(document, by=alice)


def test_partner_suggestions_say_why_none_are_found(alice, alice_client):
    cooperation = make_cooperation(alice, name="Seule", life_functions=[])
    page = alice_client.get(cooperation.get_absolute_url()).content.decode()
    assert "la coopération n&#x27;a pas renseigné ses enjeux" in page
    cooperation = make_cooperation(alice, name="Sans voisins", territory_ref="commune:62057")
    page = alice_client.get(cooperation.get_absolute_url()).content.decode()
    assert "aucun autre acteur visible sur ce territoire" in page
