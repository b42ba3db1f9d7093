"""Use cases of the actor directory: importing files, editing actors with their history."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from terreau.actors.formats import FORMATS
from terreau.actors.importers.base import apply_records
from terreau.actors.models import Actor, ActorChange, Source
from terreau.core.imports import ImportReport
from terreau.core.text import search_key
from terreau.territories.queries import CommuneLookup


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
    is_public: bool | None = None,
    clear_empty: bool = False,
) -> ImportReport:
    """Import actors from a file. Raises DataFileError when the file cannot be read at all (then
    nothing is imported); row problems are in the report's `errors`.

    Rows are matched to existing actors on SIRET, then RNA number, then the file's id column. A
    matched actor changes only in the fields the file gives a value for (an empty cell erases a
    value only with `clear_empty`); a value a person entered or edited in Terreau is kept and the
    difference listed in `conflicts`.

    Actors it creates are public or private to `by` as `is_public` says (None: the format's
    default, `formats.ImportFormat.public_by_default`); the actors it updates keep their visibility.
    """
    path = Path(path)
    report = ImportReport(source=path.name, dry_run=dry_run, atomic=atomic)
    communes = CommuneLookup(territory)
    importer = FORMATS[file_format]
    records = importer.read(
        path, report, communes=communes, unites_legales=unites_legales, mapping=mapping
    )
    apply_records(
        records,
        report=report,
        source=Source(importer.source),
        communes=communes,
        by=by,
        progress=progress,
        is_public=importer.public_by_default if is_public is None else is_public,
        clear_empty=clear_empty,
    )
    if importer.locate:
        importer.locate(path, report)
    return report


def actor_save(*, actor: Actor, by, changed: dict[str, tuple]) -> Actor:
    """Save a person's entry or edit of `actor` (`changed`: field → (old, new)), log it in the
    actor's history and protect the fields entered from being overwritten by later imports (on
    creation, `changed` holds every field the person filled in)."""
    with transaction.atomic():
        creating = actor.pk is None
        actor.search_name = search_key(actor.name)
        if creating:
            actor.source = Source.MANUAL
            actor.source_name = by.get_username() if by else ""
            actor.source_date = timezone.now()
            actor.created_by = by
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
    # A commune is kept by id: the history shows its name as it is when read.
    if hasattr(value, "pk"):
        return value.pk
    return value
