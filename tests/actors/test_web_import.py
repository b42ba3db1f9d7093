import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.actors.models import Actor, ImportJob
from tests.actors.files import establishment, legal_unit, sirene_files
from tests.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(alice, settings, tmp_path):
    settings.TERREAU_BACKGROUND_IMPORTS = False
    settings.MEDIA_ROOT = tmp_path / "media"
    alice.user_permissions.add(Permission.objects.get(codename="import_actors"))
    return client_for(alice)


def upload(client, name: str, content: bytes, **fields):
    return client.post(
        "/acteurs/import/",
        {"file": SimpleUploadedFile(name, content), "file_format": "csv", **fields},
    )


def test_upload_preview_then_run_with_a_report(importer):
    content = "Structure;Code INSEE;Remarque\nTiers-lieu La Fabrique;62057;x\nAtelier;99999;y\n"
    response = upload(importer, "inventaire.csv", content.encode("cp1252"), atomic="")
    job = ImportJob.objects.get()
    assert response.url == f"/acteurs/import/{job.pk}/"
    preview = importer.get(response.url)
    assert preview.context["preview"]["mapping"] == [
        ("Structure", "nom"),
        ("Code INSEE", "commune (code INSEE ou nom)"),
        ("Remarque", ""),
    ]
    assert ["Tiers-lieu La Fabrique", "62057", "x"] in preview.context["preview"]["rows"]
    assert not Actor.objects.exists()  # nothing before the person says so

    importer.post(f"/acteurs/import/{job.pk}/lancer/")
    job.refresh_from_db()
    assert job.status == "done" and job.report["created"] == 1
    assert job.report["errors"] == [
        {"line": 3, "column": "Code INSEE", "value": "99999", "message": "code commune inconnu"}
    ]
    page = importer.get(f"/acteurs/import/{job.pk}/").text
    assert "code commune inconnu" in page and "<progress" in page


def test_sirene_preview_reads_only_the_beginning_of_the_file(importer, tmp_path):
    etab, _ul = sirene_files(tmp_path, [establishment(1)], [legal_unit(1)])
    importer.post(
        "/acteurs/import/",
        {
            "file": SimpleUploadedFile("StockEtablissement.csv", etab.read_bytes()),
            "file_format": "sirene",
            "territory": "departement:62",
        },
    )
    job = ImportJob.objects.get()
    preview = importer.get(f"/acteurs/import/{job.pk}/").context["preview"]
    assert ("siret", "SIRET") in preview["mapping"]
    importer.post(f"/acteurs/import/{job.pk}/lancer/")
    job.refresh_from_db()
    assert job.report["created"] == 1 and Actor.objects.get().commune.code == "62057"


def test_a_zero_byte_upload_and_a_bad_territory_are_refused(importer):
    response = upload(importer, "vide.csv", b"")
    assert "Le fichier est vide (0 octet)." in response.text
    response = upload(importer, "a.csv", b"nom\nA\n", territory="epci:1")
    assert "epci:1" in response.text
    assert not ImportJob.objects.exists()


def test_an_unreadable_file_fails_visibly_and_imports_nothing(importer):
    upload(importer, "cassé.xlsx", b"PK\x03\x04 pas un classeur", file_format="xlsx")
    job = ImportJob.objects.get()
    assert "XLSX" in importer.get(f"/acteurs/import/{job.pk}/").context["preview_error"]
    importer.post(f"/acteurs/import/{job.pk}/lancer/")
    job.refresh_from_db()
    assert job.status == "failed" and "XLSX" in job.error
    assert not Actor.objects.exists()


def test_importing_requires_the_permission_and_jobs_are_private(importer, charlie_client, alice):
    assert charlie_client.get("/acteurs/import/").status_code in (302, 403)
    upload(importer, "a.csv", b"nom\nA\n")
    job = ImportJob.objects.get()
    charlie = charlie_client.get(f"/acteurs/import/{job.pk}/")
    assert charlie.status_code in (302, 403, 404)
