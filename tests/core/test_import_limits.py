"""The limits of imports (TERREAU_IMPORT_MAX_ROWS, TERREAU_IMPORT_MAX_BYTES, the nesting of JSON)
are refused with a clear message — on the command line with exit status 2, on the web as a form
error — and never reach the database or end in a server error."""

import json
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.actors.models import Actor, ImportJob
from terreau.cooperations.models import Cooperation
from terreau.core.errors import DataFileError
from terreau.core.tabular import read_table
from terreau.diagnosis.models import Need
from terreau.offers.models import Offer
from tests.actors.files import rna_file
from tests.core.commands import ACTORS, NEEDS, OFFERS, imported
from tests.core.zipbombs import write_zip_bomb
from tests.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_rows(settings):
    settings.TERREAU_IMPORT_MAX_ROWS = 3


def lines(header: str, row: str, count: int) -> bytes:
    return "\n".join([header, *[row.format(n=n) for n in range(count)], ";;", ""]).encode()


@pytest.mark.parametrize(
    ("command", "header", "row"),
    [
        ([*ACTORS, "csv"], "nom;code commune", "Acteur {n};62057"),
        (NEEDS, "titre;date;comment", "Besoin {n};2026-01-01;atelier"),
        ([*OFFERS, "csv"], "nom;nature", "Offre {n};support"),
    ],
)
def test_a_spreadsheet_over_the_row_limit_is_refused_whole(three_rows, alice, command, header, row):
    status, output = imported(command, lines(header, row, 4), ".csv")
    assert status == 2 and "plus de 3 lignes de données" in output
    assert "TERREAU_IMPORT_MAX_ROWS" in output
    # Trailing empty rows do not count.
    assert imported(command, lines(header, row, 3), ".csv")[0] == 0


def test_an_offers_file_over_the_limit_is_refused(three_rows):
    offers = [{"name": f"Offre {n}", "kind": "support"} for n in range(4)]
    status, output = imported([*OFFERS, "json"], json.dumps(offers).encode(), ".json")
    assert status == 2 and "plus de 3 offres" in output and not Offer.objects.exists()


def test_the_rna_register_is_exempt_from_the_row_limit(three_rows, tmp_path):
    rows = [
        {"id": f"W62300000{n}", "titre": f"Association {n}", "adrs_codeinsee": "62057"}
        for n in range(5)
    ]
    data = rna_file(tmp_path, [{**row, "position": "A"} for row in rows]).read_bytes()
    assert imported([*ACTORS, "rna"], data, ".csv", keep=True)[0] == 0
    assert Actor.objects.count() == 5


@pytest.fixture
def small_uploads(settings, tmp_path):
    settings.TERREAU_IMPORT_MAX_BYTES = 100
    settings.MEDIA_ROOT = tmp_path / "media"


BIG = b"nom;code commune\n" + b"Acteur;62057\n" * 10  # 147 bytes


def test_a_web_upload_over_the_size_limit_is_refused_with_the_limit(small_uploads, alice):
    alice.user_permissions.add(Permission.objects.get(codename="import_actors"))
    client = client_for(alice)
    response = client.post(
        "/acteurs/import/", {"file": SimpleUploadedFile("gros.csv", BIG), "file_format": "csv"}
    )
    assert response.status_code == 200
    assert (
        "« gros.csv » pèse 147\xa0octets : un import par le site est limité à 100\xa0octets"
        in (response.context["form"].errors["file"][0])
    )
    assert not ImportJob.objects.exists()

    response = client.post(
        "/cooperations/importer/", {"file": SimpleUploadedFile("gros.json", b" " * 101 + b"{}")}
    )
    assert "limité à 100\xa0octets" in response.context["form"].errors["file"][0]

    response = client.post(
        "/territoires/epci:246200844/diagnostic/besoins/import/",
        {"file": SimpleUploadedFile("gros.csv", BIG)},
        follow=True,
    )
    assert "limité à 100\xa0octets" in response.text and not Need.objects.exists()


def test_a_cooperation_document_nested_ten_thousand_deep_is_a_form_error(alice_client):
    deep = b"[" * 10_000 + b"]" * 10_000
    response = alice_client.post(
        "/cooperations/importer/", {"file": SimpleUploadedFile("profond.json", deep)}
    )
    assert response.status_code == 200
    assert "imbriquées sur plus de 64 niveaux" in response.context["form"].errors["file"][0]
    assert not Cooperation.objects.exists()


def test_a_hostile_file_uploaded_for_actors_fails_visibly(small_uploads, settings, alice):
    settings.TERREAU_IMPORT_MAX_BYTES = 1000
    alice.user_permissions.add(Permission.objects.get(codename="import_actors"))
    client = client_for(alice)
    client.post(
        "/acteurs/import/",
        {"file": SimpleUploadedFile("a.csv", b"nom\nA\x00B\n"), "file_format": "csv"},
    )
    job = ImportJob.objects.get()
    page = client.get(f"/acteurs/import/{job.pk}/")
    assert "ligne 2 : caractère nul" in page.context["preview_error"]
    client.post(f"/acteurs/import/{job.pk}/lancer/")
    job.refresh_from_db()
    assert job.status == "failed" and "caractère nul" in job.error
    assert not Actor.objects.exists()


def xlsx_bomb(path, *, mebibytes: int):
    """A workbook whose sheet expands to `mebibytes` MiB, its other parts those of a real one."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["nom", "code commune"])
    real = path.with_name("vrai.xlsx")
    workbook.save(real)
    with zipfile.ZipFile(real) as archive:
        others = {
            name: archive.read(name)
            for name in archive.namelist()
            if name != "xl/worksheets/sheet1.xml"
        }
    return write_zip_bomb(
        path, member="xl/worksheets/sheet1.xml", mebibytes=mebibytes, others=others
    )


def test_an_xlsx_zip_bomb_is_refused_before_the_workbook_is_read(tmp_path):
    bomb = xlsx_bomb(tmp_path / "acteurs.xlsx", mebibytes=1024)
    tracemalloc.start()
    try:
        with pytest.raises(DataFileError) as refused:
            read_table(bomb, header_hint={"nom"})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(refused.value) == (
        f"{bomb} : archive ZIP qui se décompresse en plus de 500,0\xa0Mio (la partie "
        "« xl/worksheets/sheet1.xml » dépasse la limite) : fichier refusé"
    )
    assert peak < 16 * 1024 * 1024


def test_an_xlsx_zip_bomb_import_fails_with_exit_status_2(settings, alice):
    settings.TERREAU_IMPORT_ZIP_MAX_BYTES = 10 * 1024 * 1024
    with tempfile.TemporaryDirectory() as folder:
        data = xlsx_bomb(Path(folder) / "bombe.xlsx", mebibytes=64).read_bytes()
    status, output = imported([*ACTORS, "xlsx"], data, ".xlsx")
    assert status == 2
    assert "archive ZIP qui se décompresse en plus de 10,0\xa0Mio" in output
