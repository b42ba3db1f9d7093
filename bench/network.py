"""Benchmark of the actor-system network: the metrics of a territory of 100,000 actors and
500,000 relations, with igraph, against networkx on the same graph; the error of the sampled
betweenness against the exact one; and the whole path from the database.

Run from the repository root: `.venv/bin/python bench/network.py [--actors N] [--relations N]`.
Works on a throwaway database and never touches ./var, like bench/territories.py (whose helpers it
uses): SQLite in a temporary directory by default; with DATABASE_URL set to a PostgreSQL server, a
database named `terreau_bench_network` on that server, created and dropped by this script (the
database named in DATABASE_URL is only used to connect and is left untouched).

Every figure is printed next to a baseline measured in the same run: networkx running the same
algorithms on the same graph for the metrics, and a bare `values_list` of every relation for the
reading. See bench/README.md.
"""

import argparse
import gc
import random
import resource
import sys
import time
from datetime import date

import territories
from territories import Table, median_seconds, step, timed, yes_no

# The only PostgreSQL database this script creates or drops (the other benches use their own).
territories.BENCH_DB = "terreau_bench_network"
DEFAULT_TERRITORY = "departement:62"  # Pas-de-Calais: 890 communes
NEIGHBOUR = "departement:59"  # where the partners outside the territory are
METRICS_TARGET_S = 10.0  # "compute the metrics with igraph in under 10 s"
CHUNK = 50_000  # rows built in memory before being written

HUB_RATE = 0.01  # actors that many others link to (local authorities, networks, funders)
HUB_KINDS = ("local_authority", "network", "funder", "public_body")
ACTOR_KINDS = {  # the other actors
    "company": 55,
    "association": 25,
    "ess_company": 4,
    "cooperative": 3,
    "mutual": 1,
    "foundation": 1,
    "informal_group": 6,
    "inhabitant": 3,
    "research": 1,
}
# Where the second actor of a relation is: in the same commune, a hub, anywhere in the territory,
# or outside it.
SAME_COMMUNE, TO_HUB, ANYWHERE = 0.62, 0.25, 0.11  # and 0.02 outside
LOCAL_KINDS = ("pooling", "co_production", "informal_exchange", "cooperation_agreement")
HUB_RELATION_KINDS = ("funding", "network_membership", "public_partnership", "staff_provision")
DIRECTED = {"funding", "network_membership", "staff_provision"}
UNDATED_RATE, ENDED_RATE = 0.1, 0.2


