"""Metrics of an actor-system network: size, density, components, isolated actors, the most
connected actors and the brokers between groups (betweenness), relations across sectors, and the
evolution year by year.

How relations count (see docs/architecture.md, "Network"):
- density, degree, components, betweenness and isolation are computed on the undirected simple
  graph (`ActorNetwork.graph`): a funding relation links funder and funded both ways for the
  question "who can reach whom", and two conventions between the same actors make one link;
- `relations`, `directed_relations`, the cross-sector share and the sector pairs count relation
  rows, one per relation recorded.
"""

import heapq
import random
from collections import Counter
from datetime import date

import igraph

from terreau.core.taxonomies import Sector
from terreau.network.graph import ActorNetwork

# Exact betweenness (Brandes) costs one graph traversal per actor: about 1.7 s for 5,000 actors
# and 25,000 links on 2 cores, and it grows with actors × links. Above this size it is estimated
# from traversals out of SAMPLED_SOURCES actors drawn with a fixed seed (bench/network.py measures
# the error against the exact values).
EXACT_BETWEENNESS_MAX_NODES = 5_000
SAMPLED_SOURCES = 200
SAMPLING_SEED = 1
TOP = 10
DIGITS = 6

METRIC_KEYS = (
    "scope",
    "filters",
    "nodes",
    "edges",
    "relations",
    "directed_relations",
    "density",
    "components",
    "largest_component",
    "isolated",
    "top_degree",
    "top_betweenness",
    "betweenness",
    "cross_sector_share",
    "sector_pairs",
    "evolution",
)


def network_metrics(network: ActorNetwork) -> dict:
    """The metrics of `network` as a JSON-ready dict with the keys of METRIC_KEYS, in that order
    (the contract of `terreau network metrics` and `/api/v1/network/metrics`)."""
    graph = network.graph
    actors = network.actors
    degrees = graph.degree()
    scores, method = betweenness(graph)
    sizes = graph.connected_components().sizes()
    isolated = sorted(
        (i for i, degree in enumerate(degrees) if degree == 0),
        key=lambda i: (actors[i].name, actors[i].id),
    )
    return {
        "scope": network.scope,
        "filters": network.filters.as_dict(),
        "nodes": graph.vcount(),
        "edges": graph.ecount(),
        "relations": len(network.relations),
        "directed_relations": sum(network.relations.directed),
        "density": round(density(graph.vcount(), graph.ecount()), DIGITS),
        "components": len(sizes),
        "largest_component": max(sizes, default=0),
        "isolated": [actors[i].as_dict() for i in isolated],
        "top_degree": [
            {"actor": actors[i].as_dict(), "degree": degrees[i]}
            for i in top(degrees, actors)
            if degrees[i]
        ],
        "top_betweenness": [
            {"actor": actors[i].as_dict(), "score": rounded}
            for i in top(scores, actors)
            if (rounded := round(scores[i], DIGITS))
        ],
        "betweenness": method,
        **cross_sector(network),
        "evolution": evolution(network),
    }


def density(nodes: int, edges: int) -> float:
    return 2 * edges / (nodes * (nodes - 1)) if nodes > 1 else 0.0


def top(values: list, actors) -> list[int]:
    """Indexes of the TOP largest values; ties by actor name then id, so that the list does not
    depend on the order rows came from the database. Scores are rounded first: sampled or exact
    betweenness sums floats in an order that may differ between runs."""
    return heapq.nsmallest(
        TOP,
        range(len(values)),
        key=lambda i: (-round(values[i], DIGITS), actors[i].name, actors[i].id),
    )


def betweenness(
    graph: igraph.Graph,
    *,
    max_exact: int | None = None,
    sources: int | None = None,
    seed: int = SAMPLING_SEED,
) -> tuple[list[float], dict]:
    """Normalised betweenness centrality of each vertex of an undirected graph (the share of the
    shortest paths between two other actors that go through it, as networkx's
    `betweenness_centrality(normalized=True)`), and how it was computed.

    Exact up to `max_exact` vertices. Above, estimated from the shortest paths leaving `sources`
    vertices drawn with `seed`: networkx's unbiased estimator for `k=sources` (a sampled vertex
    is scaled by the k - 1 other sources, since no path from itself goes through it); with the
    same seed and vertex order, networkx draws the same sources and gives the same values.
    `max_exact` and `sources` default to EXACT_BETWEENNESS_MAX_NODES and SAMPLED_SOURCES."""
    max_exact = EXACT_BETWEENNESS_MAX_NODES if max_exact is None else max_exact
    sources = SAMPLED_SOURCES if sources is None else sources
    n = graph.vcount()
    if n < 3:
        return [0.0] * n, {"method": "exact"}
    if n <= max_exact or sources >= n:
        # igraph counts each unordered pair once; normalised by the (n-1)(n-2)/2 pairs of others.
        scale = 2 / ((n - 1) * (n - 2))
        return [value * scale for value in graph.betweenness(directed=False)], {"method": "exact"}
    chosen = random.Random(seed).sample(range(n), sources)
    # Here igraph adds half of the dependency of each vertex on each sampled source.
    raw = graph.betweenness(directed=False, sources=chosen)
    scale_source, scale_other = 2 / ((sources - 1) * (n - 2)), 2 / (sources * (n - 2))
    sampled = set(chosen)
    scores = [
        value * (scale_source if v in sampled else scale_other) for v, value in enumerate(raw)
    ]
    return scores, {"method": "sampled", "sources": sources, "seed": seed}


