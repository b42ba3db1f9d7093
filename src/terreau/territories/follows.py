"""Following territories: a person keeps the territories they work on at hand (Mon espace),
whatever their level. Only references are stored; reading them back resolves each one with the
person's rights, so a project territory that has become private, or was deleted, drops out."""

from terreau.territories.models import TerritoryFollow
from terreau.territories.refs import TerritoryRefError, resolve


def territory_follow(*, user, territory) -> TerritoryFollow:
    """Follow `territory` (following it twice changes nothing)."""
    follow, _created = TerritoryFollow.objects.get_or_create(user=user, territory_ref=territory.ref)
    return follow


def territory_unfollow(*, user, territory) -> None:
    TerritoryFollow.objects.filter(user=user, territory_ref=territory.ref).delete()


def is_following(user, territory) -> bool:
    return (
        user.is_authenticated
        and TerritoryFollow.objects.filter(user=user, territory_ref=territory.ref).exists()
    )


def followed_territories(user) -> list:
    """The territories `user` follows and may still see, in the order they were followed."""
    territories = []
    for ref in TerritoryFollow.objects.filter(user=user).values_list("territory_ref", flat=True):
        try:
            territories.append(resolve(ref, user=user))
        except TerritoryRefError:
            continue
    return territories
