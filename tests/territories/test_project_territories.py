import pytest
from django.test import Client

from terreau.territories.models import ProjectTerritory
from terreau.territories.refs import TerritoryRefError, resolve
from terreau.territories.services import project_territory_save
from tests.confirmation import CONFIRM

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_territory(alice):
    return project_territory_save(
        owner=alice,
        name="Pays de l'Audomarois élargi",
        components=["epci:246200844", "commune:62765", "bassin:62057"],
    )


def codes(territory) -> set[str]:
    return set(territory.communes().values_list("code", flat=True))


def test_a_project_territory_is_the_union_of_its_components(alice_territory):
    expected = (
        codes(resolve("epci:246200844"))
        | codes(resolve("commune:62765"))
        | codes(resolve("bassin:62057"))
    )
    assert codes(alice_territory) == expected
    assert alice_territory.ref == "projet:pays-de-laudomarois-elargi"
    assert alice_territory.population == sum(c.population for c in alice_territory.communes())


def test_it_behaves_like_any_territory(alice_territory):
    territory = resolve(alice_territory.ref)
    assert territory == alice_territory
    assert territory.commune_count == len(codes(alice_territory))
    assert {"departement:62", "region:32"} <= {p.ref for p in territory.parents()}


def test_it_can_be_edited_later(alice, alice_territory):
    project_territory_save(
        owner=alice,
        territory=alice_territory,
        name="Audruicq seul",
        components=["commune:62057"],
    )
    alice_territory.refresh_from_db()
    assert alice_territory.name == "Audruicq seul"
    assert codes(alice_territory) == {"62057"}
    assert alice_territory.slug == "pays-de-laudomarois-elargi"  # links keep working


def test_an_unknown_component_is_refused_and_nothing_is_saved(alice):
    with pytest.raises(TerritoryRefError, match="epci:999999999"):
        project_territory_save(owner=alice, name="X", components=["epci:999999999"])
    assert not ProjectTerritory.objects.exists()


def test_a_project_territory_is_private_by_default(alice_territory, charlie):
    assert alice_territory.is_public is False
    with pytest.raises(TerritoryRefError):
        resolve(alice_territory.ref, user=charlie)
    assert resolve(alice_territory.ref, user=alice_territory.owner) == alice_territory


def test_a_stranger_gets_nothing_of_a_private_territory(alice_territory, charlie_client):
    anonymous = Client()
    url = alice_territory.get_absolute_url()
    api = f"/api/v1/territories/{alice_territory.ref}"
    for client in (charlie_client, anonymous):
        assert client.get(url).status_code == 404
        assert client.get(api).status_code == 404
        assert client.get(f"{api}/communes.geojson").status_code == 404
        assert client.get("/api/v1/territories/search", {"q": "audomarois"}).json() == []
        assert "Audomarois" not in client.get("/territoires/projets/").text
        assert "Audomarois" not in client.get("/territoires/", {"q": "audomarois"}).text
    edit = f"/territoires/projets/{alice_territory.slug}/modifier/"
    assert charlie_client.get(edit).status_code == 404
    assert (
        charlie_client.post(edit, {"name": "pris", "components": ["commune:1"]}).status_code == 404
    )
    delete = f"/territoires/projets/{alice_territory.slug}/supprimer/"
    assert charlie_client.post(delete, CONFIRM).status_code == 404
    assert anonymous.post(delete, CONFIRM).status_code == 302  # to the login page
    alice_territory.refresh_from_db()
    assert alice_territory.name == "Pays de l'Audomarois élargi"


def test_a_public_territory_is_seen_by_everyone_but_edited_by_its_owner_only(
    alice_territory, charlie_client
):
    alice_territory.is_public = True
    alice_territory.save()
    assert charlie_client.get(alice_territory.get_absolute_url()).status_code == 200
    assert "Audomarois" in charlie_client.get("/territoires/projets/").text
    edit = f"/territoires/projets/{alice_territory.slug}/modifier/"
    assert charlie_client.get(edit).status_code == 404


def test_an_administrator_sees_and_edits_every_territory(alice_territory, ada_client):
    assert ada_client.get(alice_territory.get_absolute_url()).status_code == 200
    edit = f"/territoires/projets/{alice_territory.slug}/modifier/"
    assert ada_client.get(edit).status_code == 200


def test_the_form_creates_then_edits_a_territory(alice_client):
    response = alice_client.post(
        "/territoires/projets/nouveau/",
        {"name": "Jura", "components": ["departement:39"], "description": "Tout le Jura"},
    )
    territory = ProjectTerritory.objects.get()
    assert response.status_code == 302 and response.url == territory.get_absolute_url()
    assert codes(territory) == codes(resolve("departement:39"))
    page = alice_client.get(response.url)
    assert "Tout le Jura" in page.text
    response = alice_client.post(
        f"/territoires/projets/{territory.slug}/modifier/",
        {"name": "Jura et Doubs", "components": ["departement:39", "departement:25"]},
    )
    territory.refresh_from_db()
    assert territory.name == "Jura et Doubs"
    assert territory.components == ["departement:39", "departement:25"]


def test_the_form_says_what_is_wrong(alice_client):
    response = alice_client.post("/territoires/projets/nouveau/", {"name": "Vide"})
    assert response.status_code == 200
    assert "Ajoutez au moins une commune ou un territoire." in response.text
    response = alice_client.post(
        "/territoires/projets/nouveau/", {"name": "Mauvais", "components": ["epci:123"]}
    )
    assert "epci:123" in response.text
    assert not ProjectTerritory.objects.exists()


def test_creating_a_territory_requires_an_account():
    response = Client().get("/territoires/projets/nouveau/")
    assert response.status_code == 302 and "/comptes/connexion/" in response.url


def test_the_owner_deletes_a_territory(alice_client, alice_territory):
    delete = f"/territoires/projets/{alice_territory.slug}/supprimer/"
    asked = alice_client.get(delete).content.decode()
    assert "Supprimer le territoire de projet" in asked and "Sa composition" in asked
    alice_client.post(delete)
    assert ProjectTerritory.objects.exists()
    alice_client.post(delete, CONFIRM)
    assert not ProjectTerritory.objects.exists()
