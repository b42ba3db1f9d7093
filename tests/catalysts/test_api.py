"""Catalysts' profiles in the API (/api/v1/catalysts): private by default, like the pages; the
cooperations a profile accompanies and its directory actor show only to those who may see them."""

from datetime import date

import pytest

from terreau.catalysts.models import Catalyst, DurabilityAssessment
from tests.cooperations.factories import make_actor, make_cooperation

pytestmark = pytest.mark.django_db

LIST = "/api/v1/catalysts"


def profile(owner, **fields) -> Catalyst:
    values = {
        "name": "Villes au Carré",
        "kind": "structure",
        "posture": "development",
        "position": "external",
        "stage": "mature",
        "territories": ["region:24"],
        "owner": owner,
    }
    return Catalyst.objects.create(**{**values, **fields})


def names(client) -> list[str]:
    return [item["name"] for item in client.get(LIST).json()["items"]]


def test_a_private_profile_is_read_by_its_author_only(alice, alice_client, charlie_client, client):
    catalyst = profile(alice)
    DurabilityAssessment.objects.create(
        catalyst=catalyst,
        assessed_on=date(2026, 11, 2),
        stage="mature",
        mode="self",
        answers={"recognition": {"level": 3, "grounds": "Conventions pluriannuelles"}},
    )
    detail = alice_client.get(f"{LIST}/{catalyst.pk}").json()
    assert detail["territories"] == ["region:24"] and detail["is_public"] is False
    assert detail["assessments"][0]["answers"]["recognition"]["level"] == 3
    assert names(alice_client) == ["Villes au Carré"]
    for stranger in (charlie_client, client):
        assert stranger.get(f"{LIST}/{catalyst.pk}").status_code == 404
        assert names(stranger) == []
    Catalyst.objects.update(is_public=True)
    assert names(charlie_client) == ["Villes au Carré"] == names(client)


def test_accompanied_cooperations_and_actor_show_only_to_those_who_may_see_them(
    alice, alice_client, charlie_client
):
    private = make_cooperation(alice, name="Coopération privée")
    actor = make_actor("Structure privée d'Alice")
    type(actor).objects.filter(pk=actor.pk).update(is_public=False, created_by=alice)
    catalyst = profile(alice, is_public=True, actor=actor)
    catalyst.cooperations.add(private)
    mine = alice_client.get(f"{LIST}/{catalyst.pk}").json()
    assert mine["cooperations"] == ["cooperation-privee"] and mine["actor"] == actor.pk
    theirs = charlie_client.get(f"{LIST}/{catalyst.pk}").json()
    assert theirs["cooperations"] == [] and theirs["actor"] is None