# --- The synthetic actor system ------------------------------------------------------------------
def generate(rng: random.Random, communes: list[tuple[int, int]], actors: int, relations: int):
    """Actors (commune id, kind, is_ess) and relations (source index, target index, kind,
    directed, started, ended) of a realistic territory: communities (communes, weighted by
    population, most relations inside one), a few hubs that many actors link to with a long tail
    (Pareto), weak ties across the territory. The last 2 % of actors are outside it: their
    commune is None here and set by the caller."""
    draw_commune = territories_draw(rng, communes)
    kinds, weights = zip(*ACTOR_KINDS.items(), strict=True)
    outside = actors // 50
    actor_rows, by_commune = [], {}
    for index in range(actors):
        commune = draw_commune()
        hub = rng.random() < HUB_RATE
        kind = rng.choice(HUB_KINDS) if hub else rng.choices(kinds, weights)[0]
        is_ess = kind == "company" and rng.random() < 0.02
        actor_rows.append((commune, kind, is_ess))
        if index < actors - outside:
            by_commune.setdefault(commune, []).append(index)
    hubs = [
        i for i, (_c, kind, _e) in enumerate(actor_rows[: actors - outside]) if kind in HUB_KINDS
    ]
    rng.shuffle(hubs)  # the first hubs get most links (Pareto rank)
    this_year = date.today().year
    relation_rows = []
    while len(relation_rows) < relations:
        source = rng.randrange(actors - outside)
        draw = rng.random()
        if draw < SAME_COMMUNE:
            target = rng.choice(by_commune[actor_rows[source][0]])
            kind = rng.choice(LOCAL_KINDS)
        elif draw < SAME_COMMUNE + TO_HUB:
            target = hubs[min(int(rng.paretovariate(1.1)) - 1, len(hubs) - 1)]
            kind = rng.choice(HUB_RELATION_KINDS)
        elif draw < SAME_COMMUNE + TO_HUB + ANYWHERE:
            target, kind = rng.randrange(actors - outside), rng.choice(LOCAL_KINDS)
        else:
            target, kind = actors - outside + rng.randrange(outside), rng.choice(LOCAL_KINDS)
        if target == source:
            continue
        started = ended = None
        if rng.random() >= UNDATED_RATE:
            # More relations are recent: the system grows.
            year = max(1995, this_year - int(rng.expovariate(1 / 6)))
            started = date(year, rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < ENDED_RATE:
                ended = date(year + rng.randint(1, 6), rng.randint(1, 12), 28)
        relation_rows.append((source, target, kind, kind in DIRECTED, started, ended))
    return actor_rows, relation_rows


def territories_draw(rng, communes):
    import make_sirene

    return make_sirene.Draw(rng, [pk for pk, _p in communes], [p or 1 for _pk, p in communes])


def in_memory_network(actor_rows, relation_rows):
    """The ActorNetwork the database would give (ids are indexes + 1), without the database."""
    from terreau.network.graph import NO_FILTER, ActorNetwork

    return ActorNetwork.from_rows(
        scope={"type": "territory"},
        filters=NO_FILTER,
        actor_rows=[
            (i + 1, f"ACTEUR {i}", kind, is_ess) for i, (_c, kind, is_ess) in enumerate(actor_rows)
        ],
        relation_rows=[
            (n + 1, s + 1, t + 1, *rest) for n, (s, t, *rest) in enumerate(relation_rows)
        ],
        presence_rows=[],
    )


# --- igraph against networkx ---------------------------------------------------------------------
def nx_evolution(network) -> list[tuple[int, int, int]]:
    """The links and components of each year of `evolution`, with networkx: relations grouped by
    their span of years as `evolution` groups them, so that only the graph library differs."""
    import networkx as nx

    from terreau.network.metrics import evolution, years_present

    relations = network.relations
    links = {}
    for pair, since, until in zip(
        relations.pairs(), relations.started, relations.ended, strict=True
    ):
        links.setdefault(years_present(since, until), []).append(pair)
    rows = []
    for year in (row["year"] for row in evolution(network)):
        graph = nx.Graph()
        graph.add_nodes_from(range(len(network.actors)))
        for (first, last), pairs in links.items():
            if first <= year <= last:
                graph.add_edges_from(pairs)
        absent = sum(1 for _v, degree in graph.degree() if not degree)
        rows.append((year, graph.number_of_edges(), nx.number_connected_components(graph) - absent))
    return rows


def bench_against_networkx(network, nx_sources: int, summary: Table) -> None:
    import networkx as nx

    from terreau.network import metrics
    from terreau.network.graph import simple_graph

    pairs = network.relations.pairs()
    n = len(network.actors)
    k = metrics.SAMPLED_SOURCES
    step(f"igraph: the metrics of {n:,} actors and {len(pairs):,} relations")
    cpu_start = time.process_time()
    total_s, result = timed(metrics.network_metrics, network)
    # The CPU time of this process is the figure to read on a machine shared with other work:
    # igraph runs on one core, so on a quiet machine wall and CPU times are about the same.
    total_cpu_s = time.process_time() - cpu_start
    graph_s, graph = timed(simple_graph, n, pairs)
    parts = {
        "graph (simple, undirected)": graph_s,
        "density, degree, components": timed(
            lambda: (graph.degree(), graph.connected_components().sizes())
        )[0],
        f"betweenness, sampled k={k}": timed(metrics.betweenness, graph, max_exact=0)[0],
        f"betweenness, sampled k={nx_sources}": timed(
            metrics.betweenness, graph, max_exact=0, sources=nx_sources
        )[0],
        "evolution (per year)": timed(metrics.evolution, network)[0],
        "cross-sector (same Python for both)": timed(metrics.cross_sector, network)[0],
    }

    step(f"networkx: the same algorithms on the same graph (betweenness with k={nx_sources})")
    nx_graph_s, nx_graph = timed(_nx_graph, n, pairs)
    nx_parts = {
        "graph (simple, undirected)": nx_graph_s,
        "density, degree, components": timed(
            lambda: (
                nx.density(nx_graph),
                dict(nx_graph.degree()),
                nx.number_connected_components(nx_graph),
            )
        )[0],
    }
    nx_between_s, estimate = timed(
        nx.betweenness_centrality, nx_graph, k=nx_sources, seed=metrics.SAMPLING_SEED
    )
    ig_scores, _method = metrics.betweenness(
        graph, max_exact=0, sources=nx_sources, seed=metrics.SAMPLING_SEED
    )
    same = max(abs(estimate[v] - ig_scores[v]) for v in range(n)) < 1e-9
    nx_parts[f"betweenness, sampled k={nx_sources}"] = nx_between_s
    # Each source is one traversal of the whole graph: the time is linear in k.
    if nx_sources != k:
        nx_parts[f"betweenness, sampled k={k}"] = nx_between_s * k / nx_sources
    nx_parts["evolution (per year)"], nx_rows = timed(nx_evolution, network)
    ig_rows = [(r["year"], r["edges"], r["components"]) for r in result["evolution"]]
    nx_parts["cross-sector (same Python for both)"] = parts["cross-sector (same Python for both)"]

    table = Table(
        f"Metrics — igraph against networkx {nx.__version__}, same graph ({n:,} actors, "
        f"{result['edges']:,} links, {len(result['evolution'])} years)",
        ["part", "igraph s", "networkx s", "networkx ÷ igraph"],
    )
    for part, seconds in parts.items():
        scaled = nx_sources != k and part == f"betweenness, sampled k={k}"
        extrapolated = f" (networkx: k={nx_sources} × {k / nx_sources:g})" if scaled else ""
        table.add(
            part + extrapolated,
            f"{seconds:.2f}",
            f"{nx_parts[part]:.2f}",
            f"{nx_parts[part] / seconds:.0f}x",
        )
    # The sum is for k=SAMPLED_SOURCES, what network_metrics runs on large networks.
    counted = [p for p in parts if nx_sources == k or p != f"betweenness, sampled k={nx_sources}"]
    ig_total = sum(parts[part] for part in counted)
    nx_total = sum(nx_parts[part] for part in counted)
    table.add(
        f"sum of the parts (k={k})",
        f"{ig_total:.2f}",
        f"{nx_total:.2f}",
        f"{nx_total / ig_total:.0f}x",
    )
    table.add(
        f"network_metrics() as called by pages/API/CLI (CPU {total_cpu_s:.2f} s)",
        f"{total_s:.2f}",
        "",
        "",
    )
    table.print()
    print(
        f"  same sampled betweenness (k={nx_sources}, seed {metrics.SAMPLING_SEED}) in both: "
        f"{yes_no(same)}"
    )
    print(f"  same evolution (links, components per year) in both: {yes_no(nx_rows == ig_rows)}")
    print(
        f"  network: {result['nodes']:,} actors, {result['edges']:,} links, density "
        f"{result['density']}, {result['components']:,} components (largest "
        f"{result['largest_component']:,}), cross-sector share {result['cross_sector_share']}, "
        f"betweenness {result['betweenness']}"
    )
    summary.add(
        "igraph network_metrics(), wall (CPU)",
        f"{total_s:.1f} s ({total_cpu_s:.1f} s)",
        f"< {METRICS_TARGET_S:.0f} s",
        yes_no(total_s < METRICS_TARGET_S),
    )
    summary.add(
        "networkx ÷ igraph (same algorithms)",
        f"{nx_total / ig_total:.0f}x",
        "≥ 10x",
        yes_no(nx_total / ig_total >= 10),
    )


def _nx_graph(n, pairs):
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(pairs)
    return graph


# --- Sampled against exact betweenness -----------------------------------------------------------
def bench_sampling_error(rng_seed: int, communes, actors: int, seeds: int) -> None:
    from terreau.network import metrics

    relations = actors * 5
    actor_rows, relation_rows = generate(random.Random(rng_seed), communes, actors, relations)
    network = in_memory_network(actor_rows, relation_rows)
    graph = network.graph
    k = metrics.SAMPLED_SOURCES
    step(
        f"betweenness: exact against sampled (k={k}) on {actors:,} actors, {relations:,} relations"
    )
    exact_s, (exact, _m) = timed(metrics.betweenness, graph, max_exact=graph.vcount())
    exact_top = sorted(range(len(exact)), key=lambda v: -exact[v])[: metrics.TOP]
    table = Table(
        f"Sampled betweenness (k={k}) against exact — {graph.vcount():,} actors, "
        f"{graph.ecount():,} links; exact in {exact_s:.1f} s",
        [
            "seed",
            "seconds",
            "exact top 10 found",
            "top 1 found",
            "max abs. error, top 10",
            "max rel. error, top 10",
            "mean abs. error, all",
        ],
    )
    for seed in range(1, seeds + 1):
        seconds, (sampled, _m) = timed(metrics.betweenness, graph, max_exact=0, seed=seed)
        sampled_top = sorted(range(len(sampled)), key=lambda v: -sampled[v])[: metrics.TOP]
        errors = [abs(sampled[v] - exact[v]) for v in exact_top]
        table.add(
            seed,
            f"{seconds:.2f}",
            f"{len(set(exact_top) & set(sampled_top))}/{metrics.TOP}",
            yes_no(sampled_top[0] == exact_top[0]),
            f"{max(errors):.4f}",
            f"{max(e / exact[v] for e, v in zip(errors, exact_top, strict=True)):.0%}",
            f"{sum(abs(a - b) for a, b in zip(sampled, exact, strict=True)) / len(exact):.2e}",
        )
    table.print()
    print(f"  exact scores of the top 10: {', '.join(f'{exact[v]:.4f}' for v in exact_top)}")


# --- From the database ---------------------------------------------------------------------------
def insert(actor_rows, relation_rows, territory, neighbour) -> None:
    """Write the actors and relations with terreau.core.bulk.insert_objects."""
    from terreau.actors.models import Actor
    from terreau.cooperations.models import Relation
    from terreau.core.bulk import insert_objects

    outside = territories_draw(
        random.Random(0), list(neighbour.communes().values_list("pk", "population"))
    )
    inside = len(actor_rows) - len(actor_rows) // 50
    for start in range(0, len(actor_rows), CHUNK):
        objs = []
        for i in range(start, min(start + CHUNK, len(actor_rows))):
            commune, kind, is_ess = actor_rows[i]
            name = f"ACTEUR {i}"
            objs.append(
                Actor(
                    name=name,
                    search_name=name.lower(),
                    kind=kind,
                    is_ess=is_ess,
                    commune_id=commune if i < inside else outside(),
                    source="manual",
                )
            )
        insert_objects(Actor, objs)
    pks = list(Actor.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(relation_rows), CHUNK):
        insert_objects(
            Relation,
            [
                Relation(
                    source_id=pks[s],
                    target_id=pks[t],
                    kind=kind,
                    directed=directed,
                    started_on=started,
                    ended_on=ended,
                    is_public=True,
                )
                for s, t, kind, directed, started, ended in relation_rows[start : start + CHUNK]
            ],
        )


def bench_database(ref: str, label: str, summary: Table) -> None:
    from django.contrib.auth import get_user_model

    from terreau.cooperations.models import Relation
    from terreau.network.metrics import network_metrics
    from terreau.network.queries import RELATION_FIELDS, territory_network
    from terreau.territories.refs import resolve

    user, _created = get_user_model().objects.get_or_create(username="bench")
    territory = resolve(ref)
    step(f"database ({label}): reading the network of {ref}")

    def bare():
        return list(Relation.objects.order_by().values_list(*RELATION_FIELDS))

    bare_s = median_seconds(bare, repeat=3)
    operator_s = median_seconds(lambda: territory_network(territory, user=None), repeat=3)
    user_s = median_seconds(lambda: territory_network(territory, user=user), repeat=3)
    network = territory_network(territory, user=None)
    metrics_s, result = timed(network_metrics, network)
    table = Table(
        f"From the database ({label}) — {ref}: {result['nodes']:,} actors, "
        f"{result['relations']:,} relations (median of 3)",
        ["measure", "seconds", "x bare read"],
    )
    table.add("baseline: values_list of every relation, no filter", f"{bare_s:.2f}", "1.0x")
    table.add(
        "territory_network(user=None), the operator",
        f"{operator_s:.2f}",
        f"{operator_s / bare_s:.1f}x",
    )
    table.add(
        "territory_network(user=…), visibility subqueries",
        f"{user_s:.2f}",
        f"{user_s / bare_s:.1f}x",
    )
    table.add("network_metrics() on what was read", f"{metrics_s:.2f}", "")
    table.add("whole path, operator (read + metrics)", f"{operator_s + metrics_s:.2f}", "")
    table.print()
    summary.add(
        f"whole path, {label}", f"{operator_s + metrics_s:.1f} s (read {operator_s:.1f} s)", "", ""
    )


# --- Main ----------------------------------------------------------------------------------------
def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=500_000)
    parser.add_argument("--territory", default=DEFAULT_TERRITORY)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--nx-sources", type=int, default=20, help="sources of networkx's sampled betweenness"
    )
    parser.add_argument(
        "--error-actors", type=int, default=10_000, help="size of the sampling-error graph"
    )
    parser.add_argument("--error-seeds", type=int, default=5)
    parser.add_argument("--no-database", action="store_true", help="skip the database part")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    with territories.bench_environment("network"):
        from django.conf import settings
        from django.db import connection

        from terreau.territories.refs import resolve
        from terreau.territories.services import geography_load

        step("loading the geography (geography_load)")
        geography_load(package_dir=settings.TERREAU_GEO_PACKAGE_DIR)
        territory, neighbour = resolve(args.territory), resolve(NEIGHBOUR)
        communes = list(territory.communes().values_list("pk", "population"))
        step(
            f"generating {args.actors:,} actors and {args.relations:,} relations "
            f"in {args.territory}"
        )
        actor_rows, relation_rows = generate(
            random.Random(args.seed), communes, args.actors, args.relations
        )
        summary = Table("Summary", ["measure", "value", "target", "met"])
        bench_against_networkx(
            in_memory_network(actor_rows, relation_rows), args.nx_sources, summary
        )
        bench_sampling_error(args.seed, communes, args.error_actors, args.error_seeds)
        if not args.no_database:
            step("inserting the actors and relations")
            seconds, _ = timed(insert, actor_rows, relation_rows, territory, neighbour)
            print(f"  inserted in {seconds:.1f} s", flush=True)
            # A web process does not hold the generated rows: neither should the reading measured.
            del actor_rows, relation_rows
            gc.collect()
            if connection.vendor == "postgresql":
                bench_database(args.territory, "PostgreSQL, as inserted", summary)
                with connection.cursor() as cursor:  # what autovacuum does within minutes
                    cursor.execute("VACUUM ANALYZE")
                bench_database(args.territory, "PostgreSQL, after VACUUM ANALYZE", summary)
            else:
                bench_database(args.territory, "SQLite", summary)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        summary.add("peak resident memory of this process", f"{peak_mb:,.0f} MB", "", "")
        summary.print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
