import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.core.errors import DataFileError
from terreau.diagnosis.models import Need
from terreau.diagnosis.needs_import import needs_import
from terreau.territories.refs import resolve

pytestmark = pytest.mark.django_db

REGISTER = (
    "Titre;Fonctions de vie;Exprimé par;Comment;Date;Priorité;État\n"
    "Pas de médecin le samedi;Se soigner;Habitants;atelier;12/10/2026;haute;ouvert\n"
    "Transport vers le marché;mobility;Aînés;enquête;2026-09-01;moyenne;\n"
)


def write(tmp_path, text, encoding="cp1252"):
    path = tmp_path / "besoins.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_register_is_imported_then_reimported_without_changes(tmp_path, alice):
    epci = resolve("epci:246200844")
    report = needs_import(path=write(tmp_path, REGISTER), territory=epci, author=alice)
    assert (report.created, report.errors) == (2, [])
    need = Need.objects.get(title="Pas de médecin le samedi")
    assert need.life_functions.split() == ["health"] and need.priority == "high"
    assert need.channel == "workshop" and str(need.voiced_on) == "2026-10-12"
    again = needs_import(path=write(tmp_path, REGISTER), territory=epci, author=alice)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_an_import_never_changes_someone_else_s_need(tmp_path, alice, charlie):
    epci = resolve("epci:246200844")
    needs_import(path=write(tmp_path, REGISTER), territory=epci, author=alice)
    changed = REGISTER.replace("haute;ouvert", "basse;satisfait")
    report = needs_import(path=write(tmp_path, changed), territory=epci, author=charlie)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    mine = Need.objects.get(title="Pas de médecin le samedi", author=alice)
    assert (mine.priority, mine.status) == ("high", "open")


def test_row_errors_are_located_and_atomic_imports_nothing(tmp_path, alice):
    text = REGISTER + "Sans date;food;x;atelier;demain;haute;ouvert\n;food;x;sondage;2026-01-01;;\n"
    epci = resolve("epci:246200844")
    report = needs_import(path=write(tmp_path, text), territory=epci, author=alice, atomic=True)
    assert report.imported is False and not Need.objects.exists()
    assert [(e.line, e.column, e.value) for e in report.errors] == [
        (4, "Date", "demain"),
        (5, "Titre", ""),
        (5, "Comment", "sondage"),
    ]


def test_a_file_without_a_title_column_is_refused(tmp_path, alice):
    with pytest.raises(DataFileError, match="titre"):
        needs_import(
            path=write(tmp_path, "Date;Priorité\n2026-01-01;haute\n"),
            territory=resolve("epci:246200844"),
            author=alice,
        )


def test_importing_from_the_diagnosis_page(alice_client):
    response = alice_client.post(
        "/territoires/epci:246200844/diagnostic/besoins/import/",
        {"file": SimpleUploadedFile("besoins.csv", REGISTER.encode("utf-8"))},
        follow=True,
    )
    assert "2 besoins créés" in response.text
    assert "Transport vers le marché" in response.text
