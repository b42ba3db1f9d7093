"""Which connector fetches actors from which source, for the command line (`terreau actors
fetch --source …`) and the pages (`FetchJob`): one entry per source, each a function
`fetch(*, territory, options, dry_run, by, progress, trigger) -> ImportReport` raising
`ConnectorError` when its service fails. Enriching known actors works the same (`ENRICHERS`)."""

from terreau.connectors import recherche_entreprises
from terreau.connectors.client import ConnectorError
from terreau.connectors.models import FetchJob
from terreau.core.jobs import JobFailed, job_start
from terreau.territories.refs import TerritoryRefError, resolve

FETCHERS = {
    "recherche-entreprises": recherche_entreprises.fetch_actors,
}
ENRICHERS = {
    "recherche-entreprises": recherche_entreprises.enrich_actors,
}


def fetch_job_start(*, job: FetchJob) -> None:
    """Queue the fetch (a preview when `job.dry_run`); a worker runs it (`core.jobs`)."""
    job_start(job, fetch_job_work)


def fetch_job_work(job: FetchJob, progress) -> dict:
    try:
        territory = resolve(job.query["territory"], user=job.created_by)
    except TerritoryRefError as error:  # a project territory deleted or made private since
        raise JobFailed(str(error)) from error
    try:
        report = FETCHERS[job.source](
            territory=territory,
            options=job.query,
            dry_run=job.dry_run,
            by=job.created_by,
            progress=progress,
            trigger="page",
        )
    except ConnectorError as error:
        raise JobFailed(str(error)) from error
    return {**report.as_dict(), "preview": getattr(report, "preview", [])}
