"""Imports of actors started from the web run as background jobs (`core.jobs`), and so do the
directory exports that cannot stream (XLSX) beyond TERREAU_EXPORT_DIRECT_MAX_ROWS actors."""

import tempfile
from pathlib import Path

from django.core.files import File

from terreau.actors.exports import actors_by_ids, export_xlsx
from terreau.actors.models import ExportJob, ImportJob
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
        error.path = job.original_name  # the person's file name, not where the server keeps it
        raise JobFailed(str(error)) from error
    total = report.total or 0
    progress(total, total)
    return report.as_dict()


def export_job_start(*, job: ExportJob) -> None:
    """Queue the export; a worker writes the file (`core.jobs`)."""
    job_start(job, export_job_work)


def export_job_work(job: ExportJob, progress) -> dict:
    """Write the actors the person could see when they asked (`job.actor_ids`), as they are
    now, into the job's file (under the data directory's media)."""
    if job.file_format != "xlsx":
        raise JobFailed(f"format {job.file_format}")
    if job.file:  # a relaunched run: the file of the run that died
        job.file.delete(save=False)
    with tempfile.TemporaryFile() as target:
        export_xlsx(actors_by_ids(job.actor_ids, progress), target)
        target.seek(0)
        job.file.save(f"acteurs-{job.pk}.xlsx", File(target), save=False)
    type(job).objects.filter(pk=job.pk).update(file=job.file.name)
    return {"actors": len(job.actor_ids)}
