"""Done when of issue 16: a real worker process is killed in the middle of an import; the job is
then shown as interrupted, its author relaunches it, and another worker takes it to the end with
the right counts and no actor twice. On SQLite and on PostgreSQL alike (the suite runs on both).

The worker is `terreau jobs worker`, a subprocess on the test's database: the PostgreSQL test
database itself, or a file copy of SQLite's in-memory test database (a process of its own cannot
open that one). What the test writes there is committed, and removed at the end."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django_tasks_db.models import DBTaskResult

from terreau.actors.models import Actor, ImportJob
from tests.actors.files import siret
from tests.personas import UserFactory, client_for

ROWS = 6000
SRC = Path(__file__).resolve().parents[2] / "src"
# Overall bounds of the waits: generous, for a loaded machine; each wait ends as soon as it can.
WAIT_SECONDS = 240


@pytest.fixture
def shared_database(sqlite_copy, tmp_path, settings):
    """The database URL a worker subprocess reaches, and the test's ORM writing to it through a
    connection of its own, outside the test's transaction: what it writes is committed."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    settings.TERREAU_JOB_DEAD_AFTER_SECONDS = 3
    default = connections["default"]
    database = dict(default.settings_dict)
    if sqlite_copy:
        database["NAME"] = str(sqlite_copy)
        url = f"sqlite:///{sqlite_copy}"
    else:
        url = (
            f"postgresql://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    connections["default"] = type(default)(database)
    try:
        yield url
    finally:
        cleaned()
        connections["default"].close()
        connections["default"] = default


def cleaned() -> None:
    Actor.objects.filter(siret__in=[siret(n) for n in range(1, ROWS + 1)]).delete()
    ImportJob.objects.filter(created_by__username="camille").delete()
    DBTaskResult.objects.all().delete()
    UserFactory._meta.model.objects.filter(username="camille").delete()


def worker(database_url: str, tmp_path: Path) -> subprocess.Popen:
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "TERREAU_DATA_DIR": str(tmp_path / "data"),
        "TERREAU_JOB_HEARTBEAT_SECONDS": "0.2",
        "PYTHONPATH": str(SRC),
    }
    command = [sys.executable, "-m", "terreau.cli", "jobs", "worker", "--interval", "0.2"]
    with (tmp_path / "worker.log").open("ab") as log:  # the child keeps its own descriptor
        return subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)


def until(condition, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if result := condition():
            return result
        if process is not None and process.poll() is not None:
            pytest.fail(f"the worker stopped (status {process.returncode}) before {what}")
        time.sleep(0.1)
    pytest.fail(f"still not {what} after {WAIT_SECONDS} s")


@pytest.mark.django_db
def test_a_killed_worker_leaves_an_interrupted_job_that_is_relaunched_to_completion(
    shared_database, tmp_path
):
    camille = UserFactory(username="camille")
    camille.user_permissions.add(Permission.objects.get(codename="import_actors"))
    client = client_for(camille)
    rows = [f"Structure {n};{siret(n)};62057" for n in range(1, ROWS + 1)]
    content = "\n".join(["Nom;SIRET;Code commune", *rows]).encode()
    client.post(
        "/acteurs/import/",
        {"file": SimpleUploadedFile("grand.csv", content), "file_format": "csv"},
    )
    job = ImportJob.objects.get(created_by=camille)
    client.post(f"/acteurs/import/{job.pk}/lancer/")
    job.refresh_from_db()
    assert job.status == "queued"  # nobody runs it yet

    first = worker(shared_database, tmp_path)
    try:

        def progressing():
            job.refresh_from_db()
            return job.status == "running" and job.processed > 0

        until(progressing, "running with some progress", first)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=WAIT_SECONDS)
    finally:
        if first.poll() is None:
            first.kill()
    job.refresh_from_db()
    assert job.status == "running" and job.processed < ROWS  # killed in the middle

    def interrupted():
        job.refresh_from_db()
        return job.is_interrupted

    until(interrupted, "shown as interrupted")
    assert "Interrompu" in client.get(job.get_absolute_url()).text
    client.post(job.relaunch_url)
    job.refresh_from_db()
    assert (job.status, job.run) == ("queued", 2)

    second = worker(shared_database, tmp_path)
    try:

        def ended():
            job.refresh_from_db()
            return job.status in ("done", "failed")

        until(ended, "ended", second)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=WAIT_SECONDS)
    assert job.status == "done", job.error
    report = job.report
    assert report["created"] + report["unchanged"] == ROWS and report["errors"] == []
    assert report["unchanged"] > 0  # the batches the first worker had written were found again
    assert Actor.objects.filter(siret__in=[siret(n) for n in range(1, ROWS + 1)]).count() == ROWS
    assert Actor.objects.filter(name="Structure 1").count() == 1
