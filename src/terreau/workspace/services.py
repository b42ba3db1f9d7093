from django.db import transaction
from django.utils import timezone

from terreau.accounts.services import profile_of
from terreau.territories.follows import territory_follow


@transaction.atomic
def onboarding_finish(*, user, role: str = "", territory=None) -> None:
    """End the first-login welcome, whether completed or skipped (it is shown once): keep the
    role chosen, follow the territory chosen."""
    profile = profile_of(user)
    if role:
        profile.role = role
    profile.onboarded_at = timezone.now()
    profile.save(update_fields=["role", "onboarded_at"])
    if territory is not None:
        territory_follow(user=user, territory=territory)
