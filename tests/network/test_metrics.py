"""Metrics on small graphs, checked against networkx as the oracle (no database)."""

import random
from datetime import date

import networkx as nx
import pytest

from terreau.network.graph import NetworkFilters
from terreau.network.metrics import METRIC_KEYS, betweenness, network_metrics
from tests.network.graphs import network_of, oracle


def random_relations(seed: int, actors: int, relations: int) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    return [tuple(rng.sample(range(1, actors + 1), 2)) for _ in range(relations)]


GRAPHS = {
    "path": [(1, 2), (2, 3), (3, 4), (4, 5)],
    "star": [(1, 2), (1, 3), (1, 4), (1, 5), (1, 6)],
    "two triangles joined by a bridge": [(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4)],
    # The same pair twice, once each way: one link.
    "repeated and reversed relations": [(1, 2), (2, 1), (1, 2), (2, 3)],
    "sparse random": random_relations(1, 60, 50),
    "dense random": random_relations(2, 30, 200),
}


@pytest.mark.parametrize("name", GRAPHS)
def test_size_density_components_and_betweenness_agree_with_networkx(name):
    network = network_of(GRAPHS[name], presences=[(99, None, None)])  # 99: a member, isolated
    metrics = network_metrics(network)
    expected = oracle(network)
    assert metrics["nodes"] == expected.number_of_nodes()
    assert metrics["edges"] == expected.number_of_edges()
    assert metrics["relations"] == len(GRAPHS[name])
    assert metrics["density"] == pytest.approx(nx.density(expected), abs=1e-6)
    assert metrics["components"] == nx.number_connected_components(expected)
    assert metrics["largest_component"] == max(len(c) for c in nx.connected_components(expected))
    isolated = {network.actors[v].id for v in nx.isolates(expected)}
    assert {actor["id"] for actor in metrics["isolated"]} == isolated and 99 in isolated

    scores, method = betweenness(network.graph)
    reference = nx.betweenness_centrality(expected, normalized=True)
    assert method == {"method": "exact"}
    assert scores == pytest.approx([reference[v] for v in range(len(scores))], abs=1e-9)
    best = max(reference.values())
    assert metrics["top_betweenness"][0]["score"] == pytest.approx(best, abs=1e-6)
    degrees = dict(expected.degree())
    assert metrics["top_degree"][0]["degree"] == max(degrees.values())


def test_the_brokers_of_two_groups_come_first():
    metrics = network_metrics(network_of(GRAPHS["two triangles joined by a bridge"]))
    brokers = [(row["actor"]["name"], row["score"]) for row in metrics["top_betweenness"]]
    # 3 and 4 hold the bridge: each lies on 9 of the 10 paths between two other actors.
    assert brokers == [("A3", 0.6), ("A4", 0.6)]
    assert list(metrics) == list(METRIC_KEYS)


def test_sampled_betweenness_is_networkx_estimator_with_the_same_sources():
    network = network_of(random_relations(3, 80, 160))
    graph = oracle(network)
    scores, method = betweenness(network.graph, max_exact=50, sources=20, seed=7)
    assert method == {"method": "sampled", "sources": 20, "seed": 7}
    # networkx draws its k sources with random.Random(seed).sample over the vertices in the same
    # order, so both estimate from the same sources and must agree.
    estimate = nx.betweenness_centrality(graph, k=20, seed=7, normalized=True)
    assert scores == pytest.approx([estimate[v] for v in range(len(scores))], abs=1e-9)
    exact = nx.betweenness_centrality(graph, normalized=True)
    assert scores != pytest.approx([exact[v] for v in range(len(scores))], abs=1e-9)


def test_metrics_switch_to_sampling_above_the_exact_size(monkeypatch):
    from terreau.network import metrics as module

    network = network_of(random_relations(4, 40, 80))
    monkeypatch.setattr(module, "EXACT_BETWEENNESS_MAX_NODES", 10)
    monkeypatch.setattr(module, "SAMPLED_SOURCES", 20)
    assert network_metrics(network)["betweenness"] == {
        "method": "sampled",
        "sources": 20,
        "seed": module.SAMPLING_SEED,
    }


