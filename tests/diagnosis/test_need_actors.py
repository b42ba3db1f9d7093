"""The actors concerned by a need: picked on the diagnosis page among the territory's actors the
person may see, shown on the need in the page, the JSON and the report."""

import pytest

from terreau.actors.models import Actor
from terreau.diagnosis.models import Need
from tests.diagnosis.factories import actor

pytestmark = pytest.mark.django_db

URL = "/territoires/epci:246200844/diagnostic/"
NEED = {
    "need-title": "Pas de solution de garde le soir",
    "need-channel": "workshop",
    "need-voiced_on": "2026-10-12",
    "need-priority": "high",
    "need-status": "open",
    "need-is_public": "on",
}


@pytest.fixture
def actors(alice):
    grocery = actor("Épicerie solidaire", "62057", functions=["food"])
    Actor.objects.filter(pk=grocery.pk).update(siret="40483304800022")
    garage = actor("Garage solidaire", "62906", kind="company", functions=["mobility"])
    outside = actor("Épicerie d'Arras", "62041")  # same département, another EPCI
    parents = actor("Collectif des parents", "62057")
    Actor.objects.filter(pk=parents.pk).update(is_public=False, created_by=alice)
    return {"grocery": grocery, "garage": garage, "outside": outside, "parents": parents}


def search(client, text, *ticked):
    """What the need form's actor picker asks for as the person types."""
    query = {"name": "need-actors", "id": "id_need-actors", "multiple": "1"}
    query |= {"territoire": "epci:246200844", "need-actors-q": text, "need-actors": list(ticked)}
    return client.get("/acteurs/choisir/", query)


def test_actors_of_the_territory_are_found_by_name_or_siret_and_ticked(actors, alice_client):
    found = search(alice_client, "epicerie")
    assert "Épicerie solidaire" in found.text and "Arras" not in found.text
    assert "1 acteur trouvé" in found.text
    assert f'value="{actors["grocery"].pk}"' in found.text
    assert "Épicerie solidaire" in search(alice_client, "404 833").text  # SIRET, as written
    nothing = search(alice_client, "arras")
    assert "Aucun acteur de ce territoire ne correspond à « arras »" in nothing.text
    # Ticked actors stay, ticked, above the new suggestions.
    both = search(alice_client, "solidaire", actors["grocery"].pk).text
    assert both.index("Épicerie solidaire") < both.index("Garage solidaire")
    ticked = f'value="{actors["grocery"].pk}" id="id_need-actors-{actors["grocery"].pk}" checked'
    assert ticked in both
    assert f'value="{actors["garage"].pk}" id="id_need-actors-{actors["garage"].pk}">' in both


def test_a_need_names_its_actors_with_links_in_the_page_json_and_report(actors, alice_client):
    grocery, garage = actors["grocery"], actors["garage"]
    response = alice_client.post(URL + "besoins/", {**NEED, "need-actors": [grocery.pk, garage.pk]})
    assert response.status_code == 302
    assert set(Need.objects.get().actors.all()) == {grocery, garage}
    page = alice_client.get(URL)
    assert f'<a href="/acteurs/{grocery.pk}/">Épicerie solidaire</a>' in page.text
    assert page.context["data"]["needs"][0]["actors"] == [
        {"id": grocery.pk, "name": "Épicerie solidaire"},
        {"id": garage.pk, "name": "Garage solidaire"},
    ]
    report = alice_client.get(URL + "rapport.html").text
    assert "Épicerie solidaire (SIRET 40483304800022)" in report


def test_a_stranger_can_neither_attach_nor_see_a_private_actor(
    actors, alice_client, charlie_client
):
    parents = actors["parents"]
    assert "Collectif" in search(alice_client, "collectif").text
    assert "Collectif" not in search(charlie_client, "collectif").text
    refused = charlie_client.post(URL + "besoins/", {**NEED, "need-actors": [parents.pk]})
    assert refused.status_code == 200 and not Need.objects.exists()
    assert refused.context["need_form"].errors["actors"] == [
        f"L'acteur n° {parents.pk} n'est pas un acteur de ce territoire que vous pouvez voir."
    ]
    assert "L&#x27;acteur n°" in refused.text
    # Alice links her private actor to a public need: charlie sees the need, not the actor.
    alice_client.post(URL + "besoins/", {**NEED, "need-actors": [parents.pk]})
    assert "Collectif des parents" in alice_client.get(URL).text
    page = charlie_client.get(URL)
    assert "Pas de solution de garde le soir" in page.text
    assert "Collectif des parents" not in page.text and "Acteurs concernés :" not in page.text
    assert page.context["data"]["needs"][0]["actors"] == []
    api = charlie_client.get("/api/v1/territories/departement:62/diagnosis").json()
    assert api["needs"][0]["actors"] == []
    assert "Collectif des parents" not in charlie_client.get(URL + "rapport.html").text


def test_an_invalid_actor_is_a_clear_form_error_and_the_valid_ones_stay_ticked(
    actors, alice_client
):
    grocery, outside = actors["grocery"], actors["outside"]
    page = alice_client.post(URL + "besoins/", {**NEED, "need-actors": [grocery.pk, outside.pk]})
    assert page.status_code == 200 and not Need.objects.exists()
    assert page.context["need_form"].errors["actors"] == [
        f"L'acteur n° {outside.pk} n'est pas un acteur de ce territoire que vous pouvez voir."
    ]
    assert f'id="id_need-actors-{grocery.pk}" checked' in page.text
    assert "Épicerie d&#x27;Arras" not in page.text
    page = alice_client.post(URL + "besoins/", {**NEED, "need-actors": ["abc"]})
    assert page.context["need_form"].errors["actors"] == ["« abc » n'est pas un numéro d'acteur."]
