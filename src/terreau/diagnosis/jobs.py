"""Needs registers uploaded on a diagnosis page are imported in the background (`core.jobs`),
as actor imports are: the page never waits for the file to be read and written."""

from pathlib import Path

from terreau.core.errors import DataFileError
from terreau.core.jobs import JobFailed, job_start
from terreau.diagnosis.models import NeedsImportJob
from terreau.diagnosis.needs_import import needs_import
from terreau.territories.refs import TerritoryRefError, resolve


def needs_import_job_start(*, job: NeedsImportJob) -> None:
    job_start(job, needs_import_job_work)


def needs_import_job_work(job: NeedsImportJob, progress) -> dict:
    """The import as its author: the territory as they may see it, actors linked among those
    they may see (`needs_import`)."""
    try:
        territory = resolve(job.territory_ref, user=job.created_by)
        report = needs_import(
            path=Path(job.file.path), territory=territory, author=job.created_by, atomic=job.atomic
        )
    except DataFileError as error:
        error.path = job.original_name  # the person's file name, not where the server keeps it
        raise JobFailed(str(error)) from error
    except TerritoryRefError as error:
        raise JobFailed(str(error)) from error
    total = report.created + report.updated + report.unchanged + len(report.errors)
    progress(total, total)
    return report.as_dict()
