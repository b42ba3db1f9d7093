"""The network metrics and graph through the JSON API and the command line."""

import json

import pytest
from django.test import Client

from terreau.cli import main
from terreau.cooperations.services import cooperation_publish
from terreau.network.metrics import METRIC_KEYS
from tests.network.factories import TERRITORY, actor_system

pytestmark = pytest.mark.django_db

METRICS = "/api/v1/network/metrics"
GRAPH = "/api/v1/network/graph"


def test_metrics_of_a_cooperation_for_its_members(alice, alice_client):
    system = actor_system(alice)
    response = alice_client.get(METRICS, {"cooperation": system.cooperation.slug})
    assert response.status_code == 200
    data = response.json()
    # The metrics, then when they were computed (by a job, network.cache) and whether current.
    assert list(data) == [*METRIC_KEYS, "computed_at", "up_to_date"]
    assert data["up_to_date"] is True
    assert (data["nodes"], data["relations"]) == (5, 2)
    assert data["isolated"] == [
        {"id": system.jardin.pk, "name": "Jardin partagé", "kind": "informal_group"}
    ]


def test_a_stranger_gets_404_for_a_private_cooperation_even_once_published(alice, charlie_client):
    system = actor_system(alice)
    for url in (METRICS, GRAPH):
        assert charlie_client.get(url, {"cooperation": system.cooperation.slug}).status_code == 404
        assert Client().get(url, {"cooperation": system.cooperation.slug}).status_code == 404
    cooperation_publish(cooperation=system.cooperation, public=True)
    assert charlie_client.get(METRICS, {"cooperation": system.cooperation.slug}).status_code == 404
    assert charlie_client.get(METRICS, {"cooperation": "nope"}).status_code == 404


def test_a_territory_network_through_the_api_shows_a_stranger_only_public_relations(
    alice, alice_client, charlie_client
):
    system = actor_system(alice)
    assert charlie_client.get(METRICS, {"territory": TERRITORY}).json()["relations"] == 1
    assert alice_client.get(METRICS, {"territory": TERRITORY}).json()["relations"] == 3
    edges = charlie_client.get(GRAPH, {"territory": TERRITORY}).json()["elements"]["edges"]
    assert [edge["data"]["id"] for edge in edges] == [f"r{system.public_funding.pk}"]


def test_filters_by_kind_and_period(alice, alice_client):
    actor_system(alice)
    data = alice_client.get(
        METRICS, {"territory": TERRITORY, "kind": ["funding", "co_production"]}
    ).json()
    assert data["relations"] == 2
    assert data["filters"] == {"kinds": ["funding", "co_production"], "from": None, "to": None}
    data = alice_client.get(METRICS, {"territory": TERRITORY, "from": "2022-01-01"}).json()
    assert data["filters"]["from"] == "2022-01-01"
    # Undated ends are open: all three relations still run in 2022.
    assert data["relations"] == 3
    data = alice_client.get(METRICS, {"territory": TERRITORY, "to": "2021-01-01"}).json()
    assert data["relations"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"cooperation": "x", "territory": TERRITORY},
        {"territory": TERRITORY, "kind": "friendship"},
        {"territory": TERRITORY, "from": "2022-01-01", "to": "2021-01-01"},
    ],
)
def test_bad_requests_say_what_is_wrong(client, params):
    response = client.get(METRICS, params)
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_unknown_territory_is_404(client):
    assert client.get(METRICS, {"territory": "commune:99999"}).status_code == 404


