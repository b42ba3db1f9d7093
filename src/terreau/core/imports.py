"""What every import shares, whatever it reads: the report of what it did and of each row it
refused, and the one transaction its writes run in (rolled back on a dry run).

Actors, offers, needs and the other importers fill an `ImportReport`; the CLI and the web pages
show it the same way.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction

from terreau.core.taxonomies import taxonomy_member


@dataclass
class RowError:
    line: int | None
    column: str | None
    value: str | None
    message: str
    # The row's record key (`ActorRecord.key` for actors), to find its line later when the reader
    # could not count lines.
    record_key: tuple[str, int] | None = None
    # (identifier, key) of the row whose identifier this one repeats, while that row's line is
    # unknown: the message names it once `locate_lines` has found it.
    duplicate_of: tuple[str, tuple[str, int]] | None = None

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


class _Rollback(Exception):
    """Raised to roll back an import's transaction, caught by `ImportReport.writing`."""


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    atomic: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    imported: bool = True
    total: int | None = None  # rows to process, when the reader knows it

    def error(self, line, column, value, message, *, record_key=None, duplicate_of=None) -> None:
        value = None if value is None else str(value)
        self.errors.append(RowError(line, column, value, message, record_key, duplicate_of))

    @property
    def writes_kept(self) -> bool:
        """Whether the import's writes stay: not on a dry run, nor on an atomic one with errors."""
        return not (self.dry_run or (self.atomic and self.errors))

    @contextmanager
    def writing(self, *, batched: bool = False):
        """One transaction for the import's writes, rolled back at the end unless `writes_kept`;
        an atomic import rolled back for its errors then counts nothing as imported.

        `batched` (the actor imports): an import that keeps its valid rows whatever the others
        (neither atomic nor a dry run) commits each batch (`batch()`) in a short transaction of
        its own instead, so that on SQLite other people's writes get the database between two
        batches; a file is read and checked whole before its first batch is written, so what
        cannot be read still writes nothing."""
        if batched and not (self.atomic or self.dry_run):
            yield
            return
        try:
            with transaction.atomic():
                yield
                if not self.writes_kept:
                    raise _Rollback
        except _Rollback:
            if self.atomic and self.errors and not self.dry_run:
                self.imported = False
                self.created = self.updated = self.unchanged = 0

    @contextmanager
    def batch(self):
        """The writes of one batch: its own transaction in a batched import (`writing`), part of
        the import's one transaction otherwise."""
        with transaction.atomic(savepoint=False):
            yield

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "imported": self.imported,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": dict(self.skipped),
            "errors": [e.as_dict() for e in self.errors],
            "conflicts": self.conflicts,
            "notes": self.notes,
        }


def taxonomy_choice(choices, text: str):
    """A taxonomy key from its key or its French or English label (`taxonomy_member`)."""
    member = taxonomy_member(choices, text)
    return None if member is None else member.value
