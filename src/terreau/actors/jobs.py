"""Imports of actors started from the web run as background jobs (`core.jobs`)."""

from pathlib import Path

from terreau.actors.models import ImportJob
from terreau.actors.services import actors_import
from terreau.core.errors import DataFileError
from terreau.core.jobs import JobFailed, job_start
from terreau.territories.refs import resolve


def import_job_start(*, job: ImportJob) -> None:
    """Queue the import; a worker runs it (`core.jobs`)."""
    job_start(job, import_job_work)


def import_job_work(job: ImportJob, progress) -> dict:
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
            progress=progress,
        )
    except DataFileError as error:
        raise JobFailed(str(error)) from error
    total = report.total or 0
    progress(total, total)
    return report.as_dict()
