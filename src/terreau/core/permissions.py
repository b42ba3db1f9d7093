from django.db import models


class PrivateByDefaultQuerySet(models.QuerySet):
    """Rows are private to their owner until marked `is_public`: everyone sees the public ones,
    the owner (the field named `owner_field`) also sees their own, staff and the command line
    (`user=None`, the operator) see all."""

    owner_field = "owner"

    def _shown_to(self, user) -> models.Q | None:
        """The condition on the rows `user` may see; None when they see every row."""
        if user is None or (user.is_authenticated and user.is_staff):
            return None
        shown = models.Q(is_public=True)
        if user.is_authenticated:
            shown |= models.Q(**{self.owner_field: user})
        return shown

    def visible_to(self, user):
        shown = self._shown_to(user)
        return self if shown is None else self.filter(shown)

    def hidden_from(self, user):
        """The rows `user` may not see: other people's private ones (none for staff and the
        operator). Imports use it to refuse a unique number that such a row already holds."""
        shown = self._shown_to(user)
        return self.none() if shown is None else self.exclude(shown)
