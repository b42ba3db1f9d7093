"""Keep the catalogue in sync with aides-territoires (issue 19): the aids its API lists now,
mapped by the aides-territoires importer (`importers/aides_territoires.py`, the same mapping as
`terreau offers import --format aides-territoires`) and written by the offers' one writer.

- An aid is matched to its offer on (source aides-territoires, aid id): an offer entered by hand,
  or imported from a file, is never matched, changed nor archived, whatever its name.
- A changed aid updates its offer, except the fields a person edited in Terreau
  (`Offer.edited_fields`): those are kept and listed as conflicts.
- A full sync (no `perimeter`, no `since`) that lists at least one aid archives the published
  offers from aides-territoires it no longer lists — archived, never deleted; an offer a person
  archived or un-archived by hand keeps its status. A filtered sync archives nothing.
- Every run is recorded (`connectors.ConnectorRun`), whoever starts it; the offers page says
  when the catalogue was last synced from the last successful run.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import httpx
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.connectors.aides_territoires import KEY, aid_query, fetch_aids
from terreau.connectors.models import ConnectorRun
from terreau.connectors.runs import last_success, recorded_run
from terreau.core.imports import ImportReport
from terreau.offers.importers.aides_territoires import PerimeterNames, aides_territoires_record
from terreau.offers.importers.records import OfferRecord
from terreau.offers.importers.writer import import_records
from terreau.offers.models import Offer, OfferSource
from terreau.offers.taxonomies import OfferStatus

SOURCES = [KEY]  # `terreau offers fetch --source`


@dataclass
class SyncReport(ImportReport):
    """An import report that also counts the offers archived because their aid is gone."""

    archived: int = 0

    def as_dict(self) -> dict:
        return {**super().as_dict(), "archived": self.archived}


def _where(items: list) -> Callable[[int], str]:
    def where(location: int) -> str:
        item = items[location - 1]
        if isinstance(item, dict) and item.get("id") not in (None, ""):
            return _("aide %(id)s « %(name)s »") % {"id": item["id"], "name": item.get("name", "")}
        return _("aide n° %(n)s de la réponse") % {"n": location}

    return where


def aides_territoires_sync(
    *,
    perimeter: str | None = None,
    since: date | None = None,
    dry_run: bool = False,
    trigger: str = ConnectorRun.Trigger.COMMAND,
    user=None,
    transport: httpx.BaseTransport | None = None,
) -> SyncReport:
    """Fetch the aids and bring the catalogue in line (module docstring). Raises
    `connectors.client.ConnectorError` when the service cannot give every page: then nothing is
    written (the run is recorded with its error)."""
    query = aid_query(perimeter=perimeter, since=since)
    full = not query
    report = SyncReport(source=_("API Aides-territoires"), dry_run=dry_run)
    with recorded_run(KEY, trigger=trigger, query=query, user=user, dry_run=dry_run) as run:
        items = list(fetch_aids(perimeter=perimeter, since=since, transport=transport))
        perimeters = PerimeterNames()
        records = [
            aides_territoires_record(number, item, perimeters)
            if isinstance(item, dict)
            else OfferRecord(number, {"__not_object__": item})
            for number, item in enumerate(items, start=1)
        ]
        listed = {
            str(item["id"])
            for item in items
            if isinstance(item, dict) and item.get("id") not in (None, "")
        }

        def archive_gone():
            if not full:
                return
            if not listed:
                report.notes.append(
                    _("aucune aide listée : rien n'est archivé (service vide ou en panne ?)")
                )
                return
            report.archived = archive_unlisted(listed)

        import_records(
            records,
            report=report,
            source=OfferSource.AIDES_TERRITOIRES,
            where=_where(items),
            by=None,
            after_write=archive_gone,
        )
        run.summary = {
            "total": report.total,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "archived": report.archived,
            "errors": len(report.errors),
            "conflicts": len(report.conflicts),
        }
    return report


def archive_unlisted(listed: set[str]) -> int:
    """Archive the published offers from aides-territoires whose aid is not in `listed`, unless
    a person set their status by hand; the number archived."""
    published = Offer.objects.filter(
        source=OfferSource.AIDES_TERRITOIRES, status=OfferStatus.PUBLISHED
    ).values_list("pk", "source_id", "edited_fields")
    gone = [
        pk
        for pk, source_id, edited in published
        if source_id and source_id not in listed and "status" not in edited
    ]
    for start in range(0, len(gone), 500):
        Offer.objects.filter(pk__in=gone[start : start + 500]).update(
            status=OfferStatus.ARCHIVED, updated_at=timezone.now()
        )
    return len(gone)


def last_sync() -> ConnectorRun | None:
    """The last successful sync with aides-territoires (not a dry run), for the offers page."""
    return last_success(KEY)
