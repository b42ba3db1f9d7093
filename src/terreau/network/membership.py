"""A tête de réseau, its members and their cooperations, with the reader's rights (read by the
network's plaidoyer pack, monographs/plaidoyer.py). Kept apart from `network.queries` so that
reading them does not load igraph.

- The head is an actor of kind `ActorKind.NETWORK` the reader may see (`network_head`).
- Its members are the other ends of the current network-membership relations (`RelationKind.
  NETWORK_MEMBERSHIP`, not ended before today) the reader may see — a directed one goes from the
  member to the head, an undirected one links both — among the actors the reader may see.
- The network's cooperations are those in which the head or a member is a current member, read as
  the territory network reads memberships: every membership of a cooperation whose record the
  reader may read, the published ones of a cooperation they may only see. So a private relation,
  actor, membership or cooperation never shows through the network.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from terreau.actors.models import Actor
from terreau.cooperations.models import Cooperation, Member, Relation
from terreau.core.taxonomies import ActorKind, RelationKind


def network_heads(*, user):
    """The actors of kind network `user` may see."""
    return Actor.objects.visible_to(user).filter(kind=ActorKind.NETWORK)


def network_head(identifier: str, *, user) -> Actor | None:
    """The network actor named by its id or its SIREN (nine digits) that `user` may see."""
    identifier = identifier.strip()
    heads = network_heads(user=user)
    if len(identifier) == 9 and identifier.isdigit():
        return heads.filter(siren=identifier).order_by("pk").first()
    if identifier.isdigit():
        return heads.filter(pk=int(identifier)).first()
    return None


def network_members(head: Actor, *, user) -> list[Actor]:
    """The current members of `head` that `user` may see, by name."""
    today = timezone.localdate()
    relations = (
        Relation.objects.visible_to(user)
        .filter(kind=RelationKind.NETWORK_MEMBERSHIP)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    )
    joining = relations.filter(target=head).values_list("source_id", flat=True)
    linked = relations.filter(source=head, directed=False).values_list("target_id", flat=True)
    members = {*joining, *linked}
    members.discard(head.pk)
    return list(Actor.objects.visible_to(user).filter(pk__in=members).order_by("search_name", "pk"))


def network_cooperations(head: Actor, members: list[Actor], *, user):
    """The cooperations `user` may see in which the head or one of `members` is a current
    member."""
    today = timezone.localdate()
    visible = Cooperation.objects.visible_to(user)
    memberships = Member.objects.filter(
        Q(cooperation__in=Cooperation.objects.accessible_to(user)) | Q(is_public=True),
        Q(left_on__isnull=True) | Q(left_on__gte=today),
        actor__in=[head, *members],
        cooperation=OuterRef("pk"),
    )
    return visible.filter(Exists(memberships)).order_by("name", "pk")
