"""The network pages: metrics beside the graph, text alternative, filters, permissions."""

import json
import re

import pytest
from django.test import Client

from tests.network.factories import TERRITORY, actor_system

pytestmark = pytest.mark.django_db


def embedded_graph(html: str) -> dict:
    found = re.search(r'<script id="network-elements" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


def test_a_member_reads_the_cooperation_network_with_its_metrics_and_relations(alice, alice_client):
    system = actor_system(alice)
    response = alice_client.get(f"/reseau/cooperation/{system.cooperation.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Système d'acteurs : Écopôle</h1>" in html
    assert "1 acteur isolé" in html and "Jardin partagé" in html
    assert f'href="/acteurs/{system.jardin.pk}/"' in html
    # The relations in words, the text alternative of the graph.
    assert re.search(r"Mairie d&#x27;Audruicq</a></td>\s*<td>Financement", html)
    assert len(embedded_graph(html)["elements"]["nodes"]) == 5
    assert f"/api/v1/network/metrics?cooperation={system.cooperation.slug}" in html


def test_the_evolution_chart_has_valid_svg_coordinates_in_every_language(alice, alice_client):
    system = actor_system(alice)
    url = f"/reseau/cooperation/{system.cooperation.slug}/"
    for language in ("fr", "en"):
        alice_client.post("/i18n/setlang/", {"language": language, "next": url})
        html = alice_client.get(url).content.decode()
        chart = re.search(r'<svg class="evolution-chart".*?</svg>', html, flags=re.S).group(0)
        # French formats 156.0 as "156,0", which SVG would read as two numbers.
        coordinates = re.findall(r' (?:x|y|x1|y1|x2|y2)="([^"]*)"', chart)
        assert coordinates and all(re.fullmatch(r"\d+(\.\d+)?", c) for c in coordinates)
        for points in re.findall(r'points="([^"]*)"', chart):
            assert len(points.split()) == 3  # 2020, 2021, 2022
            assert all(re.fullmatch(r"\d+(\.\d+)?,\d+(\.\d+)?", p) for p in points.split())


def test_strangers_and_visitors_get_404_for_a_private_cooperation_network(alice, charlie_client):
    system = actor_system(alice)
    url = f"/reseau/cooperation/{system.cooperation.slug}/"
    assert charlie_client.get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_territory_network_page_shows_a_stranger_public_relations_only(alice, charlie_client):
    actor_system(alice)
    html = charlie_client.get(f"/territoires/{TERRITORY}/reseau/").content.decode()
    edges = embedded_graph(html)["elements"]["edges"]
    assert [edge["data"]["kind"] for edge in edges] == ["funding"]
    assert "Maraîcher bio" not in html


def test_a_visitor_sees_the_public_relations_of_a_territory(alice):
    actor_system(alice)
    html = Client().get(f"/territoires/{TERRITORY}/reseau/").content.decode()
    assert [edge["data"]["kind"] for edge in embedded_graph(html)["elements"]["edges"]] == [
        "funding"
    ]


def test_filters_reload_the_network_part_with_htmx(alice, alice_client):
    actor_system(alice)
    url = f"/territoires/{TERRITORY}/reseau/"
    response = alice_client.get(
        url, {"kind": ["co_production"], "from": "2022-01-01"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html  # the part only
    assert [edge["data"]["kind"] for edge in embedded_graph(html)["elements"]["edges"]] == [
        "co_production"
    ]
    assert "kind=co_production" in html and "from=2022-01-01" in html


def test_invalid_filters_are_reported_and_the_whole_network_shown(alice, alice_client):
    actor_system(alice)
    response = alice_client.get(
        f"/territoires/{TERRITORY}/reseau/", {"from": "2023-01-01", "to": "2020-01-01"}
    )
    html = response.content.decode()
    assert "Le début de la période doit précéder sa fin." in html
    assert len(embedded_graph(html)["elements"]["edges"]) == 3


def test_the_territory_page_links_to_its_network(client):
    html = client.get(f"/territoires/{TERRITORY}/").content.decode()
    assert f'href="/territoires/{TERRITORY}/reseau/"' in html


def test_unknown_territory_network_is_404(client):
    assert client.get("/territoires/commune:99999/reseau/").status_code == 404
