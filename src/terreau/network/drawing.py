"""How a network is drawn: colours and shapes (one definition for the graph and its legends),
the Cytoscape.js elements of the page and of `/api/v1/network/graph`, the list of relations that
is the graph's text alternative, and the small evolution chart."""

from django.urls import reverse

from terreau.core.taxonomies import ActorKind, RelationKind, Sector
from terreau.network.graph import ActorNetwork

# The graph stays readable, and quick to lay out in a browser, up to a few hundred actors; a
# larger network is drawn with its most connected actors (the metrics cover all of it).
GRAPH_MAX_NODES = 400
# The graph writes the names of its most connected actors only (more would overlap into an
# unreadable grey); the others show theirs as a tooltip, and all are in the tables below it.
GRAPH_LABELLED = 15
RELATION_LIST_MAX = 300

ACTOR_KIND_COLOURS = {
    ActorKind.COMPANY: "#525252",
    ActorKind.ESS_COMPANY: "#2f6b3f",
    ActorKind.ASSOCIATION: "#1f77b4",
    ActorKind.COOPERATIVE: "#0f8a94",
    ActorKind.MUTUAL: "#7b4fa8",
    ActorKind.FOUNDATION: "#c2458f",
    ActorKind.LOCAL_AUTHORITY: "#c0392b",
    ActorKind.PUBLIC_BODY: "#d35400",
    ActorKind.NETWORK: "#8c564b",
    ActorKind.FUNDER: "#8a8a00",
    ActorKind.PUBLIC_FUNDER: "#5c7a00",
    ActorKind.RESEARCH: "#393b79",
    ActorKind.INFORMAL_GROUP: "#b8860b",
    ActorKind.INHABITANT: "#6b8fb3",
}
# Shapes tell sectors apart without relying on colour alone.
SECTOR_SHAPES = {
    Sector.PUBLIC: "round-rectangle",
    Sector.PRIVATE: "triangle",
    Sector.ESS: "ellipse",
    Sector.CITIZEN: "diamond",
}
RELATION_KIND_STYLES = {
    RelationKind.COOPERATION_AGREEMENT: ("#2f6b3f", "solid"),
    RelationKind.POOLING: ("#1f77b4", "dashed"),
    RelationKind.FUNDING: ("#b35c00", "solid"),
    RelationKind.STAFF_PROVISION: ("#7b4fa8", "dashed"),
    RelationKind.CO_PRODUCTION: ("#0f8a94", "solid"),
    RelationKind.NETWORK_MEMBERSHIP: ("#8c564b", "dotted"),
    RelationKind.PUBLIC_PARTNERSHIP: ("#c0392b", "dotted"),
    RelationKind.INFORMAL_EXCHANGE: ("#6b6b6b", "dashed"),
}


def legends() -> dict:
    """What the colours, shapes and lines mean, in the taxonomies' order."""
    return {
        "actor_kinds": [
            {"key": kind.value, "label": kind.label, "colour": ACTOR_KIND_COLOURS[kind]}
            for kind in ActorKind
        ],
        "sectors": [
            {"key": sector.value, "label": sector.label, "shape": SECTOR_SHAPES[sector]}
            for sector in Sector
        ],
        "relation_kinds": [
            {
                "key": kind.value,
                "label": kind.label,
                "colour": RELATION_KIND_STYLES[kind][0],
                "line": RELATION_KIND_STYLES[kind][1],
                "directed": kind.directed,
            }
            for kind in RelationKind
        ],
    }


def shown_nodes(network: ActorNetwork, limit: int) -> list[int]:
    """The node indexes drawn: all of them, or the `limit` with the most links."""
    degrees = network.graph.degree()
    nodes = range(len(network.actors))
    if len(nodes) <= limit:
        return list(nodes)
    return sorted(sorted(nodes, key=lambda i: (-degrees[i], network.actors[i].id))[:limit])


