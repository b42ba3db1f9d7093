"""Typology as the sources define it (§000, §002): a territory with a history, territorial issues
beyond the life functions, the field of the ecological transition and its share."""

import pytest

from terreau.cooperations.models import Cooperation, JournalEntry
from terreau.cooperations.queries import ecological_share
from terreau.cooperations.services import access_grant
from terreau.interchange import cooperation_export, cooperation_import
from tests.cooperations.factories import make_cooperation
from tests.personas import bearer_client

pytestmark = pytest.mark.django_db


def _edit(client, cooperation, **changes):
    data = {
        "name": cooperation.name,
        "aim": cooperation.aim,
        "territory_ref": cooperation.territory_ref,
        "cooperation_type": cooperation.cooperation_type,
        "models": cooperation.models.split(),
        "economic_model": cooperation.economic_model,
        "carrier": cooperation.carrier,
        "legal_form": cooperation.legal_form,
        "life_functions_list": cooperation.life_functions.split(),
        **changes,
    }
    return client.post(f"/cooperations/{cooperation.slug}/modifier/", data)


def test_enlarging_the_perimeter_is_recorded_in_the_journal(
    alice, alice_client, charlie, charlie_client
):
    ecopole = make_cooperation(alice, territory_ref="commune:62057")
    response = _edit(alice_client, ecopole, territory_ref="epci:246200844")
    assert response.status_code == 302
    entry = ecopole.journal.get(kind=JournalEntry.Kind.PERIMETER_CHANGE)
    assert entry.title == "Périmètre élargi : Audruicq → CC de la Région d'Audruicq"
    page = alice_client.get(f"/cooperations/{ecopole.slug}/").content.decode()
    assert "Périmètre élargi : Audruicq → CC de la Région d&#x27;Audruicq" in page
    # A reader without access sees nothing of the private cooperation, its journal included.
    stranger = charlie_client.get(f"/cooperations/{ecopole.slug}/")
    assert stranger.status_code == 404
    assert "Périmètre" not in stranger.content.decode()
    assert bearer_client(charlie).get(f"/api/v1/cooperations/{ecopole.slug}").status_code == 404


def test_an_edit_keeping_the_territory_records_nothing(alice, alice_client):
    ecopole = make_cooperation(alice)
    _edit(alice_client, ecopole, aim="Nourrir mieux")
    assert not ecopole.journal.filter(kind=JournalEntry.Kind.PERIMETER_CHANGE).exists()


def test_issues_and_ecological_transition_through_the_form_api_and_record(alice, alice_client):
    ecopole = make_cooperation(alice)
    _edit(
        alice_client,
        ecopole,
        issues=["waste_reduction", "food_relocation"],
        ecological_transition="on",
    )
    ecopole.refresh_from_db()
    assert (ecopole.issues, ecopole.ecological_transition) == (
        " food_relocation waste_reduction ",
        True,
    )
    page = alice_client.get(f"/cooperations/{ecopole.slug}/").content.decode()
    assert "Relocalisation alimentaire · Réduction du gaspillage" in page
    data = bearer_client(alice).get(f"/api/v1/cooperations/{ecopole.slug}").json()
    assert data["issues"] == ["food_relocation", "waste_reduction"]
    assert data["ecological_transition"] is True


def test_an_unknown_issue_is_refused_by_the_form(alice, alice_client):
    ecopole = make_cooperation(alice)
    response = _edit(alice_client, ecopole, issues=["nope"])
    assert "issues" in response.context["form"].errors


def test_the_share_of_the_ecological_transition(alice, alice_client, charlie, charlie_client):
    assert ecological_share(Cooperation.objects.all()) is None
    for index in range(5):
        make_cooperation(alice, name=f"Coopération {index}", ecological_transition=index < 3)
    assert ecological_share(Cooperation.objects.all()) == 60
    page = alice_client.get("/cooperations/").content.decode()
    assert "60 % des coopérations affichées relèvent de la transition écologique" in page
    # Counted on what the reader may see only.
    access_grant(
        cooperation=Cooperation.objects.get(name="Coopération 4"), user=charlie, role="reader"
    )
    page = charlie_client.get("/cooperations/").content.decode()
    assert "0 % des coopérations affichées" in page


def test_issues_and_ecological_transition_travel_with_the_cooperation_file(alice):
    ecopole = make_cooperation(
        alice, issues=" food_relocation ", ecological_transition=True, name="Écopôle"
    )
    document = cooperation_export(ecopole)
    assert document["cooperation"]["issues"] == ["food_relocation"]
    assert document["cooperation"]["ecological_transition"] is True
    copy = cooperation_import(document, by=alice, slug="ecopole-copie")
    assert (copy.issues, copy.ecological_transition) == (" food_relocation ", True)
    # A file written before these fields existed imports with none of them.
    del document["cooperation"]["issues"], document["cooperation"]["ecological_transition"]
    older = cooperation_import(document, by=alice, slug="ecopole-ancien")
    assert (older.issues.strip(), older.ecological_transition) == ("", False)
