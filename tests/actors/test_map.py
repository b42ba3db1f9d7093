"""The actor map (`/acteurs/carte.geojson`, `actors.queries.actors_per_commune`): actors counted
per commune with the viewer's rights, the communes' points read afterwards."""

import pytest
from django.test import Client

from terreau.actors.models import Actor
from terreau.territories.models import Commune
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db

MAP = "/acteurs/carte.geojson"
EPCI = {"territoire": "epci:246200844"}  # CC de la Région d'Audruicq


def add(name: str, commune, **fields) -> Actor:
    return Actor.objects.create(name=name, search_name=name.lower(), commune=commune, **fields)


@pytest.fixture
def actors(alice):
    audruicq, zutkerque = Commune.objects.get(code="62057"), Commune.objects.get(code="62906")
    add("Épicerie", audruicq, kind="association")
    add("Cabinet", audruicq, kind="company")
    add("Ressourcerie", zutkerque, kind="association")
    add("Cuisine privée", zutkerque, kind="association", is_public=False, created_by=alice)
    add("Ailleurs", Commune.objects.get(code="93055"), kind="company")  # outside the EPCI
    add("Sans commune", None, kind="company")


def counts(response) -> dict:
    data = response.json()
    found = {f["properties"]["code"]: f["properties"]["count"] for f in data["features"]}
    return found | {"unplaced": data["unplaced_actors"]}


def test_each_viewer_counts_the_private_actors_they_may_see(actors, alice, charlie):
    assert counts(client_for(alice).get(MAP, EPCI)) == {"62057": 2, "62906": 2, "unplaced": 0}
    assert counts(client_for(charlie).get(MAP, EPCI)) == {"62057": 2, "62906": 1, "unplaced": 0}
    assert counts(Client().get(MAP, EPCI)) == {"62057": 2, "62906": 1, "unplaced": 0}
    staff = client_for(UserFactory(username="staff", is_staff=True))
    assert counts(staff.get(MAP, EPCI)) == {"62057": 2, "62906": 2, "unplaced": 0}


def test_features_name_their_commune_at_its_point(actors):
    feature = next(
        f for f in Client().get(MAP, EPCI).json()["features"] if f["properties"]["code"] == "62057"
    )
    commune = Commune.objects.get(code="62057")
    assert feature["properties"]["name"] == commune.name
    assert feature["geometry"] == {"type": "Point", "coordinates": [commune.lon, commune.lat]}


def test_actors_without_a_commune_or_a_point_are_counted_apart(actors):
    Commune.objects.filter(code="62906").update(lon=None, lat=None)
    found = counts(Client().get(MAP, {"kind": "company"}))
    assert found == {"62057": 1, "93055": 1, "unplaced": 1}
    assert counts(Client().get(MAP, EPCI)) == {"62057": 2, "unplaced": 1}
    assert Client().get(MAP, {"territoire": "epci:000000000"}).status_code == 404
