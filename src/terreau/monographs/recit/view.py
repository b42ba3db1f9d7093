"""Who reads a territory's récit, and what the sections read from: the dashboard's data of the
territory (`dashboard.queries.territory_dashboard`), computed once per récit with the reader's
rights — so each section shows only what that reader may see (docs/dashboard.md)."""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AnonymousUser

from terreau.dashboard.queries import territory_dashboard


@dataclass
class TerritoryView:
    """The territory as `user` may see it: None is the operator at the command line (all), an
    anonymous user is the public version (published data only)."""

    territory: object
    user: object

    @classmethod
    def public(cls, territory) -> "TerritoryView":
        return cls(territory, AnonymousUser())

    @property
    def is_public_version(self) -> bool:
        return self.user is not None and not self.user.is_authenticated

    @cached_property
    def dashboard(self) -> dict:
        return territory_dashboard(self.territory, user=self.user)