def cross_sector(network: ActorNetwork) -> dict:
    """Share of relations whose two actors belong to different sectors (public, private, ESS,
    citizen; see `sector_of`), and the number of relations for each pair of sectors."""
    sectors = [actor.sector for actor in network.actors]
    order = {sector: position for position, sector in enumerate(Sector)}
    pairs = Counter(
        tuple(sorted((sectors[s], sectors[t]), key=order.__getitem__))
        for s, t in zip(network.relations.sources, network.relations.targets, strict=True)
    )
    total = len(network.relations)
    crossing = sum(count for (a, b), count in pairs.items() if a != b)
    return {
        "cross_sector_share": round(crossing / total, DIGITS) if total else None,
        "sector_pairs": [
            {"sectors": [a.value, b.value], "relations": count}
            for (a, b), count in sorted(
                pairs.items(), key=lambda item: (-item[1], order[item[0][0]], order[item[0][1]])
            )
        ],
    }


# Years stand for "no bound" on one side of an undated relation or membership.
BEFORE_ANY_YEAR, AFTER_ANY_YEAR = 0, 9999


def years_present(since: date | None, until: date | None) -> tuple[int, int]:
    """The first and last years at whose 31 December something existing from `since` to `until`
    (both included, undated bounds open) was there."""
    first = since.year if since else BEFORE_ANY_YEAR
    if until is None:
        last = AFTER_ANY_YEAR
    else:
        last = until.year if (until.month, until.day) == (12, 31) else until.year - 1
    return first, last


def evolution(network: ActorNetwork) -> list[dict]:
    """The network at the end of each year (31 December), from the year of the first dated
    relation start to the last year a relation starts or ends, never past the current year and
    within the filters' period: actors present (linked, or members at that date), links,
    density and components. Relations without a start date count from the first year."""
    relations = network.relations
    starts = [day.year for day in relations.started if day]
    if not starts:
        return []
    ends = [day.year for day in relations.ended if day]
    first, last = min(starts), min(max(starts + ends), date.today().year)
    if network.filters.start:
        first = max(first, network.filters.start.year)
    if network.filters.end:
        last = min(last, network.filters.end.year)
    # Relations (and presences) grouped by the span of years they cover: a few hundred groups at
    # most, so that each year is assembled from whole groups instead of testing every relation.
    spans: dict[tuple[int, int], list[int]] = {}
    for relation, span in enumerate(map(years_present, relations.started, relations.ended)):
        spans.setdefault(span, []).append(relation)
    presences: dict[tuple[int, int], set[int]] = {}
    for node, since, until in network.presences:
        presences.setdefault(years_present(since, until), set()).add(node)
    vertices = len(network.actors)
    # One edge per relation; each year keeps its relations' edges, then merges those joining the
    # same two actors (igraph's simplify), all in C.
    every_relation = igraph.Graph(n=vertices, edges=relations.pairs())
    rows = []
    for year in range(first, last + 1):
        kept = []
        for (a, b), group in spans.items():
            if a <= year <= b:
                kept.extend(group)
        year_graph = every_relation.subgraph_edges(kept, delete_vertices=False)
        year_graph.simplify()
        degrees = year_graph.degree()
        present = set().union(*(nodes for (a, b), nodes in presences.items() if a <= year <= b))
        nodes = sum(1 for degree in degrees if degree) + sum(1 for v in present if not degrees[v])
        edges = year_graph.ecount()
        # Absent actors are vertices of `year_graph` too, each a component of its own. The
        # membership list straight from C: igraph's VertexClustering would scan it in Python.
        membership = igraph.GraphBase.connected_components(year_graph)
        components = max(membership, default=-1) + 1 - (vertices - nodes)
        rows.append(
            {
                "year": year,
                "nodes": nodes,
                "edges": edges,
                "density": round(density(nodes, edges), DIGITS),
                "components": components,
            }
        )
    return rows
