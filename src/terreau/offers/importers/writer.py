"""The entry point (`offers_import`) and the writer: one transaction; `atomic` writes nothing
if a record fails, `dry_run` nothing at all."""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from terreau.actors.models import Actor
from terreau.core.imports import ImportReport
from terreau.offers.formats import FORMATS
from terreau.offers.importers.records import CleanOffer, OfferRecord
from terreau.offers.importers.validation import Context, _clean
from terreau.offers.models import Offer, OfferSource
from terreau.offers.services import perimeter_replace
from terreau.offers.subscriptions import offers_published
from terreau.offers.taxonomies import (
    OfferStatus,
)


def offers_import(
    *,
    path: Path,
    file_format: str,
    atomic: bool = False,
    dry_run: bool = False,
    licence: str = "",
    source: str | None = None,
    demo: bool = False,
    by=None,
) -> ImportReport:
    """Import offers from `path` as `by` (None: the operator). Raises DataFileError when the file
    cannot be read at all. Providers and funders are linked among the actors `by` may see, and
    an offer `by` may not edit is not changed (its record is an error)."""
    path = Path(path)
    report = ImportReport(source=path.name, atomic=atomic, dry_run=dry_run)
    importer = FORMATS[file_format]
    records = importer.read(path)
    return import_records(
        records,
        report=report,
        source=source or OfferSource(importer.source),
        where=lambda location: _where(file_format, location),
        licence=licence,
        demo=demo,
        by=by,
    )


def import_records(
    records: list[OfferRecord],
    *,
    report: ImportReport,
    source: str,
    where: Callable[[int], str],
    licence: str = "",
    demo: bool = False,
    by=None,
    after_write: Callable[[], None] | None = None,
) -> ImportReport:
    """Validate and write `records` (a file's, or the aids a connector fetched) into `report`;
    `where` names a record's location in messages; `after_write` runs in the same transaction
    once the offers are written (the sync's archiving)."""
    report.total = len(records)
    context = Context(by)
    cleaned: list[tuple[OfferRecord, CleanOffer]] = []
    first_of: dict[str, int] = {}
    for record in records:
        offer = _clean(record, report, context)
        for note in record.notes:
            report.notes.append(f"{where(record.location)} : {note}")
        if offer is None:
            continue
        if offer.source_id in first_of:
            column = record.columns.get("id", "id")
            report.error(
                record.location,
                column,
                offer.source_id,
                _("identifiant déjà utilisé par %(where)s")
                % {"where": where(first_of[offer.source_id])},
            )
            continue
        first_of[offer.source_id] = record.location
        if licence and not offer.values["licence"]:
            offer.values["licence"] = licence
        cleaned.append((record, offer))
    source_ids = [clean.source_id for _record, clean in cleaned]
    published = Offer.objects.filter(
        source=source, source_id__in=source_ids, status=OfferStatus.PUBLISHED
    )
    published_before = set(published.values_list("pk", flat=True))
    with report.writing():
        _write(cleaned, report, source=source, demo=demo, by=by)
        if after_write:
            after_write()
        if report.writes_kept:
            # Followers of matching cooperations hear of the offers published by this import.
            offers_published(set(published.values_list("pk", flat=True)) - published_before)
    return report


def _where(file_format: str, location: int) -> str:
    if FORMATS[file_format].location == "line":
        return _("ligne %(n)s") % {"n": location}
    return _("offre n° %(n)s") % {"n": location}


def _write(cleaned, report: ImportReport, *, source: str, demo: bool, by) -> None:
    found = Offer.objects.filter(
        source=source, source_id__in=[clean.source_id for _record, clean in cleaned]
    )
    existing = {
        offer.source_id: offer
        for offer in found.prefetch_related("perimeters", "providers", "funders")
    }
    editable = set(found.editable_by(by).values_list("pk", flat=True))
    # Links to actors `by` may not see stay: the file cannot name them, so it cannot mean to
    # remove them.
    linked = {
        actor.pk
        for offer in existing.values()
        for actor in [*offer.providers.all(), *offer.funders.all()]
    }
    hidden = set(Actor.objects.filter(pk__in=linked).hidden_from(by).values_list("pk", flat=True))
    for record, clean in cleaned:
        offer = existing.get(clean.source_id)
        if offer is not None and offer.pk not in editable:
            report.error(
                record.location,
                record.columns.get("id", "id"),
                clean.source_id,
                _("identifiant d'une offre que vous ne pouvez pas modifier : offre non importée"),
            )
            continue
        if offer is None:
            from terreau.offers.services import offer_save

            offer = Offer(source=source, source_id=clean.source_id, is_demo=demo, **clean.values)
            offer_save(
                offer=offer,
                perimeters=clean.perimeters,
                providers=clean.providers,
                funders=clean.funders,
                by=by,
            )
            report.created += 1
            continue
        protected = set(offer.edited_fields)

        def kept(name, current, incoming, location=record.location, offer=offer):
            # A value a person entered or edited in Terreau stays; the difference is reported.
            report.conflicts.append(
                {
                    "line": location,
                    "offer": offer.pk,
                    "field": name,
                    "kept": _plain(current),
                    "incoming": _plain(incoming),
                }
            )

        changed_fields = []
        for name, value in clean.values.items():
            current = getattr(offer, name)
            if current == value:
                continue
            if name in protected:
                kept(name, current, value)
                continue
            changed_fields.append(name)
        if changed_fields:
            for name in changed_fields:
                setattr(offer, name, clean.values[name])
            offer.save(update_fields=[*changed_fields, "updated_at"])
        changed = bool(changed_fields)
        if "perimeter" in protected:
            current_refs = {row.ref for row in offer.perimeters.all()}
            incoming_refs = {row.ref for row in clean.perimeters}
            if current_refs != incoming_refs:
                kept("perimeter", sorted(current_refs), sorted(incoming_refs))
        else:
            changed |= perimeter_replace(offer, clean.perimeters)
        for role in ("providers", "funders"):
            current = {actor.pk for actor in getattr(offer, role).all()}
            wanted = set(getattr(clean, role)) | (current & hidden)
            if wanted == current:
                continue
            if role in protected:
                kept(role, sorted(current), sorted(wanted))
                continue
            getattr(offer, role).set(wanted)
            changed = True
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1


def _plain(value):
    """A conflict's value as the JSON report holds it (amounts and dates as text)."""
    if value is None or isinstance(value, (bool, int, str, list)):
        return value
    return str(value)
