"""The actor import formats, declared once: `FORMATS` gives the command line's `--format`
choices, the web import form's choices and labels, how the import reads and locates each file,
the provenance and default visibility of the actors it creates, and the columns its preview
shows; docs/data-formats.md documents each key (tests/test_import_formats.py checks all of it).

To add a format: write its reader in `importers/`, declare it here, document it in
docs/data-formats.md and run `make docs`.

This module imports neither models nor readers at its top: `terreau --help` reads it before
Django is set up, so each format's steps import their reader when they run (as command handlers
do).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ImportFormat:
    key: str  # `--format`, the web form's value, ImportJob.file_format
    label: str
    source: str  # the `actors.models.Source` of the actors it creates
    # Official registers describe organisations that are public by law; a hand-kept spreadsheet
    # may name people and informal groups, so what it creates stays private to its importer.
    public_by_default: bool
    # read(path, report, *, communes, unites_legales, mapping) -> the file's ActorRecords, with
    # `communes` the import's CommuneLookup.
    read: Callable[..., Iterable]
    # The preview of a web import: the column names that tell the header row, and the actor
    # field each column of the header gives.
    header_hint: Callable[[], set[str]]
    fields_of: Callable[[list[str]], dict[str, str]]
    # After writing: give row errors found without a line number their line.
    locate: Callable[[Path, object], None] | None = None


def _read_spreadsheet(path, report, *, communes, unites_legales, mapping):
    from terreau.actors.importers.spreadsheet import read_spreadsheet

    _columns, records = read_spreadsheet(path, report, mapping=mapping)
    return records


def _spreadsheet_hint() -> set[str]:
    from terreau.actors.importers.spreadsheet import SYNONYMS

    return {name for names in SYNONYMS.values() for name in names}


def _spreadsheet_fields(header: list[str]) -> dict[str, str]:
    from terreau.actors.importers.spreadsheet import detect_columns

    return detect_columns(header, {})


def _read_sirene(path, report, *, communes, unites_legales, mapping):
    from terreau.actors.importers.sirene import read_sirene

    return read_sirene(
        path, report, unites_legales=unites_legales, commune_codes=communes.codes_in_scope()
    )


def _sirene_fields(header: list[str]) -> dict[str, str]:
    from terreau.actors.importers.sirene import FIELD_COLUMNS

    return {column: name for name, column in FIELD_COLUMNS.items()}


def _locate_sirene(path, report) -> None:
    from terreau.actors.importers.sirene import locate_lines

    locate_lines(path, report)


def _read_rna(path, report, *, communes, unites_legales, mapping):
    from terreau.actors.importers.rna import read_rna

    return read_rna(path, report)


def _rna_fields(header: list[str]) -> dict[str, str]:
    from terreau.actors.importers.rna import COLUMNS

    return {column: name for name, column in COLUMNS.items()}


_SPREADSHEET = {
    "source": "spreadsheet",
    "public_by_default": False,
    "read": _read_spreadsheet,
    "header_hint": _spreadsheet_hint,
    "fields_of": _spreadsheet_fields,
}
# In the order the command line and the web form list them.
FORMATS: dict[str, ImportFormat] = {
    f.key: f
    for f in (
        ImportFormat(key="csv", label=_("Tableur CSV"), **_SPREADSHEET),
        ImportFormat(key="xlsx", label=_("Classeur XLSX"), **_SPREADSHEET),
        ImportFormat(
            key="sirene",
            label=_("SIRENE — fichier StockEtablissement de l'INSEE"),
            source="sirene",
            public_by_default=True,
            read=_read_sirene,
            header_hint=lambda: {"siret"},
            fields_of=_sirene_fields,
            locate=_locate_sirene,
        ),
        ImportFormat(
            key="rna",
            label=_("RNA — fichier waldec des associations"),
            source="rna",
            public_by_default=True,
            read=_read_rna,
            header_hint=lambda: {"titre"},
            fields_of=_rna_fields,
        ),
    )
}


def public_by_default(file_format: str) -> bool:
    """Whether the actors an import of this format creates are public unless the person says."""
    return FORMATS[file_format].public_by_default
