"""Who reads and writes a territory's récit (docs/architecture.md, « Récit du territoire »).

- Write the narratives, the title and the authors: staff; the person who started the récit; and
  any account that follows the territory and is administrator or contributor of a cooperation
  acting on it (those who carry the territory's cooperation and chose to follow it).
- Publish or take back the publication: staff and the person who started the récit.
- Read: those who may write it; everyone once published (it then shows each reader what that
  reader may see, and its public version only published data).
A project territory must be visible to everyone before its récit is published.
"""

from terreau.cooperations.models import AccessRole, Cooperation
from terreau.territories.follows import is_following

WRITER_ROLES = (AccessRole.ADMINISTRATOR, AccessRole.CONTRIBUTOR)


def can_write(user, territory, recit) -> bool:
    if user is None:
        return True
    if not user.is_authenticated:
        return False
    if user.is_staff or (recit.pk and recit.created_by_id == user.pk):
        return True
    return (
        is_following(user, territory)
        and Cooperation.objects.in_territory(territory)
        .filter(accesses__user=user, accesses__role__in=WRITER_ROLES)
        .exists()
    )


def can_publish(user, recit) -> bool:
    if user is None:
        return True
    return user.is_authenticated and (
        user.is_staff or bool(recit.pk and recit.created_by_id == user.pk)
    )


def can_read(user, territory, recit) -> bool:
    return recit.is_public or can_write(user, territory, recit)
