"""`terreau jobs prune`, a scheduled task: delete what the background jobs leave behind once it
serves no one (docs/deployment.md, Tâches planifiées).

- Kept results superseded by newer data: each kind of job that keeps a result says which of its
  rows may go with a classmethod `prunable(before)` (rows to delete, computed before `before`):
  network metrics and partner suggestions whose data changed since — or whose territory or
  cooperation is gone — and that nobody's visit or scheduled refresh recomputed within the
  retention; a visit computes them again.
- PDF jobs ended before `before` (their PDF stays in its own cache, `core.pdf`).
- The queue's own records of finished tasks (django-tasks-db's `prune_db_task_results`), the
  state of each job being on its row.
The retention is TERREAU_CACHE_RETENTION_DAYS days unless `days` says otherwise.
"""

import io
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from terreau.core.jobs import job_models

BATCH = 500


def prune(*, days: int | None = None) -> dict[str, int]:
    """Delete, per kind, what is prunable; returns how many rows of each kind went."""
    days = settings.TERREAU_CACHE_RETENTION_DAYS if days is None else days
    before = timezone.now() - timedelta(days=days)
    counts = {}
    for model in job_models():
        if not hasattr(model, "prunable"):
            continue
        pks = list(model.prunable(before))
        deleted = 0
        for start in range(0, len(pks), BATCH):  # within SQLite's limit of parameters
            deleted += (
                model.objects.filter(pk__in=pks[start : start + BATCH])
                .delete()[1]
                .get(model._meta.label, 0)
            )
        counts[model._meta.label] = deleted
    counts["django_tasks_db.DBTaskResult"] = _task_results(days)
    return counts


def _task_results(days: int) -> int:
    """django-tasks-db's records of tasks finished more than `days` days ago, when the queue is
    kept in the database (the tests' immediate backend keeps none)."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return 0
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.count()
    call_command(
        "prune_db_task_results",
        min_age_days=days,
        queue_name="*",
        verbosity=0,
        stdout=io.StringIO(),
    )
    return max(0, before - DBTaskResult.objects.count())  # tasks queued meanwhile: not counted
