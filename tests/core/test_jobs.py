"""A person follows their background jobs on "Mes travaux" and relaunches one whose worker died;
nobody else sees them (administrators see everyone's). Jobs run within the request here (the
immediate backend); tests/core/test_job_worker.py runs a real worker."""

import html
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from terreau.actors.models import Actor, ImportJob
from terreau.cli import main
from tests.actors.factories import upload
from tests.actors.files import siret
from tests.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def importers(alice, charlie, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    permission = Permission.objects.get(codename="import_actors")
    for person in (alice, charlie):
        person.user_permissions.add(permission)
    return client_for(alice), client_for(charlie)


def spreadsheet(count: int) -> bytes:
    rows = [f"Structure {n};{siret(n)};62057" for n in range(1, count + 1)]
    return "\n".join(["Nom;SIRET;Code commune", *rows]).encode()


def started(client, name: str, count: int) -> ImportJob:
    upload(client, name, spreadsheet(count))
    job = ImportJob.objects.get(original_name=name)
    client.post(f"/acteurs/import/{job.pk}/lancer/")
    job.refresh_from_db()
    return job


def killed(job: ImportJob, minutes_ago: int = 10) -> None:
    """What a worker killed in the middle of the job leaves: running, a heartbeat long silent."""
    beat = timezone.now() - timedelta(minutes=minutes_ago)
    ImportJob.objects.filter(pk=job.pk).update(status="running", heartbeat=beat, processed=2000)


def test_each_person_sees_their_own_jobs_and_an_administrator_everyones(importers, ada_client):
    alice_client, charlie_client = importers
    alices = started(alice_client, "alice.csv", 3)
    charlies = started(charlie_client, "charlie.csv", 2)
    assert (alices.status, alices.report["created"], charlies.status) == ("done", 3, "done")

    page = alice_client.get("/travaux/").text
    assert "alice.csv" in page and "charlie.csv" not in page
    assert f'href="/acteurs/import/{alices.pk}/"' in page and "Terminé" in page
    assert "charlie.csv" in charlie_client.get("/travaux/").text
    everyone = ada_client.get("/travaux/").text
    assert "alice.csv" in everyone and "charlie.csv" in everyone


def test_a_job_whose_worker_died_is_interrupted_and_its_author_relaunches_it(importers):
    alice_client, charlie_client = importers
    job = started(alice_client, "alice.csv", 3)
    killed(job)
    job.refresh_from_db()
    assert job.is_interrupted and job.state == "interrupted"

    listing = html.unescape(alice_client.get("/travaux/").text)
    assert "Interrompu" in listing and job.relaunch_url in listing
    page = html.unescape(alice_client.get(job.get_absolute_url()).text)
    assert "Interrompu : le processus qui exécutait ce travail s'est arrêté" in page
    assert "après 2000 éléments traités" in page
    assert 'hx-trigger="every 1s"' not in page  # nothing to wait for
    confirm = html.unescape(alice_client.get(job.relaunch_url).text)
    assert "reprend le travail depuis le début" in confirm and '<form method="post"' in confirm

    # Charlie can neither see nor relaunch Alice's job.
    assert charlie_client.get(job.relaunch_url).status_code == 404
    assert charlie_client.post(job.relaunch_url).status_code == 404

    response = alice_client.post(job.relaunch_url)
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.run, job.report["created"], job.report["unchanged"]) == (
        "done",
        2,
        0,
        3,
    )
    assert Actor.objects.filter(siret__in=[siret(n) for n in (1, 2, 3)]).count() == 3


def test_a_running_job_with_a_recent_heartbeat_is_not_relaunched(importers, settings):
    alice_client, _charlie_client = importers
    job = started(alice_client, "alice.csv", 1)
    killed(job, minutes_ago=1)
    settings.TERREAU_JOB_DEAD_AFTER_SECONDS = 300
    job.refresh_from_db()
    assert not job.is_interrupted and job.state == "running"
    alice_client.post(job.relaunch_url)
    job.refresh_from_db()
    assert (job.status, job.run) == ("running", 1)


def test_a_job_waits_in_the_queue_until_a_worker_takes_it(importers, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    alice_client, _charlie_client = importers
    job = started(alice_client, "alice.csv", 1)
    assert job.status == "queued" and not Actor.objects.exists()
    page = html.unescape(alice_client.get(job.get_absolute_url()).text)
    assert "En attente : le travail commencera dès qu'un processus de travail sera libre" in page
    assert "En attente" in html.unescape(alice_client.get("/travaux/").text)


def test_files_of_jobs_ended_long_ago_are_deleted_and_the_reports_stay(importers, capsys):
    alice_client, _charlie_client = importers
    old = started(alice_client, "ancien.csv", 1)
    recent = started(alice_client, "recent.csv", 1)
    interrupted = started(alice_client, "interrompu.csv", 1)
    killed(interrupted)
    ImportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=31))
    paths = {job.pk: Path(job.file.path) for job in (old, recent, interrupted)}

    assert main(["jobs", "clean-uploads", "--days", "30"]) == 0

    assert capsys.readouterr().out == "1 uploaded files deleted\n"
    assert not paths[old.pk].exists() and paths[recent.pk].exists()
    assert paths[interrupted.pk].exists()  # needed to relaunch it
    old.refresh_from_db()
    assert old.file.name == "" and old.report["created"] == 1
