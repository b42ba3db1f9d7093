"""Running a `core.models.Job` in the background: a thread of the server process, the job's
progress in a small JSON file that any server process can read, its outcome on the job's row.

`job_start(job, work)` is the one entry point; `work(job, progress)` is a module-level function
doing the job (so that a task queue can later import it by name instead of a thread calling it),
calling `progress(processed, total)` now and then, returning the report to keep, and raising
`JobFailed` for a failure to show to the person.
"""

import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from terreau.core.models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]
Work = Callable[[Job, Progress], dict]


class JobFailed(Exception):
    """The work could not be done and nothing was kept: `message` says why to the person,
    `report` (e.g. the located errors of a document) is kept on the job."""

    def __init__(self, message: str, report: dict | None = None):
        super().__init__(message)
        self.message, self.report = message, report or {}


def progress_path(job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / f"{job._meta.label_lower}-{job.pk}.progress.json"


def read_progress(job: Job) -> dict:
    """`{"processed": n, "total": m}`; `total` is None while the work cannot tell yet."""
    try:
        return json.loads(progress_path(job).read_text())
    except (OSError, ValueError):
        return {"processed": 0, "total": None}


def _write_progress(job: Job, processed: int, total: int | None) -> None:
    path = progress_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"processed": processed, "total": total}))
    os.replace(temporary, path)  # readers never see half a file


def job_start(job: Job, work: Work) -> None:
    """Mark the job running and do its work in a background thread, in the language of the page
    that started it; inline when TERREAU_BACKGROUND_IMPORTS is off (tests)."""
    job.status = Job.Status.RUNNING
    job.save(update_fields=["status"])
    _write_progress(job, 0, None)
    if getattr(settings, "TERREAU_BACKGROUND_IMPORTS", True):
        arguments = [type(job), job.pk, work, translation.get_language()]
        threading.Thread(target=_run_in_thread, args=arguments, daemon=True).start()
    else:
        job_run(job, work)


def _run_in_thread(model: type[Job], pk: int, work: Work, language: str | None) -> None:
    close_old_connections()
    try:
        with translation.override(language):
            job_run(model.objects.get(pk=pk), work)
    finally:
        close_old_connections()


def job_run(job: Job, work: Work) -> Job:
    """Do the work and record its outcome; the job always ends done or failed."""
    try:
        report = work(job, lambda processed, total: _write_progress(job, processed, total))
    except JobFailed as failure:
        job.status, job.error, job.report = Job.Status.FAILED, failure.message, failure.report
    except Exception:  # a background job must always end in a visible state
        logger.exception("job %s %s failed", job._meta.label, job.pk)
        job.status = Job.Status.FAILED
        job.error = _("erreur interne, le journal du serveur en garde la trace")
    else:
        job.status, job.report = Job.Status.DONE, report
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "report", "finished_at"])
    return job


def jobs_of(model: type[Job], user):
    """The jobs of `model` a person may follow: their own; staff follow everyone's."""
    jobs = model.objects.all()
    return jobs if user.is_staff else jobs.filter(created_by=user)
