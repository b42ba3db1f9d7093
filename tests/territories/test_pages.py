import pytest
from django.test import Client

from terreau.territories.refs import resolve

pytestmark = pytest.mark.django_db


def test_the_territory_page_shows_level_population_communes_and_parents(client):
    page = client.get("/territoires/epci:246200844/").text
    epci = resolve("epci:246200844")
    assert "CC de la Région d&#x27;Audruicq" in page
    assert "EPCI" in page
    assert f"{epci.population}" in page.replace("\u202f", "").replace("\xa0", "")
    assert ">15<" in page  # number of communes
    assert 'href="/territoires/departement:62/"' in page
    assert 'href="/territoires/commune:62057/"' in page
    assert 'data-geojson="/api/v1/territories/epci:246200844/communes.geojson"' in page


def test_a_long_list_of_communes_is_paged_and_pages_load_in_place(client):
    page = client.get("/territoires/departement:62/")
    assert page.context["communes"].paginator.count > 800
    assert len(page.context["communes"]) == 50
    partial = client.get(
        "/territoires/departement:62/", {"page": 2}, headers={"HX-Request": "true"}
    )
    assert partial.templates[0].name == "territories/includes/communes_table.html"
    assert "<html" not in partial.text


def test_an_old_or_delegated_code_leads_to_the_current_commune(client):
    response = client.get("/territoires/commune:75108/")
    assert response.status_code == 302 and response.url == "/territoires/commune:75056/"


def test_an_unknown_territory_gets_the_french_not_found_page(client):
    response = client.get("/territoires/commune:99999/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text


def test_the_map_data_lists_points_and_says_which_communes_have_none(client):
    data = client.get("/api/v1/territories/departement:12/communes.geojson").json()
    assert {"code": "12218", "name": "Conques-en-Rouergue"} in data["unplaced"]
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert 1 < lon < 4 and 43 < lat < 45  # Aveyron


def test_autocomplete_answers_with_a_list_of_links(client):
    response = client.get("/territoires/", {"q": "pantin"}, headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert 'href="/territoires/commune:93055/"' in response.text


def test_search_works_without_javascript(client):
    response = client.get("/territoires/", {"q": "pas-de-calais"})
    assert "<html" in response.text
    assert 'href="/territoires/departement:62/"' in response.text


def test_pages_are_in_french_by_default_and_english_on_request():
    client = Client()
    page = client.get("/territoires/region:32/", headers={"Accept-Language": "en-US,en"})
    assert '<html lang="fr">' in page.text and "Nombre de communes" in page.text
    client.post("/i18n/setlang/", {"language": "en", "next": "/territoires/region:32/"})
    page = client.get("/territoires/region:32/")
    assert '<html lang="en">' in page.text and "Number of communes" in page.text


def test_a_commune_page_lists_its_delegated_communes_and_former_codes(client):
    page = client.get("/territoires/commune:75056/").text
    assert "Paris 8e Arrondissement" in page and "75108" in page
