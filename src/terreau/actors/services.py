"""Use cases of the actor directory: importing files, editing actors with their history."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from terreau.actors.importers.base import ImportReport, apply_records
from terreau.actors.importers.rna import read_rna
from terreau.actors.importers.sirene import locate_lines, read_sirene
from terreau.actors.importers.spreadsheet import read_spreadsheet
from terreau.actors.models import Actor, ActorChange, Source
from terreau.core.text import search_key
from terreau.territories.queries import CommuneLookup

FORMATS = ["csv", "xlsx", "sirene", "rna"]
FORMAT_SOURCES = {
    "csv": Source.SPREADSHEET,
    "xlsx": Source.SPREADSHEET,
    "sirene": Source.SIRENE,
    "rna": Source.RNA,
}


def actors_import(
    *,
    path: Path,
    file_format: str,
    territory=None,
    unites_legales: Path | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    atomic: bool = False,
    by=None,
    progress=None,
) -> ImportReport:
    """Import actors from a file. Raises DataFileError when the file cannot be read at all (then
    nothing is imported); row problems are in the report's `errors`.

    Rows are matched to existing actors on SIRET, then RNA number, then the file's id column; a
    field a person edited in Terreau is kept and the difference listed in `conflicts`.
    """
    path = Path(path)
    report = ImportReport(source=path.name, dry_run=dry_run, atomic=atomic)
    communes = CommuneLookup(territory)
    if file_format == "sirene":
        records = read_sirene(
            path, report, unites_legales=unites_legales, commune_codes=communes.codes_in_scope()
        )
    elif file_format == "rna":
        records = read_rna(path, report)
    else:
        _columns, records = read_spreadsheet(path, report, mapping=mapping)
    apply_records(
        records,
        report=report,
        source=FORMAT_SOURCES[file_format],
        communes=communes,
        by=by,
        progress=progress,
    )
    if file_format == "sirene":
        locate_lines(path, report)
    return report


def actor_save(*, actor: Actor, by, changed: dict[str, tuple]) -> Actor:
    """Save a person's edit of `actor` (`changed`: field → (old, new)), log it in the actor's
    history and protect the edited fields from being overwritten by later imports."""
    with transaction.atomic():
        creating = actor.pk is None
        actor.search_name = search_key(actor.name)
        if creating:
            actor.source = Source.MANUAL
            actor.source_name = by.get_username() if by else ""
            actor.source_date = timezone.now()
            actor.created_by = by
        else:
            actor.edited_fields = sorted(set(actor.edited_fields) | set(changed))
            if "life_functions" in changed:
                actor.life_functions_set_by_hand = True
        actor.save()
        if changed:
            ActorChange.objects.create(
                actor=actor,
                by=by,
                source=actor.source_name if creating else (by.get_username() if by else ""),
                changes={name: [_plain(old), _plain(new)] for name, (old, new) in changed.items()},
            )
    return actor


def _plain(value):
    if hasattr(value, "pk"):
        return str(value)
    return value
