import csv
import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from terreau.actors.models import Actor, ActorResource
from terreau.actors.services import actors_import
from terreau.territories.models import Commune
from tests.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(tmp_path):
    path = tmp_path / "acteurs.csv"
    path.write_text(
        "nom,code_commune,type,fonctions de vie,ess,categorie juridique\n"
        "Épicerie solidaire d'Audruicq,62057,association,food,oui,9220\n"
        "Cabinet médical,62057,company,health,non,5499\n"
        "Régie de quartier de Pantin,93055,ess_company,work,oui,\n"
        "Ressourcerie de Zutkerque,62906,association,environment,oui,9220\n",
        encoding="utf-8",
    )
    actors_import(path=path, file_format="csv", is_public=True)


def names(response) -> set[str]:
    return {a.name for a in response.context["page"]}


def test_actors_of_a_territory_filtered_by_life_function_kind_and_ess(client, directory):
    url = "/acteurs/"
    epci = {"territoire": "epci:246200844"}
    assert names(client.get(url, epci)) == {
        "Épicerie solidaire d'Audruicq",
        "Cabinet médical",
        "Ressourcerie de Zutkerque",
    }
    assert names(client.get(url, {**epci, "life_function": "food"})) == {
        "Épicerie solidaire d'Audruicq"
    }
    assert names(client.get(url, {**epci, "ess": "non"})) == {"Cabinet médical"}
    assert names(client.get(url, {**epci, "kind": "association", "commune": "62906"})) == {
        "Ressourcerie de Zutkerque"
    }
    assert names(client.get(url, {**epci, "family": "association"})) == {
        "Épicerie solidaire d'Audruicq",
        "Ressourcerie de Zutkerque",
    }
    assert names(client.get(url, {"q": "pantin"})) == {"Régie de quartier de Pantin"}


def test_an_unknown_territory_says_so(client, directory):
    response = client.get("/acteurs/", {"territoire": "epci:000000000"})
    assert "epci:000000000" in response.text and not response.context["page"]


def test_exports_hold_the_filtered_selection(client, directory):
    query = {"territoire": "commune:62057"}
    text = client.get("/acteurs/export.csv", query).getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {r["nom"] for r in rows} == {"Épicerie solidaire d'Audruicq", "Cabinet médical"}
    workbook = load_workbook(io.BytesIO(client.get("/acteurs/export.xlsx", query).getvalue()))
    assert workbook.active.max_row == 3
    geojson = json.loads(client.get("/acteurs/export.geojson", query).getvalue())
    assert len(geojson["features"]) == 2
    assert geojson["features"][0]["geometry"]["type"] == "Point"


