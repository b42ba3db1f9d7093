import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.actors.models import Actor, ImportJob
from terreau.territories.models import Commune
from tests.actors.factories import upload
from tests.actors.files import establishment, legal_unit, sirene_files, siret
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    alice.user_permissions.add(Permission.objects.get(codename="import_actors"))
    return client_for(alice)


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
    assert job.error.startswith("cassé.xlsx") and "imports/" not in job.error  # not the server's
    assert not Actor.objects.exists()


def test_jobs_are_private_to_their_importer(importer, charlie_client, charlie):
    upload(importer, "a.csv", b"nom\nA\n")
    job = ImportJob.objects.get()
    charlie.user_permissions.add(Permission.objects.get(codename="import_actors"))
    assert charlie_client.get(f"/acteurs/import/{job.pk}/").status_code == 404
    assert charlie_client.post(f"/acteurs/import/{job.pk}/lancer/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_form(client):
    response = client.get("/acteurs/import/")
    assert response.status_code == 302
    assert response.url == "/comptes/connexion/?next=/acteurs/import/"


def test_charlie_without_the_permission_is_told_which_one_and_who_grants_it(
    charlie_client, settings
):
    settings.TERREAU_ADMIN_CONTACTS = []
    response = charlie_client.get("/acteurs/import/")
    assert response.status_code == 403
    page = response.text
    assert "« Peut importer des acteurs depuis un fichier »" in page
    assert "« charlie »" in page and "un administrateur de la plateforme" in page
    assert 'type="password"' not in page  # not the login form, which would change nothing
    assert "/admin/" not in page  # the administration is for staff only
    charlie_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = charlie_client.get("/acteurs/import/").text
    assert "“Can import actors from a file”" in english
    assert "a platform administrator" in english
    assert charlie_client.post("/acteurs/import/1/lancer/").status_code == 403


def test_the_page_lists_how_to_reach_the_administrators_when_the_platform_says(
    charlie_client, settings
):
    settings.TERREAU_ADMIN_CONTACTS = ["admin@terreau.example", "https://terreau.example/aide"]
    page = charlie_client.get("/acteurs/import/").text
    assert '<a href="mailto:admin@terreau.example">admin@terreau.example</a>' in page
    assert '<a href="https://terreau.example/aide">' in page


def test_a_staff_member_without_the_permission_gets_a_link_to_the_admin(db):
    staff = UserFactory(username="bob", is_staff=True)
    response = client_for(staff).get("/acteurs/import/")
    assert response.status_code == 403
    assert 'href="/admin/auth/user/"' in response.text


def job_after(client, name: str, content: bytes, **fields) -> ImportJob:
    response = upload(client, name, content, **fields)
    return ImportJob.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[1])


def test_visibility_defaults_to_the_format_s_and_the_preview_says_it(importer, tmp_path):
    spreadsheet = job_after(importer, "a.csv", b"nom\nA\n")
    assert spreadsheet.is_public is False and spreadsheet.clear_empty is False
    preview = importer.get(f"/acteurs/import/{spreadsheet.pk}/").text
    assert "Les acteurs créés seront privés" in preview
    assert "Les cellules vides laisseront les valeurs connues telles quelles." in preview

    etab, _ul = sirene_files(tmp_path, [establishment(1)], [legal_unit(1)])
    register = job_after(
        importer, "StockEtablissement.csv", etab.read_bytes(), file_format="sirene"
    )
    assert register.is_public is True
    preview = importer.get(f"/acteurs/import/{register.pk}/").text
    assert "Les acteurs créés seront publics : visibles par tous." in preview

    chosen = job_after(importer, "b.csv", b"nom\nB\n", visibility="public", clear_empty="on")
    assert chosen.is_public is True and chosen.clear_empty is True
    preview = importer.get(f"/acteurs/import/{chosen.pk}/").text
    assert "Les cellules vides effaceront les valeurs connues." in preview


def test_a_private_import_is_seen_by_its_importer_only(importer, alice, charlie_client):
    job = job_after(importer, "a.csv", "nom;code commune\nJardin partagé;62057\n".encode())
    importer.post(f"/acteurs/import/{job.pk}/lancer/")
    actor = Actor.objects.get()
    assert (actor.is_public, actor.created_by) == (False, alice)
    assert "Les acteurs créés sont privés" in importer.get(f"/acteurs/import/{job.pk}/").text

    listing = {"territoire": "commune:62057"}
    assert "Jardin partagé" in importer.get("/acteurs/", listing).text
    assert importer.get(actor.get_absolute_url()).status_code == 200
    assert importer.get("/api/v1/actors", {"territory": "commune:62057"}).json()["count"] == 1

    assert "Jardin partagé" not in charlie_client.get("/acteurs/", listing).text
    assert charlie_client.get(actor.get_absolute_url()).status_code == 404
    api = charlie_client.get("/api/v1/actors", {"territory": "commune:62057"}).json()
    assert api["count"] == 0


def test_the_report_lists_conflicts_visibility_and_rows_outside_the_territory(importer, alice):
    audruicq = Commune.objects.get(code="62057")
    kept = Actor.objects.create(
        name="Épicerie solidaire",
        search_name="epicerie solidaire",
        kind="association",
        siret=siret(7),
        commune=audruicq,
        source="manual",
        is_public=False,
        created_by=alice,
        edited_fields=["name", "kind"],
    )
    content = (
        "siret;nom;type;code commune\n"
        f"{siret(7)};EPICERIE SOLIDAIRE SARL;company;62057\n"
        f"{siret(8)};Garage de Pantin;company;93055\n"
    )
    job = job_after(
        importer, "a.csv", content.encode(), visibility="public", territory="commune:62057"
    )
    importer.post(f"/acteurs/import/{job.pk}/lancer/")
    page = importer.get(f"/acteurs/import/{job.pk}/")
    assert [(c["line"], c["actor"], c["field"]) for c in page.context["conflicts"]] == [
        (2, kept, "Nom"),
        (2, kept, "Type d'acteur"),
    ]
    text = page.text
    assert f'<a href="/acteurs/{kept.pk}/">Épicerie solidaire</a>' in text
    assert "<td>Association</td><td>Entreprise</td>" in text  # labels, not keys
    assert "Les acteurs créés sont visibles par tous." in text
    assert "hors du territoire choisi (1)" in text
