"""Pages and API of matching, of a territory's offers and gaps: who sees what."""

from html import unescape

import pytest
from django.test import Client

from terreau.cooperations.models import CooperationAccess
from terreau.territories.services import project_territory_save
from tests.cooperations.factories import make_cooperation
from tests.offers.matching_factories import make_offer
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db
PAGE = "/cooperations/ecopole/offres/"
API = "/api/v1/offers/match/ecopole"


@pytest.fixture
def ecopole(alice):
    make_offer("Fonds pour tous", types=["grant"], funds_animation=True)
    make_offer("Fonds jurassien", perimeter=["departement:39"])
    return make_cooperation(alice, name="Écopôle")


@pytest.fixture
def bob(ecopole):
    bob = UserFactory(username="bob")
    CooperationAccess.objects.create(cooperation=ecopole, user=bob, role="reader")
    return bob


def test_members_see_the_matched_offers_and_why(ecopole, alice_client):
    page = unescape(alice_client.get(PAGE).content.decode())
    assert "Fonds pour tous" in page
    assert "Finance l'animation et la coordination" in page
    assert "Fonds jurassien" not in page
    excluded = unescape(alice_client.get(PAGE + "?exclues=1").content.decode())
    assert "Hors du périmètre de l'offre : Jura." in excluded


def test_the_cooperation_page_loads_its_offers_with_htmx(ecopole, alice_client):
    detail = alice_client.get("/cooperations/ecopole/").content.decode()
    assert f'hx-get="{PAGE}"' in detail
    partial = alice_client.get(PAGE, headers={"HX-Request": "true"}).content.decode()
    assert "Fonds pour tous" in partial
    assert "<html" not in partial


def test_a_stranger_gets_nothing(ecopole, charlie_client):
    assert charlie_client.get(PAGE).status_code == 404
    assert charlie_client.post(PAGE + "suivre/", {"follow": "1"}).status_code == 404
    assert charlie_client.get(API).status_code == 404
    assert Client().get(API).status_code == 404
    assert Client().get(PAGE).status_code == 404


def test_a_published_cooperation_keeps_its_offers_for_members(ecopole, charlie_client):
    ecopole.is_public = True
    ecopole.save()
    assert charlie_client.get(PAGE).status_code == 404
    assert charlie_client.get(API).status_code == 404


def test_a_reader_sees_the_offers_and_may_follow_them(ecopole, bob):
    client = client_for(bob)
    assert client.get(PAGE).status_code == 200
    response = client.post(PAGE + "suivre/", {"follow": "1"})
    assert response.status_code == 302
    assert bob.offer_subscriptions.get().cooperation == ecopole
    client.post(PAGE + "suivre/", {"follow": "0"})
    assert not bob.offer_subscriptions.exists()


def test_api_gives_the_json_contract(ecopole, alice_client):
    eligible = alice_client.get(API).json()
    assert [(item["name"], item["eligible"]) for item in eligible] == [("Fonds pour tous", True)]
    assert {r["criterion"] for r in eligible[0]["reasons"]} >= {"perimeter", "calendar"}
    everything = alice_client.get(API + "?include_excluded=true").json()
    assert [(item["name"], item["eligible"], item["score"]) for item in everything][1:] == [
        ("Fonds jurassien", False, 0)
    ]


def test_territory_map_and_gaps_pages(ecopole, client):
    page = client.get("/territoires/epci:246200844/offres/").content.decode()
    assert "Fonds pour tous" in page
    assert "Fonds jurassien" not in page
    gaps = client.get("/territoires/epci:246200844/offres/lacunes/")
    assert gaps.status_code == 200
    csv_file = client.get("/territoires/epci:246200844/offres/lacunes.csv")
    assert csv_file["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_file.content.decode("utf-8-sig").startswith("gap;stage;cooperation_model")
    json_file = client.get("/territoires/epci:246200844/offres/lacunes.json")
    assert json_file.json()["available"] == {"support": 0, "financing": 1}
    assert client.get("/territoires/epci:246200844/offres/lacunes.xml").status_code == 404
    assert client.get("/api/v1/offers/map/epci:246200844").json()["available"] == {
        "support": 0,
        "financing": 1,
    }


def test_a_private_project_territory_has_no_offer_page_for_others(alice, charlie_client):
    project_territory_save(owner=alice, name="Secret", components=["commune:62057"])
    assert charlie_client.get("/territoires/projet:secret/offres/").status_code == 404
    assert charlie_client.get("/territoires/projet:secret/offres/lacunes.json").status_code == 404
    assert charlie_client.get("/api/v1/offers/gaps/projet:secret").status_code == 404
    assert client_for(alice).get("/territoires/projet:secret/offres/").status_code == 200


def test_notifications_need_an_account(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/comptes/connexion/" in response["Location"]
