"""Large cooperation documents imported from the web run as background jobs: the person sees the
progress, then the cooperation or the document's errors; nobody else sees the job."""

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from terreau.actors.models import Actor
from terreau.cooperations.jobs import import_job_work
from terreau.cooperations.models import Cooperation, CooperationImportJob, Member, Relation
from terreau.core.jobs import job_run
from terreau.interchange import cooperation_import
from tests.cooperations.documents import large_document

pytestmark = pytest.mark.django_db


def upload(client, document: dict, name: str = "reseau.json", **fields):
    content = json.dumps(document).encode()
    return client.post(
        "/cooperations/importer/", {"file": SimpleUploadedFile(name, content), **fields}
    )


@pytest.fixture
def background(settings, tmp_path):
    """Documents of more than 20 items go to a job, run within the request for the test (the
    immediate backend, tests/conftest.py)."""
    settings.TERREAU_COOPERATION_IMPORT_INLINE_ITEMS = 20
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_large_document_is_imported_by_a_job_whose_page_gives_the_result(
    background, alice_client, alice
):
    response = upload(alice_client, large_document(30))
    job = CooperationImportJob.objects.get()
    assert response.url == f"/cooperations/importer/{job.pk}/"
    assert (job.status, job.created_by, job.original_name) == ("done", alice, "reseau.json")

    page = alice_client.get(response.url).content.decode()
    assert "Coopération importée" in page
    assert 'href="/cooperations/reseau-des-tiers-lieux/"' in page
    cooperation = Cooperation.objects.get(slug="reseau-des-tiers-lieux")
    assert job.cooperation == cooperation and cooperation.role_of(alice) == "administrator"
    assert (cooperation.members.count(), cooperation.relations.count()) == (30, 29)
    assert job.report | {"name": "", "slug": ""} == {
        "name": "",
        "slug": "",
        "members": 30,
        "blocks": 1,
        "relations": 29,
        "journal": 1,
    }
    # The import page lists the person's jobs, to come back to one.
    listing = alice_client.get("/cooperations/importer/").content.decode()
    assert f'href="/cooperations/importer/{job.pk}/"' in listing


def test_a_small_document_is_still_imported_within_the_request(background, alice_client):
    response = upload(alice_client, large_document(3))
    assert response.url == "/cooperations/reseau-des-tiers-lieux/"
    assert not CooperationImportJob.objects.exists()


def test_the_job_page_shows_the_progress_while_the_import_runs(background, alice_client, alice):
    document = large_document(30)
    job = CooperationImportJob.objects.create(
        file=SimpleUploadedFile("reseau.json", json.dumps(document).encode()),
        original_name="reseau.json",
        created_by=alice,
    )
    url = f"/cooperations/importer/{job.pk}/"
    seen = []

    def work_watched(job, progress):
        def progress_then_look(processed, total):
            progress(processed, total)
            seen.append(alice_client.get(url, headers={"HX-Request": "true"}).content.decode())

        return import_job_work(job, progress_then_look)

    job_run(job, work_watched)

    total = 30 + 30 + 1 + 29 + 1  # actors, members, blocks, relations, journal entries
    assert "Import en cours" in seen[0] and f'max="{total}" value="0"' in seen[0]
    assert 'value="60"' in seen[2] and f"60 éléments sur {total}" in seen[2]  # members written
    assert 'hx-trigger="every 1s"' in seen[-1]  # still polling: not done before it commits
    done = alice_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Coopération importée" in done and "hx-trigger" not in done


def test_a_document_with_errors_fails_with_its_located_errors_and_writes_nothing(
    background, alice_client
):
    document = large_document(30)
    document["relations"][4]["target"] = "inconnu"
    document["members"][7]["roles"] = []
    actors_before = Actor.objects.count()
    upload(alice_client, document)
    job = CooperationImportJob.objects.get()
    assert job.status == "failed"
    page = html.unescape(alice_client.get(f"/cooperations/importer/{job.pk}/").content.decode())
    assert "L'import a échoué, rien n'a été importé : 1 erreur dans le document" in page
    assert "$.members[7].roles" in page and "indiquez au moins 1 valeur" in page
    assert not Cooperation.objects.exists() and Actor.objects.count() == actors_before

    # Once the schema passes, the references are checked: the second error shows.
    document["members"][7]["roles"] = ["operator"]
    upload(alice_client, document)
    job = CooperationImportJob.objects.latest("pk")
    errors = job.report["errors"]
    assert errors == [
        {
            "path": "$.relations[4].target",
            "message": "acteur inconnu : « inconnu » (aucun acteur de $.actors n'a cet "
            "identifiant)",
        }
    ]
    assert job.error == "1 erreur dans le document"
    assert not Member.objects.exists() and not Relation.objects.exists()


def test_a_taken_identifier_can_be_replaced_from_the_form(background, alice_client):
    upload(alice_client, large_document(30))
    upload(alice_client, large_document(30), slug="reseau-copie")
    job = CooperationImportJob.objects.latest("pk")
    assert job.status == "done" and job.cooperation.slug == "reseau-copie"
    # The second import found the actors of the first (by RNA number, or name and commune).
    assert Actor.objects.count() == 30


def test_only_its_author_and_administrators_follow_a_job(
    background, alice_client, charlie_client, ada_client
):
    upload(alice_client, large_document(30))
    job = CooperationImportJob.objects.get()
    url = f"/cooperations/importer/{job.pk}/"
    assert charlie_client.get(url).status_code == 404
    assert charlie_client.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert "reseau.json" not in charlie_client.get("/cooperations/importer/").content.decode()
    assert ada_client.get(url).status_code == 200


def test_the_job_page_speaks_english(background, alice_client):
    upload(alice_client, large_document(30))
    job = CooperationImportJob.objects.get()
    alice_client.cookies["django_language"] = "en"
    page = alice_client.get(f"/cooperations/importer/{job.pk}/").content.decode()
    assert "Cooperation imported" in page and "Members" in page


def test_the_number_of_queries_does_not_grow_with_the_actors(alice):
    def queries(actors: int) -> int:
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            cooperation_import(large_document(actors), by=alice)
            transaction.set_rollback(True)
        return len(captured.captured_queries)

    # 30 more actors, members and relations: a few more batched INSERTs (SQLite takes 999
    # values a statement), not a query or more for each.
    assert queries(40) - queries(10) <= 3