def test_an_export_can_be_imported_back_without_changes(client, directory, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(client.get("/acteurs/export.csv").getvalue())
    report = actors_import(path=path, file_format="csv")
    assert report.errors == [] and report.unchanged == 0 and report.created == 4


def test_the_map_counts_actors_per_commune(client, directory):
    data = client.get("/api/v1/actors/map", {"territory": "epci:246200844"}).json()
    counts = {f["properties"]["code"]: f["properties"]["count"] for f in data["features"]}
    assert counts == {"62057": 2, "62906": 1}


def test_api_lists_actors_with_filters_and_pages(client, directory):
    data = client.get("/api/v1/actors", {"territory": "departement:93"}).json()
    assert data["count"] == 1
    actor = data["items"][0]
    assert actor["name"] == "Régie de quartier de Pantin" and actor["commune"] == "93055"
    assert actor["life_functions"] == ["work"]


def test_pages_go_in_name_order_with_each_person_s_own_private_actors(client, alice, charlie):
    arras = Commune.objects.get(code="62041")
    Actor.objects.bulk_create(
        [
            Actor(
                name=f"Atelier {n:02d}",
                search_name=f"atelier {n:02d}",
                commune=arras,
                kind="company",
            )
            for n in range(60, 0, -1)
        ]
        + [
            Actor(
                name=f"Atelier {n:02d} bis",
                search_name=f"atelier {n:02d} bis",
                commune=arras,
                kind="association",
                is_public=False,
                created_by=alice,
            )
            for n in (1, 55)
        ]
    )
    arras_ref = {"territoire": "commune:62041"}
    second = client.get("/acteurs/", {**arras_ref, "page": 2}).context["page"]
    assert [a.name for a in second] == [f"Atelier {n}" for n in range(51, 61)]
    assert second.paginator.count == 60
    alice_second = client_for(alice).get("/acteurs/", {**arras_ref, "page": 2}).context["page"]
    assert [a.name for a in alice_second] == [
        *(f"Atelier {n}" for n in range(50, 56)),
        "Atelier 55 bis",
        *(f"Atelier {n}" for n in range(56, 61)),
    ]
    charlie_api = client_for(charlie).get(
        "/api/v1/actors", {"territory": "commune:62041", "page": 3, "page_size": 25}
    )
    assert [a["name"] for a in charlie_api.json()["items"]] == [
        f"Atelier {n}" for n in range(51, 61)
    ]


def test_an_actor_is_drawn_at_its_establishment_when_known_else_at_its_commune(client, directory):
    placed = Actor.objects.get(name="Cabinet médical")
    placed.latitude, placed.longitude = 50.8801, 2.0822
    placed.save()
    epci = {"territoire": "epci:246200844"}
    geojson = json.loads(client.get("/acteurs/export.geojson", epci).getvalue())
    drawn = {
        f["properties"]["nom"]: (f["geometry"]["coordinates"], f["properties"]["position"])
        for f in geojson["features"]
    }
    audruicq = Commune.objects.get(code="62057")
    assert drawn["Cabinet médical"] == ([2.0822, 50.8801], "etablissement")
    assert drawn["Épicerie solidaire d'Audruicq"] == ([audruicq.lon, audruicq.lat], "commune")

    page = client.get(placed.get_absolute_url()).text
    assert "celle de l'établissement" in page
    point = client.get(f"/acteurs/{placed.pk}/position.geojson").json()["features"][0]
    assert point["geometry"]["coordinates"] == [2.0822, 50.8801]
    other = Actor.objects.get(name="Épicerie solidaire d'Audruicq")
    assert "au point de la commune d" in client.get(other.get_absolute_url()).text
    point = client.get(f"/acteurs/{other.pk}/position.geojson").json()["features"][0]
    assert point["geometry"]["coordinates"] == [audruicq.lon, audruicq.lat]


def test_an_actor_page_shows_what_a_user_needs(client, directory):
    actor = Actor.objects.get(name="Épicerie solidaire d'Audruicq")
    ActorResource.objects.create(
        actor=actor, direction="offer", kind="premises", description="Une salle de 40 m²"
    )
    page = client.get(actor.get_absolute_url()).text
    for expected in ("Association", "Audruicq", "Se nourrir", "Une salle de 40 m²", "acteurs.csv"):
        assert expected in page


def test_someone_adds_a_collective_without_siret_then_edits_it(alice_client, alice):
    response = alice_client.post(
        "/acteurs/nouveau/",
        {
            "name": "Collectif Vélo Audruicq",
            "kind": "informal_group",
            "commune_code": "62057",
            "life_functions_list": ["mobility"],
            "resources-TOTAL_FORMS": "1",
            "resources-INITIAL_FORMS": "0",
            "resources-0-direction": "need",
            "resources-0-kind": "premises",
            "resources-0-description": "Un atelier pour réparer les vélos",
        },
    )
    actor = Actor.objects.get()
    assert response.status_code == 302 and response.url == actor.get_absolute_url()
    assert actor.siret == "" and actor.life_functions.split() == ["mobility"]
    assert actor.created_by == alice and actor.is_public is False
    assert actor.resources.get().description == "Un atelier pour réparer les vélos"
    alice_client.post(
        f"/acteurs/{actor.pk}/modifier/",
        {
            "name": "Collectif Vélo du Pays d'Audruicq",
            "kind": "informal_group",
            "commune_code": "62057",
            "life_functions_list": ["mobility", "social_ties"],
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    actor.refresh_from_db()
    assert actor.name == "Collectif Vélo du Pays d'Audruicq"
    assert actor.life_functions_set_by_hand and "name" in actor.edited_fields
    change = actor.changes.first()
    assert change.by == alice and change.changes["name"][1] == "Collectif Vélo du Pays d'Audruicq"


def test_the_form_checks_siret_rna_and_commune(alice_client):
    response = alice_client.post(
        "/acteurs/nouveau/",
        {
            "name": "X",
            "kind": "company",
            "siret": "12345678901234",
            "rna": "W12",
            "commune_code": "99999",
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    assert "SIRET invalide (clé de contrôle)." in response.text
    assert "W" in response.text
    assert "Aucune commune n&#x27;a le code INSEE ou postal « 99999 »." in response.text
    assert not Actor.objects.exists()


def test_a_private_actor_is_hidden_from_strangers(alice, charlie_client):
    actor = Actor.objects.create(
        name="Groupe d'habitants",
        kind="inhabitant",
        source="manual",
        is_public=False,
        created_by=alice,
    )
    assert charlie_client.get(actor.get_absolute_url()).status_code == 404
    assert charlie_client.get(f"/acteurs/{actor.pk}/modifier/").status_code == 404
    assert charlie_client.get(f"/acteurs/{actor.pk}/position.geojson").status_code == 404
    assert Client().get(f"/api/v1/actors/{actor.pk}").status_code == 404
    assert Client().get("/api/v1/actors").json()["count"] == 0
    assert "Groupe d" not in Client().get("/acteurs/export.csv").getvalue().decode()


def test_only_its_author_or_an_administrator_edits_an_actor(directory, charlie_client, ada_client):
    actor = Actor.objects.first()
    assert charlie_client.get(f"/acteurs/{actor.pk}/modifier/").status_code == 404
    assert ada_client.get(f"/acteurs/{actor.pk}/modifier/").status_code == 200


def test_the_search_finds_names_siret_from_its_first_digits_and_rna_however_written(client):
    commune = Commune.objects.get(code="62057")
    for name, siret, rna in (
        ("Épicerie 882", "88234567100003", ""),
        ("Association W623", "", "W623001234"),
        ("Ferme du marais", "40483304800022", ""),
    ):
        Actor.objects.create(name=name, search_name=name.lower(), kind="association",
                             commune=commune, siret=siret, rna=rna, is_public=True)  # fmt: skip
    assert names(client.get("/acteurs/", {"q": "882 345 671"})) == {"Épicerie 882"}
    assert names(client.get("/acteurs/", {"q": "882"})) == {"Épicerie 882"}  # name and SIRET
    assert names(client.get("/acteurs/", {"q": "4048"})) == {"Ferme du marais"}
    assert names(client.get("/acteurs/", {"q": "w623-001-234"})) == {"Association W623"}
    assert names(client.get("/acteurs/", {"q": "w623"})) == {"Association W623"}  # the name
    assert names(client.get("/acteurs/", {"q": "marais"})) == {"Ferme du marais"}


def test_pages_of_a_territory_list_are_the_name_order_of_what_the_viewer_may_see(alice):
    commune = Commune.objects.get(code="62057")
    for n in range(120):
        Actor.objects.create(name=f"Acteur {n % 7} {n}", search_name=f"acteur {n % 7} {n}",
                             kind="association", commune=commune, is_public=n % 5 != 0,
                             created_by=alice if n % 10 == 0 else None)  # fmt: skip
    for viewer, client in (("visitor", Client()), ("alice", client_for(alice))):
        seen, page, last = [], 1, 1
        while page <= last:  # beyond the last page, get_page gives the last one again
            response = client.get("/acteurs/", {"territoire": "epci:246200844", "page": page})
            seen += [(a.search_name, a.pk) for a in response.context["page"]]
            page, last = page + 1, response.context["page"].paginator.num_pages
        visible = Actor.objects.filter(commune=commune, is_public=True).count() + (
            12 if viewer == "alice" else 0
        )
        assert response.context["page"].paginator.count == visible, viewer
        assert seen == sorted(seen) and len(seen) == visible, viewer
