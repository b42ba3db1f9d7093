"""Imports started from the web run in a background thread of the server process; their progress
goes to a small JSON file next to the upload, so any server process can show it."""

import json
import logging
import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from terreau.actors.models import ImportJob
from terreau.actors.services import actors_import
from terreau.core.errors import DataFileError
from terreau.territories.refs import resolve

logger = logging.getLogger(__name__)


def progress_path(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / f"job-{job.pk}.progress.json"


def read_progress(job: ImportJob) -> dict:
    try:
        return json.loads(progress_path(job).read_text())
    except (OSError, ValueError):
        return {"processed": 0, "total": None}


def _write_progress(job: ImportJob, processed: int, total: int | None) -> None:
    path = progress_path(job)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"processed": processed, "total": total}))
    os.replace(temporary, path)


def import_job_start(*, job: ImportJob) -> None:
    """Run the job, in the background unless TERREAU_BACKGROUND_IMPORTS is off (tests)."""
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    _write_progress(job, 0, None)
    if getattr(settings, "TERREAU_BACKGROUND_IMPORTS", True):
        threading.Thread(target=_run_in_thread, args=[job.pk], daemon=True).start()
    else:
        import_job_run(job=job)


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        import_job_run(job=ImportJob.objects.get(pk=job_id))
    finally:
        close_old_connections()


def import_job_run(*, job: ImportJob) -> ImportJob:
    territory = resolve(job.territory_ref, user=job.created_by) if job.territory_ref else None
    try:
        report = actors_import(
            path=Path(job.file.path),
            file_format=job.file_format,
            territory=territory,
            atomic=job.atomic,
            by=job.created_by,
            is_public=job.is_public,
            clear_empty=job.clear_empty,
            progress=lambda processed, total: _write_progress(job, processed, total),
        )
    except DataFileError as error:
        job.status, job.error = ImportJob.Status.FAILED, str(error)
    except Exception as error:  # a background job must always end in a visible state
        logger.exception("import job %s failed", job.pk)
        job.status, job.error = ImportJob.Status.FAILED, repr(error)
    else:
        job.status, job.report = ImportJob.Status.DONE, report.as_dict()
        total = report.total or 0
        _write_progress(job, total, total)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "report", "finished_at"])
    return job
