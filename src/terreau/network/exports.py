"""A network as a file for network analysis tools (issue 20, « open data in the ecosystem's
formats »): GEXF 1.3 (Gephi's own format) and GraphML, both opened by Gephi, Cytoscape, igraph
and networkx. One node per actor of the network (members without relations included), one edge
per relation (several relations between two actors stay several edges), each with names, never
codes: the actor's nature and sector, the relation's nature and dates. The file states its
licence and the date of its data (`core.opendata`).

Written as a stream with the standard library's XML writer (escaping done there): a territory's
network may hold 500,000 relations, and the file never needs to be held in memory whole.
"""

from collections.abc import Iterator
from io import StringIO
from xml.sax.saxutils import XMLGenerator

from django.utils.translation import gettext as _

from terreau.core.opendata import Stamp
from terreau.core.taxonomies import ActorKind, RelationKind
from terreau.network.graph import ActorNetwork

FORMATS = {
    "gexf": ("application/gexf+xml", "gexf"),
    "graphml": ("application/graphml+xml", "graphml"),
}
CHUNK = 500  # elements written between two chunks of the stream


def _node_values(actor) -> dict[str, str]:
    return {
        "nature": str(ActorKind(actor.kind).label) if actor.kind in ActorKind.values else "",
        "secteur": str(actor.sector.label),
        "ess": "true" if actor.is_ess else "false",
    }


def _edge_values(relations, i: int) -> dict[str, str]:
    kind = relations.kinds[i]
    return {
        "nature": str(RelationKind(kind).label) if kind in RelationKind.values else kind,
        "debut": relations.started[i].isoformat() if relations.started[i] else "",
        "fin": relations.ended[i].isoformat() if relations.ended[i] else "",
        "orientee": "true" if relations.directed[i] else "false",
    }


def _titles() -> tuple[dict, dict]:
    """Attribute keys (stable, ASCII) and their titles in the reader's language."""
    node = {"nature": _("nature"), "secteur": _("secteur"), "ess": _("ESS")}
    edge = {
        "nature": _("nature de la relation"),
        "debut": _("début"),
        "fin": _("fin"),
        "orientee": _("orientée"),
    }
    return node, edge


def _description(network: ActorNetwork, stamp: Stamp) -> str:
    return _("Système d'acteurs : %(name)s, exporté de Terreau. %(stamp)s") % {
        "name": network.scope.get("name", ""),
        "stamp": stamp.sentence(),
    }


class _Writer:
    """An XMLGenerator over a buffer emptied into the stream every CHUNK elements."""

    def __init__(self):
        self.buffer = StringIO()
        self.xml = XMLGenerator(self.buffer, encoding="utf-8", short_empty_elements=True)
        self.count = 0

    def element(self, name: str, attrs: dict | None = None, text: str | None = None) -> None:
        self.xml.startElement(name, attrs or {})
        if text:
            self.xml.characters(text)
        self.xml.endElement(name)

    def drain(self, force: bool = False) -> Iterator[str]:
        self.count += 1
        if force or self.count % CHUNK == 0:
            text = self.buffer.getvalue()
            self.buffer.seek(0)
            self.buffer.truncate()
            if text:
                yield text


