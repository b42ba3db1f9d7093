"""A directory export that cannot stream (XLSX) beyond TERREAU_EXPORT_DIRECT_MAX_ROWS actors
holds no web worker: it is prepared by a background job (run within the request here, the
immediate backend) with the actors the person could see when they asked, and only its author (or
staff) downloads the file; anonymous visitors are asked to log in and offered the streamed CSV."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from terreau.actors.models import Actor, ExportJob
from terreau.cli import main
from terreau.core.text import search_key
from terreau.territories.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TERREAU_EXPORT_DIRECT_MAX_ROWS = 2
    commune = Commune.objects.get(code="62057")
    for name in ("Atelier vélo", "Épicerie solidaire", "Ressourcerie"):
        Actor.objects.create(name=name, search_name=search_key(name), commune=commune)
    private = "Projet d'Alice"
    Actor.objects.create(
        name=private,
        search_name=search_key(private),
        commune=commune,
        is_public=False,
        created_by=alice,
    )


def names_in(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    return [row[header.index("nom")] for row in sheet.iter_rows(min_row=2, values_only=True)]


def exported(client, query=None) -> ExportJob:
    response = client.post(f"/acteurs/export.xlsx?{query or ''}")
    job = ExportJob.objects.latest("created_at")
    assert response.status_code == 302 and response["Location"] == f"/acteurs/export/{job.pk}/"
    return job


def downloaded(client, job: ExportJob) -> bytes:
    response = client.get(f"/acteurs/export/{job.pk}/fichier/")
    assert response["Content-Disposition"] == 'attachment; filename="acteurs.xlsx"'
    return b"".join(response.streaming_content)  # read to the end: the client closes the file


def test_a_small_export_is_sent_at_once(alice_client, directory):
    response = alice_client.get("/acteurs/export.xlsx", {"q": "atelier"})
    assert names_in(response.getvalue()) == ["Atelier vélo"]
    assert not ExportJob.objects.exists()


def test_a_large_export_is_prepared_in_the_background_for_its_author_only(
    alice_client, charlie_client, ada_client, directory
):
    page = alice_client.get("/acteurs/export.xlsx")
    assert "Préparer le tableur" in page.text and not ExportJob.objects.exists()
    job = exported(alice_client)
    assert job.status == ExportJob.Status.DONE and job.file.name.startswith("exports/")
    assert "Télécharger acteurs.xlsx" in alice_client.get(f"/acteurs/export/{job.pk}/").text
    assert "acteurs.xlsx" in alice_client.get("/travaux/").text
    expected = ["Atelier vélo", "Épicerie solidaire", "Projet d'Alice", "Ressourcerie"]
    assert names_in(downloaded(alice_client, job)) == expected
    # Charlie neither sees nor downloads Alice's export (which names her private actor).
    assert charlie_client.get(f"/acteurs/export/{job.pk}/").status_code == 404
    assert charlie_client.get(f"/acteurs/export/{job.pk}/fichier/").status_code == 404
    assert "acteurs.xlsx" not in charlie_client.get("/travaux/").text
    assert names_in(downloaded(ada_client, job)) == expected


def test_the_export_holds_what_the_person_could_see_and_what_the_list_filtered(
    alice_client, charlie_client, directory
):
    job = exported(charlie_client)
    assert names_in(downloaded(charlie_client, job)) == [
        "Atelier vélo",
        "Épicerie solidaire",
        "Ressourcerie",
    ]
    job = exported(alice_client, "q=e&kind=")
    assert "Projet d'Alice" in names_in(downloaded(alice_client, job))
    assert job.query == "q=e&kind="


def test_an_anonymous_visitor_is_asked_to_log_in_and_offered_the_csv(directory):
    visitor = Client()
    page = visitor.get("/acteurs/export.xlsx")
    assert page.status_code == 200 and "Se connecter" in page.text
    assert "/acteurs/export.csv?" in page.text
    assert visitor.post("/acteurs/export.xlsx").status_code == 200
    assert not ExportJob.objects.exists()
    assert "Atelier vélo" in visitor.get("/acteurs/export.csv").getvalue().decode("utf-8-sig")


def test_the_file_is_deleted_with_expired_uploads(alice_client, directory):
    job = exported(alice_client)
    path = job.file.path
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=40))
    assert main(["jobs", "clean-uploads"]) == 0
    job.refresh_from_db()
    assert not job.file and not Path(path).exists()
    assert alice_client.get(f"/acteurs/export/{job.pk}/fichier/").status_code == 404
    assert "a été effacé" in alice_client.get(f"/acteurs/export/{job.pk}/").text
