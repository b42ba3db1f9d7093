"""Reading the network of a scope from the database, with the user's rights.

Two scopes:
- a cooperation: its members (active or not) and the actors of the relations recorded in it;
  links are those relations, plus the relations between two of its members recorded elsewhere
  that the user may see. Only users with access to the whole record get here
  (`accessible_cooperation`): a published cooperation's relations are not public.
- a territory: the relations the user may see with at least one actor located in the territory,
  between actors the user may see; actors are their ends plus the members of the cooperations of
  the territory (so that an actor without any relation still appears, isolated).

Rows are read with `values_list` in a few queries whatever the size (no model instance per
relation).
"""

from django.db.models import Q

from terreau.actors.models import Actor
from terreau.cooperations.models import Cooperation, Member, Relation
from terreau.network.graph import NO_FILTER, ActorNetwork, NetworkFilters

RELATION_FIELDS = ("pk", "source_id", "target_id", "kind", "directed", "started_on", "ended_on")
ACTOR_FIELDS = ("pk", "name", "kind", "is_ess")
PRESENCE_FIELDS = ("actor_id", "joined_on", "left_on")


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
    """Read the relations, the members and every actor they name, in three queries."""
    actors = Actor.objects.filter(
        Q(pk__in=relations.values("source_id"))
        | Q(pk__in=relations.values("target_id"))
        | Q(pk__in=members.values("actor_id"))
    ).order_by()
    return ActorNetwork.from_rows(
        scope=scope,
        filters=filters,
        actor_rows=actors.values_list(*ACTOR_FIELDS),
        relation_rows=relations.values_list(*RELATION_FIELDS),
        presence_rows=members.values_list(*PRESENCE_FIELDS),
    )


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
