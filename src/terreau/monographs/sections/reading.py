"""Reading the cooperation's record with the reader's rights, and the small
formatters every section uses."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.utils import formats

from terreau.cooperations.models import (
    AccessRole,
    Cooperation,
    JournalEntry,
    Member,
    Relation,
)
from terreau.territories.refs import TerritoryRefError, resolve


@dataclass(frozen=True)
class Reader:
    """Who reads: a user account (None: the operator at the command line) and its access role on
    the cooperation (None: the public, who reads a published monograph)."""

    user: object
    role: AccessRole | None

    @classmethod
    def of(cls, cooperation: Cooperation, user) -> "Reader":
        return cls(user, cooperation.role_of(user))

    @classmethod
    def public(cls) -> "Reader":
        return cls(AnonymousUser(), None)

    @property
    def sees_record(self) -> bool:
        return self.role is not None


def members(cooperation: Cooperation, reader: Reader) -> list[Member]:
    rows = cooperation.members.select_related("actor")
    if not reader.sees_record:
        rows = rows.filter(is_public=True)
    return list(rows)


def journal(cooperation: Cooperation, reader: Reader, kinds):
    """Journal entries of some kinds, oldest first (a query, so that a slice reads only what it
    keeps); the journal is never public."""
    if not reader.sees_record:
        return []
    return cooperation.journal.filter(kind__in=kinds).order_by("happened_on", "pk")


def relations(cooperation: Cooperation, reader: Reader, kinds) -> list[Relation]:
    """Relations recorded in the cooperation, never public even when it is published."""
    if not reader.sees_record:
        return []
    rows = Relation.objects.visible_to(reader.user).filter(cooperation=cooperation, kind__in=kinds)
    return list(rows.select_related("source", "target"))


def day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def euros(amount: Decimal) -> str:
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} €"


def entry_line(entry: JournalEntry) -> str:
    line = f"{day(entry.happened_on)} — {entry.title}"
    return f"{line} : {entry.text}" if entry.text else line


def territory_name(cooperation: Cooperation) -> str:
    try:
        return resolve(cooperation.territory_ref, user=None).name
    except TerritoryRefError:
        return cooperation.territory_ref
