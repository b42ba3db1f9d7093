"""The actor-system network (système d'acteurs) of one scope, as read from the database.

An `ActorNetwork` holds the actors of a scope (a cooperation or a territory, see `queries.py`), one
row per relation between two of them, and the presences (memberships) that make an actor part of
the network even without any relation. Rows are kept in columns of plain lists rather than model
instances: a territory may hold 500,000 relations.

The metrics (`metrics.py`) read its `graph`: the undirected simple graph, built with igraph, where
a link joins two actors having at least one relation, whatever its direction and however many
relations they have. Directions are kept for drawing (arrows) and counted apart.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import igraph
from django.utils.translation import gettext as _

from terreau.core.taxonomies import RelationKind, Sector, sector_of


@dataclass(frozen=True)
class NetworkFilters:
    """Which relations count: some kinds only (all when empty), and those active at some point of
    a period (`start`–`end`, both included; a missing bound is open)."""

    kinds: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None

    def __post_init__(self):
        unknown = [kind for kind in self.kinds if kind not in RelationKind.values]
        if unknown:
            raise ValueError(
                _("Nature de relation inconnue : %(kinds)s. Natures possibles : %(known)s")
                % {"kinds": ", ".join(unknown), "known": ", ".join(RelationKind.values)}
            )
        if self.start and self.end and self.start > self.end:
            raise ValueError(_("Le début de la période doit précéder sa fin."))

    def as_dict(self) -> dict:
        return {
            "kinds": list(self.kinds),
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }


NO_FILTER = NetworkFilters()


@dataclass(frozen=True)
class NetworkActor:
    id: int
    name: str
    kind: str
    is_ess: bool

    @property
    def sector(self) -> Sector:
        return sector_of(self.kind, self.is_ess)

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind}


@dataclass
class Relations:
    """One entry per relation in each list; actors are node indexes of the network."""

    ids: list[int]
    sources: list[int]
    targets: list[int]
    kinds: list[str]
    directed: list[bool]
    started: list[date | None]
    ended: list[date | None]

    def __len__(self) -> int:
        return len(self.ids)

    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.sources, self.targets, strict=True))


@dataclass
class ActorNetwork:
    scope: dict
    filters: NetworkFilters
    actors: list[NetworkActor]  # node i is actors[i], in id order
    relations: Relations
    # (node index, from, until): an actor present in the network during that time (a member of
    # a cooperation), linked or not. Undated bounds are open.
    presences: list[tuple[int, date | None, date | None]]

    @classmethod
    def from_rows(cls, *, relation_rows, **fields):
        """Build from relation rows (id, source_id, target_id, kind, directed, started_on,
        ended_on); the other fields as for `from_columns`."""
        columns = list(zip(*relation_rows, strict=True)) or [()] * 7
        return cls.from_columns(relation_columns=columns, **fields)

    @classmethod
    def from_columns(cls, *, scope, filters, actor_rows, relation_columns, presence_rows):
        """Build from actor rows (id, name, kind, is_ess), the seven relation columns (ids,
        source ids, target ids, kinds, directed, start dates, end dates) and presence rows
        (actor_id, from, until). Every actor named by a relation or a presence must be among the
        actors."""
        actors = sorted((NetworkActor(*row) for row in actor_rows), key=lambda actor: actor.id)
        index = {actor.id: position for position, actor in enumerate(actors)}
        ids, sources, targets, kinds, directed, started, ended = relation_columns
        return cls(
            scope=scope,
            filters=filters,
            actors=actors,
            relations=Relations(
                ids=list(ids),
                sources=[index[actor_id] for actor_id in sources],
                targets=[index[actor_id] for actor_id in targets],
                kinds=list(kinds),
                directed=list(directed),
                started=list(started),
                ended=list(ended),
            ),
            presences=[(index[actor_id], since, until) for actor_id, since, until in presence_rows],
        )

    @cached_property
    def graph(self) -> igraph.Graph:
        """The undirected simple graph: one vertex per actor (same order), one edge per pair of
        actors with at least one relation."""
        return simple_graph(len(self.actors), self.relations.pairs())


def simple_graph(vertices: int, pairs: list[tuple[int, int]]) -> igraph.Graph:
    graph = igraph.Graph(n=vertices, edges=pairs)
    graph.simplify(multiple=True, loops=True)
    return graph
