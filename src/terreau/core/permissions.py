from django.db import models


class PrivateByDefaultQuerySet(models.QuerySet):
    """Rows are private to their owner until marked `is_public`: everyone sees the public ones,
    the owner (the field named `owner_field`) also sees their own, staff and the command line
    (`user=None`, the operator) see all."""

    owner_field = "owner"

    def visible_to(self, user):
        if user is None or (user.is_authenticated and user.is_staff):
            return self
        if user.is_authenticated:
            return self.filter(models.Q(is_public=True) | models.Q(**{self.owner_field: user}))
        return self.filter(is_public=True)
