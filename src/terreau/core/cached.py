"""Results computed by a background job and kept in the database (issue 16): the network
metrics (`network.cache`) and the partner suggestions of large territories
(`cooperations.suggestions`). Each is a `core.models.Job` row with a unique `key` (the view it
holds), the `data_version` it was computed from and `computed_at`.

- A page reads the row of its view (`serve`): missing or computed from another data version, the
  row's job is queued, and the page shows what the row holds (stale figures with their date, or
  a waiting state) while a worker computes fresher ones.
- One job per row at a time: queuing first claims the row by its run number (`claim`), so that of
  concurrent visits of a stale page only one queues the work; the work writes its result only if
  its run is still the row's (`filter(run=job.run)`).
- A data version is a digest (`digest`) of a few aggregate queries on indexed columns
  (`summary`: a count and the latest change of a set of rows).
- `refresh_now` is the scheduled commands' way: the work runs in the command, not in a worker.
"""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.http import JsonResponse
from django.utils import translation

from terreau.core.jobs import Work, job_run, job_start
from terreau.core.models import Job


def summary(rows, latest: str) -> list:
    """The count of `rows` and their greatest `latest` (a date of change, or the id)."""
    found = rows.order_by().aggregate(count=Count("pk"), latest=Max(latest))
    return [found["count"], found["latest"]]


def digest(parts) -> str:
    """A data version: the SHA-256 of JSON-serialisable parts."""
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def in_progress(row: Job) -> bool:
    return row.status in (Job.Status.QUEUED, Job.Status.RUNNING) and not row.is_interrupted


@dataclass
class Served:
    """What a page shows of a kept result: the row (its result empty before the first
    computation) with its date, whether it matches the data now, and whether a fresher one is
    coming."""

    row: Job
    fresh: bool

    @property
    def computed_at(self):
        return self.row.computed_at

    @property
    def computing(self) -> bool:
        return in_progress(self.row)

    @property
    def failed(self) -> bool:
        return self.row.status == Job.Status.FAILED and not self.fresh


def create(model: type[Job], key: str, **fields) -> Job:
    """The row of `key`, created (not yet computed) unless another visit created it meanwhile."""
    try:
        with transaction.atomic():
            return model.objects.create(key=key, status=Job.Status.DONE, **fields)
    except IntegrityError:
        return model.objects.get(key=key)


def claim(row: Job) -> bool:
    """Take the right to queue the row's next run: only one of concurrent visits gets it."""
    claimed = type(row).objects.filter(pk=row.pk, run=row.run).update(run=row.run + 1)
    row.run += claimed
    return bool(claimed)


def serve(row: Job, *, version: str, work: Work) -> Served:
    """The row as a page shows it, its job queued when it was computed from another version
    than `version` (the immediate backend of the tests computes it here)."""
    if row.data_version != version and not in_progress(row):
        if claim(row):
            job_start(row, work)
        row.refresh_from_db()
    return Served(row=row, fresh=row.data_version == version)


def refresh_now(row: Job, work: Work) -> Job | None:
    """Compute the row here (a scheduled command), unless a job is already on it; the job is
    recorded on the row like a worker's."""
    if in_progress(row) or not claim(row):
        return None
    row.work, row.status = f"{work.__module__}.{work.__qualname__}", Job.Status.QUEUED
    row.save(update_fields=["work", "status"])
    with translation.override(row.language or settings.LANGUAGE_CODE):
        return job_run(row, work)


def pending_answer(answer: Served, what: str) -> JsonResponse:
    """The API's answer before the first computation of a kept result: 202 with `Retry-After`,
    computing (or failed: asked again, it is recomputed)."""
    body = {"status": "computing", "detail": f"The {what} are being computed; ask again."}
    if not answer.computing:
        body = {"status": "failed", "detail": answer.row.error or "Not computed yet."}
    response = JsonResponse(body, status=202)
    response["Retry-After"] = "10"
    return response
