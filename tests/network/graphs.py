"""Small networks built in memory, and the same graphs in networkx (the test oracle)."""

import networkx as nx

from terreau.network.graph import NO_FILTER, ActorNetwork


def network_of(
    relations,
    *,
    actors=None,
    kinds=None,
    presences=(),
    filters=NO_FILTER,
) -> ActorNetwork:
    """`relations`: (source id, target id) pairs or (source, target, kind, directed, started,
    ended) rows; actors are ids 1..n named "A<id>" unless given as (id, name, kind, is_ess)."""
    rows = []
    for pk, relation in enumerate(relations, start=1):
        source, target, *rest = relation
        kind, directed, started, ended = rest or ("pooling", False, None, None)
        rows.append((pk, source, target, kind, directed, started, ended))
    if actors is None:
        ids = {actor for source, target, *_rest in relations for actor in (source, target)}
        ids |= {actor for actor, _since, _until in presences}
        actors = [(pk, f"A{pk}", (kinds or {}).get(pk, "association"), False) for pk in ids]
    return ActorNetwork.from_rows(
        scope={"type": "test"},
        filters=filters,
        actor_rows=actors,
        relation_rows=rows,
        presence_rows=presences,
    )


def oracle(network: ActorNetwork) -> nx.Graph:
    """The network's undirected simple graph in networkx, vertices numbered as in igraph."""
    graph = nx.Graph()
    graph.add_nodes_from(range(len(network.actors)))
    graph.add_edges_from(network.relations.pairs())
    graph.remove_edges_from(nx.selfloop_edges(graph))
    return graph