def cytoscape_elements(network: ActorNetwork, *, limit: int = GRAPH_MAX_NODES) -> dict:
    """The network as Cytoscape.js elements (`{"nodes": [{"data": …}], "edges": […]}`), one edge
    per relation, with what the page needs to style them; at most `limit` actors."""
    degrees = network.graph.degree()
    nodes = shown_nodes(network, limit)
    shown = set(nodes)
    labelled = set(
        sorted(nodes, key=lambda i: (-degrees[i], network.actors[i].id))[:GRAPH_LABELLED]
    )
    relations = network.relations
    node_elements = []
    for i in nodes:
        actor = network.actors[i]
        node_elements.append(
            {
                "data": {
                    "id": f"a{actor.id}",
                    "actor": actor.id,
                    "label": actor.name,
                    "kind": actor.kind,
                    "kind_label": str(ActorKind(actor.kind).label),
                    "sector": actor.sector.value,
                    "colour": ACTOR_KIND_COLOURS[ActorKind(actor.kind)],
                    "shape": SECTOR_SHAPES[actor.sector],
                    "degree": degrees[i],
                    "labelled": i in labelled and degrees[i] > 0,
                    "url": reverse("actors:detail", args=[actor.id]),
                }
            }
        )
    edge_elements = []
    for r in range(len(relations)):
        source, target = relations.sources[r], relations.targets[r]
        if source not in shown or target not in shown:
            continue
        kind = RelationKind(relations.kinds[r])
        colour, line = RELATION_KIND_STYLES[kind]
        started, ended = relations.started[r], relations.ended[r]
        edge_elements.append(
            {
                "data": {
                    "id": f"r{relations.ids[r]}",
                    "source": f"a{network.actors[source].id}",
                    "target": f"a{network.actors[target].id}",
                    "kind": kind.value,
                    "kind_label": str(kind.label),
                    "directed": relations.directed[r],
                    "colour": colour,
                    "line": line,
                    "started_on": started.isoformat() if started else None,
                    "ended_on": ended.isoformat() if ended else None,
                }
            }
        )
    return {
        "elements": {"nodes": node_elements, "edges": edge_elements},
        "total_nodes": len(network.actors),
        "total_relations": len(relations),
        "truncated": len(nodes) < len(network.actors),
    }


def relation_list(network: ActorNetwork, *, limit: int = RELATION_LIST_MAX) -> list[dict]:
    """The relations in words (the text alternative of the graph), by source name."""
    relations, actors = network.relations, network.actors
    order = sorted(
        range(len(relations)),
        key=lambda r: (actors[relations.sources[r]].name, actors[relations.targets[r]].name, r),
    )
    return [
        {
            "source": actors[relations.sources[r]],
            "target": actors[relations.targets[r]],
            "kind": RelationKind(relations.kinds[r]).label,
            "kind_value": relations.kinds[r],
            "directed": relations.directed[r],
            "started_on": relations.started[r],
            "ended_on": relations.ended[r],
        }
        for r in order[:limit]
    ]


