"""A network as GEXF and GraphML, read back with networkx (the oracle) as Gephi would read it:
every actor and relation the person may see and no other, names not codes, the licence and the
date of the data."""

import io
from datetime import date

import networkx
import pytest
from django.test import Client
from django.utils import timezone

from terreau.cli import main
from tests.network.factories import TERRITORY, actor_system

pytestmark = pytest.mark.django_db

FILE = "/api/v1/network/file"


def read(content: bytes, file_format: str):
    reader = networkx.read_gexf if file_format == "gexf" else networkx.read_graphml
    return reader(io.BytesIO(content))


def edge_ids(graph) -> set[str]:
    """One id per relation (GEXF's both-ways relations are read as two edges)."""
    return {data["id"] for *_ends, data in graph.edges(data=True)}


def content(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("file_format", ["gexf", "graphml"])
def test_a_stranger_gets_only_the_public_relations_of_a_territory(
    alice, alice_client, charlie_client, file_format
):
    system = actor_system(alice)
    graph = read(
        content(charlie_client.get(FILE, {"territory": TERRITORY, "format": file_format})),
        file_format,
    )
    label = "label" if file_format == "gexf" else "nom"
    names = {data[label] for _node, data in graph.nodes(data=True)}
    assert names == {"Épicerie solidaire", "Mairie d'Audruicq"}
    assert edge_ids(graph) == {f"r{system.public_funding.pk}"}
    # alice sees her private relation and the cooperation's too.
    graph = read(
        content(alice_client.get(FILE, {"territory": TERRITORY, "format": file_format})),
        file_format,
    )
    assert len(edge_ids(graph)) == 3
    assert str(system.maraicher.pk) in graph.nodes


def test_gexf_carries_names_dates_licence_and_date_of_data(alice, alice_client):
    system = actor_system(alice)
    response = alice_client.get(FILE, {"cooperation": system.cooperation.slug, "format": "gexf"})
    assert response["Content-Disposition"].endswith('.gexf"')
    raw = content(response)
    graph = read(raw, "gexf")
    mairie = graph.nodes[str(system.mairie.pk)]
    assert mairie["label"] == "Mairie d'Audruicq"
    assert mairie["nature"] == "Collectivité"
    # the isolated member is a node of its own
    assert str(system.jardin.pk) in graph.nodes
    text = raw.decode()
    assert "Licence Ouverte" in text
    assert f'lastmodifieddate="{timezone.localdate().isoformat()}"' in text
    funding = [
        data
        for _s, _t, data in graph.edges(data=True)
        if data.get("id") == f"r{system.public_funding.pk}"
    ]
    assert funding and funding[0]["nature de la relation"] == "Financement"
    assert funding[0]["début"] == date(2020, 1, 1).isoformat()


def test_graphml_states_its_licence_and_date(alice, alice_client):
    system = actor_system(alice)
    raw = content(
        alice_client.get(FILE, {"cooperation": system.cooperation.slug, "format": "graphml"})
    )
    graph = read(raw, "graphml")
    assert graph.graph["licence"].startswith("Licence Ouverte")
    assert graph.graph["date des données"] == timezone.localdate().isoformat()
    assert graph.nodes[str(system.epicerie.pk)]["nom"] == "Épicerie solidaire"


def test_a_private_cooperation_network_is_not_a_strangers_file(alice, charlie_client):
    system = actor_system(alice)
    for client in (charlie_client, Client()):
        response = client.get(FILE, {"cooperation": system.cooperation.slug, "format": "gexf"})
        assert response.status_code == 404


def test_an_unknown_format_is_refused_in_words(alice_client):
    response = alice_client.get(FILE, {"territory": TERRITORY, "format": "dot"})
    assert response.status_code == 422


def test_the_command_exports_open_data_by_default(alice, tmp_path):
    system = actor_system(alice)
    public, everything = tmp_path / "public.graphml", tmp_path / "all.graphml"
    assert (
        main(
            [
                "network",
                "export",
                "--territory",
                TERRITORY,
                "--format",
                "graphml",
                "-o",
                str(public),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "network",
                "export",
                "--territory",
                TERRITORY,
                "--format",
                "graphml",
                "--all",
                "-o",
                str(everything),
            ]
        )
        == 0
    )
    assert str(system.maraicher.pk) not in read(public.read_bytes(), "graphml").nodes
    assert str(system.maraicher.pk) in read(everything.read_bytes(), "graphml").nodes


def test_the_network_page_links_its_files(alice, alice_client):
    actor_system(alice)
    from terreau.network.cache import refresh  # the figures the page shows

    refresh(force=True)
    page = alice_client.get(f"/territoires/{TERRITORY}/reseau/").content.decode()
    assert "format=gexf" in page and "format=graphml" in page