def test_graph_gives_cytoscape_elements_styled_by_kind(alice, alice_client):
    system = actor_system(alice)
    data = alice_client.get(GRAPH, {"cooperation": system.cooperation.slug}).json()
    assert data["truncated"] is False and data["total_nodes"] == 5
    nodes = {node["data"]["label"]: node["data"] for node in data["elements"]["nodes"]}
    mairie = nodes["Mairie d'Audruicq"]
    assert mairie["id"] == f"a{system.mairie.pk}" and mairie["kind"] == "local_authority"
    assert mairie["sector"] == "public" and mairie["url"] == f"/acteurs/{system.mairie.pk}/"
    edges = {edge["data"]["kind"]: edge["data"] for edge in data["elements"]["edges"]}
    assert edges["funding"]["directed"] is True
    assert edges["funding"]["source"] == mairie["id"]
    assert edges["co_production"]["directed"] is False
    limited = alice_client.get(GRAPH, {"cooperation": system.cooperation.slug, "limit": 2}).json()
    assert limited["truncated"] is True and len(limited["elements"]["nodes"]) == 2
    # The most connected actors are kept (ties: the oldest), with the relations between them.
    assert {n["data"]["label"] for n in limited["elements"]["nodes"]} == {
        "Mairie d'Audruicq",
        "Épicerie solidaire",
    }
    assert [edge["data"]["kind"] for edge in limited["elements"]["edges"]] == ["funding"]


def test_the_graph_names_its_most_connected_actors_only(alice, alice_client, monkeypatch):
    """The others' names are a tooltip (network.js): all names at once would overlap."""
    system = actor_system(alice)
    monkeypatch.setattr("terreau.network.drawing.GRAPH_LABELLED", 2)
    data = alice_client.get(GRAPH, {"cooperation": system.cooperation.slug}).json()
    labelled = {n["data"]["label"] for n in data["elements"]["nodes"] if n["data"]["labelled"]}
    assert labelled == {"Mairie d'Audruicq", "Épicerie solidaire"}


def run(capsys, *argv) -> tuple[int, str, str]:
    """Exit status and output, as the shell would see them (some errors exit from argparse)."""
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_prints_the_documented_keys_as_the_operator(alice, capsys):
    system = actor_system(alice)
    status, out, _err = run(capsys, "network", "metrics", "--territory", TERRITORY)
    data = json.loads(out)
    assert status == 0 and list(data) == list(METRIC_KEYS)
    # Mairie – Épicerie – Maraîcher – La Butinerie, and the isolated Jardin: each of the two
    # middle actors is on 2 of the 6 shortest paths between the 4 others.
    assert data["top_betweenness"] == [
        {
            "actor": {"id": system.maraicher.pk, "name": "Maraîcher bio", "kind": "company"},
            "score": 0.333333,
        },
        {
            "actor": {
                "id": system.epicerie.pk,
                "name": "Épicerie solidaire",
                "kind": "association",
            },
            "score": 0.333333,
        },
    ]
    assert (data["nodes"], data["edges"], data["components"], data["density"]) == (5, 3, 2, 0.3)
    assert data["cross_sector_share"] == 1.0

    status, out, _err = run(
        capsys,
        "network",
        "metrics",
        "--cooperation",
        system.cooperation.slug,
        "--format",
        "json",
        "--kind",
        "funding",
        "--kind",
        "pooling",
        "--from",
        "2021-01-01",
    )
    data = json.loads(out)
    assert status == 0 and data["relations"] == 1  # the funding between two members
    assert data["filters"] == {"kinds": ["funding", "pooling"], "from": "2021-01-01", "to": None}


@pytest.mark.parametrize(
    "argv",
    [
        ["--cooperation", "inconnue"],
        ["--territory", "commune:99999"],
        ["--territory", TERRITORY, "--from", "2022-01-01", "--to", "2020-01-01"],
    ],
)
def test_cli_exits_2_naming_the_problem(db, capsys, argv):
    status, out, err = run(capsys, "network", "metrics", *argv)
    assert status == 2 and out == "" and err.startswith("terreau: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv", [["--territory", TERRITORY, "--kind", "friendship"], ["--format", "json"]]
)
def test_cli_refuses_an_unknown_kind_and_a_missing_scope(db, capsys, argv):
    status, out, err = run(capsys, "network", "metrics", *argv)
    assert status == 2 and out == "" and "error" in err
