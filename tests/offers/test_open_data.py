"""The published offers as open data: what a re-user of the file relies on — only published
offers and public actors, names not codes, unknown criteria null (never "nobody"), and the
licence and the date of the data."""

import csv
import io
import json
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from terreau.cli import main
from tests.cooperations.factories import make_actor
from tests.offers.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(alice):
    secret_funder = make_actor(
        "Fondation discrète", kind="foundation", is_public=False, created_by=alice
    )
    offer = make_offer(
        "Fonds d'impulsion jurassien",
        kind="financing",
        both_kinds=True,
        types=["grant"],
        perimeter=("departement:39",),
        stages=["ideation", "emergence"],
        audiences=None,
        life_functions=["food"],
        funder_names=["Cluster Jura"],
        deadline=date(2027, 3, 31),
        amount_max="30000",
    )
    offer.funders.add(secret_funder)
    make_offer("Brouillon caché", status="draft")
    return offer


def body(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_the_json_names_fields_as_aides_territoires_and_values_in_words(catalogue):
    data = json.loads(body(Client().get("/offres/donnees-ouvertes.json")))
    assert data["licence"].startswith("Licence Ouverte")
    assert data["date"] == timezone.localdate().isoformat()
    assert [offer["name"] for offer in data["offers"]] == ["Fonds d'impulsion jurassien"]
    offer = data["offers"][0]
    assert offer["nature"] == ["Accompagnement", "Financement"]
    assert offer["aid_types"] == ["Subvention"]
    assert offer["perimeter"] == ["Jura (Département)"]
    assert offer["mobilization_steps"] == ["Idéation", "Émergence"]
    assert offer["targeted_audiences"] is None  # not stated: unknown, not "nobody"
    assert offer["life_functions"] == ["Se nourrir, s'alimenter"]
    assert offer["submission_deadline"] == "2027-03-31"
    assert offer["amount_max"] == "30000.00"
    # a private actor of alice's funds it: a visitor's file does not name it
    assert offer["financers"] == ["Cluster Jura"]
    assert offer["url"].endswith(f"/offres/{catalogue.slug}/")


def test_the_csv_states_licence_and_date_on_every_line(catalogue):
    rows = list(csv.DictReader(io.StringIO(body(Client().get("/offres/donnees-ouvertes.csv")))))
    assert len(rows) == 1
    assert rows[0]["mobilization_steps"] == "Idéation ; Émergence"
    assert rows[0]["targeted_audiences"] == ""
    assert rows[0]["licence"].startswith("Licence Ouverte")
    assert rows[0]["date_des_donnees"] == timezone.localdate().isoformat()


def test_the_command_writes_the_same_file(catalogue, tmp_path):
    target = tmp_path / "offres.json"
    assert main(["offers", "export", "--format", "json", "-o", str(target)]) == 0
    assert [o["id"] for o in json.loads(target.read_text())["offers"]] == [catalogue.slug]


def test_the_offer_list_links_the_open_data(catalogue):
    page = Client().get("/offres/").content.decode()
    assert "/offres/donnees-ouvertes.json" in page and "/offres/donnees-ouvertes.csv" in page


def test_an_unknown_format_is_not_found():
    assert Client().get("/offres/donnees-ouvertes.xml").status_code == 404
