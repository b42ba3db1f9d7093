"""Cooperations in the JSON API: members get the record, strangers the published part or a 404."""

import pytest

from terreau.cooperations.models import Relation
from terreau.cooperations.services import cooperation_publish, relation_save
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.personas import bearer_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def butinerie(alice):
    cooperation = make_cooperation(alice, name="La Butinerie", territory_ref="commune:93055")
    shop = make_member(cooperation, make_actor("Épicerie", kind="cooperative"), is_public=True)
    city = make_member(cooperation, make_actor("Ville", kind="local_authority"), roles=["funder"])
    relation_save(
        relation=Relation(
            source=city.actor, target=shop.actor, kind="funding", cooperation=cooperation
        )
    )
    return cooperation


def test_a_member_gets_the_whole_record(butinerie, alice):
    data = bearer_client(alice).get("/api/v1/cooperations/la-butinerie").json()
    assert data["territory"] == "commune:93055"
    assert {m["actor"]["name"] for m in data["members"]} == {"Épicerie", "Ville"}
    assert [(r["kind"], r["directed"]) for r in data["relations"]] == [("funding", True)]
    assert data["journal"][0]["kind"] == "stage_change"
    assert data["life_functions"] == ["food", "work"]


def test_a_stranger_gets_404_then_only_the_published_part(butinerie, charlie, client):
    assert bearer_client(charlie).get("/api/v1/cooperations/la-butinerie").status_code == 404
    assert client.get("/api/v1/cooperations").json() == []
    cooperation_publish(
        cooperation=butinerie, public=True, public_members=butinerie.members.filter(is_public=True)
    )
    data = client.get("/api/v1/cooperations/la-butinerie").json()
    assert [m["actor"]["name"] for m in data["members"]] == ["Épicerie"]
    assert data["relations"] is None and data["journal"] is None and data["economic_model"] is None
    assert client.get("/api/v1/cooperations/la-butinerie/partners").status_code == 404
    assert [c["slug"] for c in client.get("/api/v1/cooperations").json()] == ["la-butinerie"]
