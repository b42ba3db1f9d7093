"""Reading the network of a scope from the database, with the user's rights.

Two scopes:
- a cooperation: its members (active or not) and the actors of the relations recorded in it;
  links are those relations, plus the relations between two of its members recorded elsewhere
  that the user may see. Only users with access to the whole record get here
  (`accessible_cooperation`): a published cooperation's relations are not public.
- a territory: the relations the user may see with at least one actor located in the territory,
  between actors the user may see; actors are their ends plus the members of the cooperations of
  the territory (so that an actor without any relation still appears, isolated).

Rows are read with `values_list` in two queries whatever the size (no model instance per
relation).
"""

import gc
from contextlib import contextmanager

from django.db.models import Q

from terreau.actors.models import Actor
from terreau.cooperations.models import Cooperation, Member, Relation
from terreau.network.graph import NO_FILTER, ActorNetwork, NetworkFilters

RELATION_FIELDS = ("pk", "source_id", "target_id", "kind", "directed", "started_on", "ended_on")
PRESENCE_FIELDS = ("actor_id", "joined_on", "left_on")
ACTOR_FIELDS = ("name", "kind", "is_ess")  # after the actor's id, as NetworkActor takes them


def accessible_cooperation(slug: str, *, user) -> Cooperation | None:
    """The cooperation whose network the user may see: only with access to its whole record."""
    return Cooperation.objects.accessible_to(user).filter(slug=slug).first()


def during(rows, filters: NetworkFilters, since: str, until: str):
    """Rows existing at some point of the filters' period (undated bounds are open)."""
    if filters.end:
        rows = rows.filter(Q(**{f"{since}__isnull": True}) | Q(**{f"{since}__lte": filters.end}))
    if filters.start:
        rows = rows.filter(Q(**{f"{until}__isnull": True}) | Q(**{f"{until}__gte": filters.start}))
    return rows


def relations_matching(filters: NetworkFilters, *, user):
    relations = during(Relation.objects.visible_to(user), filters, "started_on", "ended_on")
    if filters.kinds:
        relations = relations.filter(kind__in=filters.kinds)
    return relations.order_by()


def members_during(members, filters: NetworkFilters):
    return during(members, filters, "joined_on", "left_on").order_by()


def read_network(*, scope: dict, filters: NetworkFilters, relations, members) -> ActorNetwork:
    """Read the relations and the members in two queries; each row brings its actors' fields
    (joined: the relations query joins both actors already), so no query per actor or for the
    actors is needed."""
    ends = [f"{end}__{field}" for end in ("source", "target") for field in ACTOR_FIELDS]
    with collection_paused():
        selected = (*RELATION_FIELDS, *ends)
        relation_rows = list(relations.values_list(*selected))
        presence_rows = list(
            members.values_list(*PRESENCE_FIELDS, *(f"actor__{field}" for field in ACTOR_FIELDS))
        )
        # Columns rather than rows: one pass in C per column instead of a Python loop per row.
        columns = list(zip(*relation_rows, strict=True)) or [()] * len(selected)
        del relation_rows  # the row tuples: half the memory of the read
        actors = {}
        source_fields = len(RELATION_FIELDS)
        target_fields = source_fields + len(ACTOR_FIELDS)
        for ids, *fields in (
            (columns[1], *columns[source_fields:target_fields]),
            (columns[2], *columns[target_fields:]),
        ):
            actors.update(zip(ids, zip(ids, *fields, strict=True), strict=True))
        for actor_id, _since, _until, *fields in presence_rows:
            actors[actor_id] = (actor_id, *fields)
        return ActorNetwork.from_columns(
            scope=scope,
            filters=filters,
            actor_rows=actors.values(),
            relation_columns=columns[: len(RELATION_FIELDS)],
            presence_rows=[row[:3] for row in presence_rows],
        )


@contextmanager
def collection_paused():
    """Python's cyclic garbage collector paused while a network is read: the rows are millions of
    tuples that all stay alive, and each collection triggered by their allocation would walk them
    in vain (2 of the 6 seconds of reading 500,000 relations, bench/network.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cooperation_network(
    cooperation: Cooperation, *, user, filters: NetworkFilters = NO_FILTER
) -> ActorNetwork:
    """The network of a cooperation (the caller checked `accessible_cooperation`). With a period,
    members count while they belong to the cooperation."""
    member_actors = Member.objects.filter(cooperation=cooperation).values("actor_id")
    relations = relations_matching(filters, user=user).filter(
        Q(cooperation=cooperation) | Q(source__in=member_actors, target__in=member_actors)
    )
    return read_network(
        scope={"type": "cooperation", "slug": cooperation.slug, "name": cooperation.name},
        filters=filters,
        relations=relations,
        members=members_during(cooperation.members.all(), filters),
    )


def territory_network(territory, *, user, filters: NetworkFilters = NO_FILTER):
    """The network of a territory (any object of `terreau.territories.refs.resolve`)."""
    communes = territory.communes()
    visible_actors = Actor.objects.visible_to(user)
    relations = relations_matching(filters, user=user).filter(
        Q(source__commune__in=communes) | Q(target__commune__in=communes)
    )
    cooperations = Cooperation.objects.in_territory(territory)
    members = Member.objects.filter(
        Q(cooperation__in=cooperations.accessible_to(user))
        | Q(cooperation__in=cooperations.visible_to(user), is_public=True)
    )
    # The operator and staff see every actor: no need for the subquery on 500,000 relations.
    if visible_actors.query.has_filters():
        relations = relations.filter(source__in=visible_actors, target__in=visible_actors)
        members = members.filter(actor__in=visible_actors)
    return read_network(
        scope={"type": "territory", "ref": territory.ref, "name": territory.name},
        filters=filters,
        relations=relations,
        members=members_during(members, filters),
    )