def test_cross_sector_share_counts_relations_between_different_sectors():
    kinds = {
        1: "local_authority",  # public
        2: "association",  # ESS
        3: "cooperative",  # ESS
        4: "company",  # private
        5: "inhabitant",  # citizen
    }
    actors = [(pk, f"A{pk}", kind, pk == 4 and False) for pk, kind in kinds.items()]
    actors.append((6, "A6", "company", True))  # a company flagged ESS counts as ESS
    relations = [
        (1, 2, "funding", True, None, None),  # public – ESS: crosses
        (1, 2, "public_partnership", False, None, None),  # the same pair again: crosses
        (2, 3, "pooling", False, None, None),  # ESS – ESS
        (3, 6, "pooling", False, None, None),  # ESS – ESS (flagged company)
        (4, 5, "informal_exchange", False, None, None),  # private – citizen: crosses
    ]
    metrics = network_metrics(network_of(relations, actors=actors))
    assert metrics["cross_sector_share"] == 0.6  # 3 of 5 relations
    assert metrics["sector_pairs"] == [
        {"sectors": ["public", "ess"], "relations": 2},
        {"sectors": ["ess", "ess"], "relations": 2},
        {"sectors": ["private", "citizen"], "relations": 1},
    ]
    assert metrics["directed_relations"] == 1


def test_an_empty_network_has_null_share_and_no_evolution():
    metrics = network_metrics(network_of([]))
    assert (metrics["nodes"], metrics["edges"], metrics["density"]) == (0, 0, 0.0)
    assert metrics["components"] == 0 and metrics["cross_sector_share"] is None
    assert metrics["top_betweenness"] == [] and metrics["evolution"] == []


def test_evolution_counts_the_network_at_the_end_of_each_year():
    d = date
    relations = [
        (1, 2, "pooling", False, d(2019, 3, 1), None),
        (2, 3, "funding", True, d(2020, 6, 1), d(2021, 6, 30)),  # gone by the end of 2021
        (3, 4, "pooling", False, d(2021, 1, 1), d(2021, 12, 31)),  # still there on 31 December
        (4, 5, "pooling", False, None, d(2019, 5, 1)),  # undated start, ended before 2019's end
        (5, 6, "pooling", False, d(2022, 2, 1), None),
    ]
    # Actor 7 is a member from 2020 on, without any relation.
    network = network_of(relations, presences=[(7, d(2020, 1, 1), None)])
    assert network_metrics(network)["evolution"] == [
        {"year": 2019, "nodes": 2, "edges": 1, "density": 1.0, "components": 1},
        {"year": 2020, "nodes": 4, "edges": 2, "density": 0.333333, "components": 2},
        {"year": 2021, "nodes": 5, "edges": 2, "density": 0.2, "components": 3},
        {"year": 2022, "nodes": 5, "edges": 2, "density": 0.2, "components": 3},
    ]
    within = network_of(relations, filters=NetworkFilters(start=d(2020, 1, 1), end=d(2021, 12, 31)))
    assert [row["year"] for row in network_metrics(within)["evolution"]] == [2020, 2021]


def test_evolution_never_goes_past_the_current_year():
    this_year = date.today().year
    relations = [(1, 2, "pooling", False, date(this_year - 1, 1, 1), date(this_year + 3, 1, 1))]
    years = [row["year"] for row in network_metrics(network_of(relations))["evolution"]]
    assert years == [this_year - 1, this_year]


def test_a_link_exists_in_the_years_any_of_its_relations_covers():
    d = date
    relations = [
        (1, 2, "pooling", False, d(2015, 1, 1), d(2016, 6, 30)),  # at the end of 2015
        (2, 1, "funding", True, d(2016, 2, 1), d(2016, 12, 31)),  # 2016, the other way
        (1, 2, "pooling", False, d(2017, 3, 1), d(2017, 12, 31)),  # 2017
        (3, 4, "pooling", False, d(2015, 1, 1), d(2015, 12, 31)),  # 2015
        (3, 4, "pooling", False, d(2017, 1, 1), None),  # then again from 2017
    ]
    rows = network_metrics(network_of(relations))["evolution"]
    assert [(row["year"], row["nodes"], row["edges"]) for row in rows] == [
        (2015, 4, 2),
        (2016, 2, 1),
        (2017, 4, 2),
    ]