def evolution_chart(evolution: list[dict], *, width: int = 560, height: int = 180) -> dict | None:
    """Coordinates of an inline SVG line chart of actors and links per year (None under two
    years, where a line says nothing)."""
    if len(evolution) < 2:
        return None
    left, right, top, bottom = 44, 20, 10, 24
    peak = max(max(row["nodes"], row["edges"]) for row in evolution) or 1
    step = (width - left - right) / (len(evolution) - 1)

    def x(position: int) -> float:
        return round(left + position * step, 1)

    def y(value: int) -> float:
        return round(top + (height - top - bottom) * (1 - value / peak), 1)

    def points(key: str) -> str:
        return " ".join(f"{x(p)},{y(row[key])}" for p, row in enumerate(evolution))

    every = max(1, len(evolution) // 8)  # at most about eight year labels
    return {
        "width": width,
        "height": height,
        "nodes": points("nodes"),
        "edges": points("edges"),
        "peak": peak,
        "peak_y": y(peak),
        "base_y": y(0),
        "left": left,
        "right": width - right,
        "years": [
            {"x": x(p), "label": row["year"]}
            for p, row in enumerate(evolution)
            if p % every == 0 or p == len(evolution) - 1
        ],
    }


def metric_tables(metrics: dict) -> dict:
    """The parts of the metrics the page shows as tables, with labels and percentages."""
    labels = dict(Sector.choices)
    total = metrics["relations"]
    share = metrics["cross_sector_share"]
    return {
        "cross_sector_percent": None if share is None else round(share * 100),
        "sector_pairs": [
            {
                "label": " – ".join(str(labels[key]) for key in pair["sectors"]),
                "crossing": pair["sectors"][0] != pair["sectors"][1],
                "relations": pair["relations"],
                "percent": round(pair["relations"] * 100 / total),
            }
            for pair in metrics["sector_pairs"]
        ],
    }


STATIC_MAX_NODES = 60


def static_drawing(
    network: ActorNetwork, *, width: int = 640, height: int = 440, limit: int = STATIC_MAX_NODES
) -> dict:
    """The network as inline SVG geometry for printed documents (no script): Kamada–Kawai layout
    from a circle, so the same network is always drawn the same way; the `limit` most connected
    actors, with the colours, shapes and lines of the interactive graph."""
    import math

    from terreau.core.charts import fit_points

    nodes = shown_nodes(network, limit)
    index = {node: position for position, node in enumerate(nodes)}
    subgraph = network.graph.induced_subgraph(nodes)
    count = len(nodes)
    circle = [
        (math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count)) for i in range(count)
    ]
    layout = subgraph.layout_kamada_kawai(seed=circle).coords if count > 1 else circle
    margin = 70  # room for the labels around the drawing
    places = fit_points([tuple(xy) for xy in layout], width=width, height=height, margin=margin)
    radius = 7
    shapes = {
        Sector.ESS: "circle",
        Sector.PUBLIC: "square",
        Sector.PRIVATE: "triangle",
        Sector.CITIZEN: "diamond",
    }
    drawn_nodes = []
    for node, (x, y) in zip(nodes, places, strict=True):
        actor = network.actors[node]
        shape = shapes[actor.sector]
        drawn_nodes.append(
            {
                "x": x,
                "y": y,
                "shape": shape,
                "points": _shape_points(shape, x, y, radius),
                "r": radius,
                "colour": ACTOR_KIND_COLOURS[ActorKind(actor.kind)],
                "label": actor.name if len(actor.name) <= 28 else actor.name[:27] + "…",
                "label_y": round(y + radius + 11, 1),
                "title": f"{actor.name} ({ActorKind(actor.kind).label})",
            }
        )
    relations = network.relations
    edges = []
    for r in range(len(relations)):
        source, target = relations.sources[r], relations.targets[r]
        if source not in index or target not in index:
            continue
        (x1, y1), (x2, y2) = places[index[source]], places[index[target]]
        colour, line = RELATION_KIND_STYLES[RelationKind(relations.kinds[r])]
        edges.append(
            {
                "x1": x1,
                "y1": y1,
                "x2": x2,
                "y2": y2,
                "colour": colour,
                "dash": {"solid": "", "dashed": "6 4", "dotted": "2 3"}[line],
                "directed": relations.directed[r],
            }
        )
    return {
        "width": width,
        "height": height,
        "nodes": drawn_nodes,
        "edges": edges,
        "truncated": count < len(network.actors),
        "total_nodes": len(network.actors),
    }


def _shape_points(shape: str, x: float, y: float, r: float) -> str:
    corners = {
        "triangle": [(0, -r), (r, r * 0.8), (-r, r * 0.8)],
        "diamond": [(0, -r), (r, 0), (0, r), (-r, 0)],
        "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
    }.get(shape, [])
    return " ".join(f"{round(x + dx, 1)},{round(y + dy, 1)}" for dx, dy in corners)
