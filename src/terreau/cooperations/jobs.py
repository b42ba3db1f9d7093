"""Cooperation documents imported from the web in the background (`core.jobs`): those with more
items than TERREAU_COOPERATION_IMPORT_INLINE_ITEMS, which could take longer than a web request
may (10,000 actors: about 10 s, bench/cooperation_import.py)."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import ngettext

from terreau.cooperations.models import CooperationImportJob
from terreau.core.errors import DataFileError
from terreau.core.jobs import JobFailed, job_start
from terreau.interchange import InterchangeError, cooperation_import, read_document
from terreau.interchange.schema import SECTIONS


def runs_in_background(document) -> bool:
    """Whether importing `document` (any JSON value, not yet checked) is left to a job."""
    if not isinstance(document, dict):
        return False
    items = sum(len(v) for s in SECTIONS if isinstance(v := document.get(s), list))
    return items > settings.TERREAU_COOPERATION_IMPORT_INLINE_ITEMS


def import_job_start(*, job: CooperationImportJob) -> None:
    job_start(job, import_job_work)


def import_job_work(job: CooperationImportJob, progress) -> dict:
    try:
        document = read_document(Path(job.file.path))
        cooperation = cooperation_import(
            document,
            by=job.created_by,
            slug=job.slug or None,
            source_name=job.original_name,
            progress=progress,
        )
    except DataFileError as error:
        raise JobFailed(str(error)) from error
    except InterchangeError as error:
        count = len(error.errors)
        raise JobFailed(
            ngettext(
                "%(count)s erreur dans le document", "%(count)s erreurs dans le document", count
            )
            % {"count": count},
            report={"errors": [{"path": e.path, "message": e.message} for e in error.errors]},
        ) from error
    job.cooperation = cooperation
    job.save(update_fields=["cooperation"])
    return {
        "name": cooperation.name,
        "slug": cooperation.slug,
        "members": cooperation.members.count(),
        "blocks": cooperation.blocks.count(),
        "relations": cooperation.relations.count(),
        "journal": cooperation.journal.count(),
    }
