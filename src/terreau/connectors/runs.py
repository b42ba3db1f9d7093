"""Every run of a connector is recorded (`ConnectorRun`) whoever starts it, so that the
administrators' page lists the last runs of each source and their errors."""

from contextlib import contextmanager

from django.utils import timezone

from terreau.connectors.client import ConnectorError
from terreau.connectors.models import ConnectorRun


@contextmanager
def recorded_run(source: str, *, trigger: str, query: dict, user=None, dry_run: bool = False):
    """Record the run; the caller sets `run.summary` (the report's counts). A ConnectorError is
    recorded with its message and raised again for the caller to show."""
    run = ConnectorRun.objects.create(
        source=source, trigger=trigger, query=query, created_by=user, dry_run=dry_run
    )
    try:
        yield run
    except ConnectorError as error:
        run.ok, run.error = False, str(error)
        raise
    except Exception as error:
        run.ok, run.error = False, type(error).__name__
        raise
    else:
        run.ok = True
    finally:
        run.finished_at = timezone.now()
        run.save()


def last_runs(source: str, limit: int = 10):
    return ConnectorRun.objects.filter(source=source)[:limit]


def last_success(source: str) -> ConnectorRun | None:
    return ConnectorRun.objects.filter(source=source, ok=True, dry_run=False).first()
