from terreau.offers.models import Notification


def notifications(request) -> dict:
    """The number of unread offer notifications, for the badge of the site header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": lambda: Notification.objects.filter(
            user=user, read_at__isnull=True
        ).count()
    }
