"""The offer import formats, declared once: `FORMATS` gives the command line's `--format`
choices, the reader and the source of the offers of each format, and how its records are located
in messages; docs/data-formats.md documents each key (tests/test_import_formats.py checks it).

To add a format: write its reader in `importers/`, add its source to `models.OfferSource`,
declare it here, document it in docs/data-formats.md and run `make docs`.

This module imports neither models nor readers at its top: `terreau --help` reads it before
Django is set up, so each reader is imported when it runs (as command handlers do).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class ImportFormat:
    key: str  # `--format`
    source: str  # the `offers.models.OfferSource` of its offers: re-imports match on it
    read: Callable[[Path], list]  # the file's OfferRecords
    # What a record's location counts: the line of the file, or the offer's rank in it (from 1).
    location: Literal["line", "offer"]


def _read_json(path: Path) -> list:
    from terreau.offers.importers.readers import read_json

    return read_json(path)


def _read_csv(path: Path) -> list:
    from terreau.offers.importers.readers import read_csv

    return read_csv(path)


def _read_aides_territoires(path: Path) -> list:
    from terreau.offers.importers.aides_territoires import read_aides_territoires

    return read_aides_territoires(path)


# In the order the command line lists them.
FORMATS: dict[str, ImportFormat] = {
    f.key: f
    for f in (
        ImportFormat(key="json", source="json", read=_read_json, location="offer"),
        ImportFormat(key="csv", source="csv", read=_read_csv, location="line"),
        ImportFormat(
            key="aides-territoires",
            source="aides-territoires",
            read=_read_aides_territoires,
            location="offer",
        ),
    )
}