def gexf(network: ActorNetwork, stamp: Stamp) -> Iterator[str]:
    w = _Writer()
    w.xml.startDocument()
    w.xml.startElement("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    w.xml.startElement("meta", {"lastmodifieddate": stamp.data_date.isoformat()})
    w.element("creator", text="Terreau")
    w.element("description", text=_description(network, stamp))
    w.xml.endElement("meta")
    # Relations with a direction (funding: from the funder) are directed edges; the others
    # (pooling…) "mutual" ones, the GEXF word for both ways, which Gephi draws without arrows.
    w.xml.startElement("graph", {"defaultedgetype": "directed", "mode": "static"})
    node_titles, edge_titles = _titles()
    for klass, titles in (("node", node_titles), ("edge", edge_titles)):
        w.xml.startElement("attributes", {"class": klass})
        for key, title in titles.items():
            kind = "boolean" if key in ("ess", "orientee") else "string"
            w.element("attribute", {"id": key, "title": str(title), "type": kind})
        w.xml.endElement("attributes")
    w.xml.startElement("nodes", {})
    for actor in network.actors:
        w.xml.startElement("node", {"id": str(actor.id), "label": actor.name})
        w.xml.startElement("attvalues", {})
        for key, value in _node_values(actor).items():
            w.element("attvalue", {"for": key, "value": value})
        w.xml.endElement("attvalues")
        w.xml.endElement("node")
        yield from w.drain()
    w.xml.endElement("nodes")
    w.xml.startElement("edges", {})
    relations = network.relations
    for i, relation_id in enumerate(relations.ids):
        attrs = {
            "id": f"r{relation_id}",
            "source": str(network.actors[relations.sources[i]].id),
            "target": str(network.actors[relations.targets[i]].id),
            "type": "directed" if relations.directed[i] else "mutual",
            "label": _edge_values(relations, i)["nature"],
        }
        w.xml.startElement("edge", attrs)
        w.xml.startElement("attvalues", {})
        for key, value in _edge_values(relations, i).items():
            if value:
                w.element("attvalue", {"for": key, "value": value})
        w.xml.endElement("attvalues")
        w.xml.endElement("edge")
        yield from w.drain()
    w.xml.endElement("edges")
    w.xml.endElement("graph")
    w.xml.endElement("gexf")
    w.xml.endDocument()
    yield from w.drain(force=True)


def graphml(network: ActorNetwork, stamp: Stamp) -> Iterator[str]:
    w = _Writer()
    w.xml.startDocument()
    w.xml.startElement("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
    node_titles, edge_titles = _titles()
    graph_keys = {"name": _("nom"), "licence": _("licence"), "date": _("date des données")}
    node_titles = {"label": _("nom"), **node_titles}
    for domain, titles in (("graph", graph_keys), ("node", node_titles), ("edge", edge_titles)):
        for key, title in titles.items():
            kind = "boolean" if key in ("ess", "orientee") else "string"
            # the column's name in Gephi or networkx is the title, in the reader's language
            attrs = {"id": f"{domain}_{key}", "for": domain, "attr.type": kind}
            w.element("key", {**attrs, "attr.name": str(title)})
    # One direction for the whole graph (networkx and others refuse mixed graphs): undirected,
    # each relation's direction in its "orientée" value.
    w.xml.startElement("graph", {"id": "G", "edgedefault": "undirected"})
    w.element("desc", text=_description(network, stamp))
    w.element("data", {"key": "graph_name"}, network.scope.get("name", ""))
    w.element("data", {"key": "graph_licence"}, f"{stamp.licence} ({stamp.licence_url})")
    w.element("data", {"key": "graph_date"}, stamp.data_date.isoformat())
    for actor in network.actors:
        w.xml.startElement("node", {"id": str(actor.id)})
        w.element("data", {"key": "node_label"}, actor.name)
        for key, value in _node_values(actor).items():
            w.element("data", {"key": f"node_{key}"}, value)
        w.xml.endElement("node")
        yield from w.drain()
    relations = network.relations
    for i, relation_id in enumerate(relations.ids):
        attrs = {
            "id": f"r{relation_id}",
            "source": str(network.actors[relations.sources[i]].id),
            "target": str(network.actors[relations.targets[i]].id),
        }
        w.xml.startElement("edge", attrs)
        for key, value in _edge_values(relations, i).items():
            if value:
                w.element("data", {"key": f"edge_{key}"}, value)
        w.xml.endElement("edge")
        yield from w.drain()
    w.xml.endElement("graph")
    w.xml.endElement("graphml")
    w.xml.endDocument()
    yield from w.drain(force=True)


WRITERS = {"gexf": gexf, "graphml": graphml}


def network_file(network: ActorNetwork, file_format: str, stamp: Stamp) -> Iterator[bytes]:
    for text in WRITERS[file_format](network, stamp):
        yield text.encode("utf-8")
