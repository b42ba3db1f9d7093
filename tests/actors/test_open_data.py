"""Public actors as open data in the data·inclusion structures schema: every record passes the
schema's own model (the `data-inclusion-schema` package, the oracle here), only public actors are
written even for their owner, and the file states its licence and the date of its data."""

import json

import pytest
from data_inclusion.schema.v1 import Structure
from django.utils import timezone

from terreau.actors.models import Actor
from terreau.cli import main
from terreau.territories.models import Commune
from tests.cooperations.factories import make_actor

pytestmark = pytest.mark.django_db

URL = "/acteurs/export.data-inclusion"
EPCI = {"territoire": "epci:246200844"}


@pytest.fixture
def directory(alice):
    audruicq = Commune.objects.get(code="62057")
    make_actor(
        "Épicerie solidaire d'Audruicq",
        commune=audruicq,
        siret="12345678900017",
        address="2 rue de la Gare",
        postal_code="62370",
        phone="pas de numéro",
        website="https://epicerie.example.org",
        description="Une épicerie où chacun paie selon ses moyens.",
    )
    make_actor("AB", commune=audruicq)  # too short a name for the schema
    make_actor("Jardin d'alice", commune=audruicq, is_public=False, created_by=alice)


def document(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('acteurs.data-inclusion.json"')
    return json.loads(b"".join(response.streaming_content))


def test_public_actors_pass_the_schema_with_their_fields(directory, alice_client):
    data = document(alice_client.get(URL, EPCI))
    assert data["licence"].startswith("Licence Ouverte")
    assert data["date"] == timezone.localdate().isoformat()
    assert data["schema"].startswith("data-inclusion-schema v1")
    # alice's private garden is hers, not open data, even in her own export
    assert [s["nom"] for s in data["structures"]] == ["Épicerie solidaire d'Audruicq"]
    assert data["left_out"] == 1  # "AB": the schema wants 3 characters at least
    record = data["structures"][0]
    Structure.model_validate(record)
    epicerie = Actor.objects.get(name="Épicerie solidaire d'Audruicq")
    assert record["id"] == f"terreau--{epicerie.pk}"
    assert record["code_insee"] == "62057" and record["commune"] == "Audruicq"
    assert record["siret"] == "12345678900017"
    assert record["lien_source"].endswith(f"/acteurs/{epicerie.pk}/")
    assert "longitude" not in record  # a commune's point is not the structure's position


def test_the_command_writes_the_same_file(directory, tmp_path):
    target = tmp_path / "structures.json"
    command = ["actors", "export", "--territory", "epci:246200844", "--format", "data-inclusion"]
    assert main([*command, "-o", str(target)]) == 0
    structures = json.loads(target.read_text())["structures"]
    assert [s["nom"] for s in structures] == ["Épicerie solidaire d'Audruicq"]


def test_the_directory_links_the_open_data_file(directory, client):
    assert f"{URL}?" in client.get("/acteurs/", EPCI).content.decode()
