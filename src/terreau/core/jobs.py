"""Running a `core.models.Job` in the background: a task queue in the database (django-tasks with
its database backend, django-tasks-db), worked by `terreau jobs worker` — a process of its own
beside the web server —, the job's state, progress and heartbeat on its row.

`job_start(job, work)` is the one entry point; `work(job, progress)` is a module-level function
doing the job (the queue stores its dotted name, and the worker imports it), calling
`progress(processed, total)` now and then, returning the report to keep, and raising `JobFailed`
for a failure to show to the person. `job_relaunch(job)` queues an interrupted job again, from
the start.

While the work runs, a thread of the worker writes the job's heartbeat and its latest progress
every TERREAU_JOB_HEARTBEAT_SECONDS through a connection of its own: the work's transaction would
hide them from other processes, and one write every few seconds is enough for a progress bar.
Killed with its worker, the job stops beating and is shown as interrupted
(`Job.is_interrupted`). With the immediate backend (tests), the work runs within the caller and
writes its progress itself.
"""

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

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


def job_start(job: Job, work: Work) -> None:
    """Queue the job: a worker will run `work` in the language of the page that started it."""
    path = f"{work.__module__}.{work.__qualname__}"
    if import_string(path) is not work:
        raise ValueError(f"a job's work must be a module-level function, not {path}")
    job.work, job.language = path, translation.get_language() or ""
    job.save(update_fields=["work", "language"])
    _enqueue(job)


def job_relaunch(job: Job) -> bool:
    """Queue an interrupted job again, from the start; False when it is not interrupted (it
    still runs, or ended)."""
    if not job.is_interrupted:
        return False
    _enqueue(job)
    return True


def _enqueue(job: Job) -> None:
    job.run += 1
    job.status, job.error, job.report = Job.Status.QUEUED, "", {}
    job.processed, job.total = 0, None
    job.started_at = job.heartbeat = job.finished_at = None
    fields = ["run", "status", "error", "report", "processed", "total", "started_at"]
    job.save(update_fields=[*fields, "heartbeat", "finished_at"])
    job_task.enqueue(job._meta.label, job.pk, job.run)


@task(takes_context=True)
def job_task(context: TaskContext, label: str, pk: int, run: int) -> None:
    """What the worker runs: the job's work, unless the job was relaunched since (`run`)."""
    job = apps.get_model(label).objects.filter(pk=pk, run=run).first()
    if job is None or job.status != Job.Status.QUEUED:
        return
    in_worker = not isinstance(task_backends[context.task_result.backend], ImmediateBackend)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        job_run(job, import_string(job.work), beat_apart=in_worker)


def job_run(job: Job, work: Work, *, beat_apart: bool = False) -> Job:
    """Do the work and record its outcome; the job ends done or failed, unless its worker dies
    (then it is interrupted). `beat_apart`: the heartbeat and progress are written by a thread
    with its own connection (in a worker), else by the work's connection."""
    now = timezone.now()
    rows = _this_run(job).update(status=Job.Status.RUNNING, started_at=now, heartbeat=now)
    if not rows:
        return job
    job.status, job.started_at, job.heartbeat = Job.Status.RUNNING, now, now
    heart = _Heart(job, apart=beat_apart)
    try:
        report = work(job, heart.progress)
    except JobFailed as failure:
        outcome = {"status": Job.Status.FAILED, "error": failure.message, "report": failure.report}
    except Exception:  # a background job must always end in a visible state
        logger.exception("job %s %s failed", job._meta.label, job.pk)
        error = _("erreur interne, le journal du serveur en garde la trace")
        outcome = {"status": Job.Status.FAILED, "error": error, "report": {}}
    else:
        outcome = {"status": Job.Status.DONE, "error": "", "report": report}
    finally:
        heart.stop()
    now = timezone.now()
    outcome |= {"finished_at": now, "heartbeat": now, **heart.latest}
    _this_run(job).update(**outcome)
    for name, value in outcome.items():
        setattr(job, name, value)
    return job


def _this_run(job: Job):
    return type(job).objects.filter(pk=job.pk, run=job.run)


class _Heart:
    """Writes the job's heartbeat and latest progress: every few seconds from a thread (`apart`),
    or at each progress call through the work's own connection."""

    def __init__(self, job: Job, *, apart: bool):
        self.job, self.apart = job, apart
        self.latest: dict = {"processed": 0, "total": None}
        self.stopped = threading.Event()
        self.thread = None
        if apart:
            self.thread = threading.Thread(target=self._beat, daemon=True, name=f"job-{job.pk}")
            self.thread.start()

    def progress(self, processed: int, total: int | None) -> None:
        self.latest = {"processed": processed, "total": total}
        if not self.apart:
            self._write()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread:
            self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(settings.TERREAU_JOB_HEARTBEAT_SECONDS):
                try:
                    with transaction.atomic():
                        self._write()
                except OperationalError:
                    # SQLite: the work holds the write lock longer than the busy timeout (an
                    # all-or-nothing import); the next beat tries again.
                    logger.warning("job %s: heartbeat not written, database busy", self.job.pk)
        finally:
            connections.close_all()  # this thread's connections only

    def _write(self) -> None:
        _this_run(self.job).update(heartbeat=timezone.now(), **self.latest)


def uploads_clean(*, days: int | None = None) -> int:
    """Delete the files uploaded for jobs that ended (done or failed) more than `days` days ago
    (TERREAU_UPLOAD_RETENTION_DAYS); the jobs and their reports stay. Returns how many."""
    days = settings.TERREAU_UPLOAD_RETENTION_DAYS if days is None else days
    ended = timezone.now() - timedelta(days=days)
    count = 0
    for model in job_models():
        if not any(field.name == "file" for field in model._meta.get_fields()):
            continue
        jobs = model.objects.filter(
            status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=ended
        ).exclude(file="")
        for job in jobs:
            job.file.delete(save=False)  # a file already gone is no error
            model.objects.filter(pk=job.pk).update(file="")
            count += 1
    return count


def job_models() -> list[type[Job]]:
    """Every concrete kind of job (each app's)."""
    return [model for model in apps.get_models() if issubclass(model, Job)]


def jobs_of(model: type[Job], user):
    """The jobs of `model` a person may follow: their own; staff follow everyone's."""
    jobs = model.objects.all()
    return jobs if user.is_staff else jobs.filter(created_by=user)
