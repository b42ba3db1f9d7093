import pytest
from openpyxl import Workbook

from terreau.actors.models import Actor
from terreau.actors.services import actor_save, actors_import
from terreau.core.errors import DataFileError
from terreau.territories.refs import resolve
from tests.actors.files import siret

pytestmark = pytest.mark.django_db


def write(path, text: str, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_a_french_spreadsheet_in_windows_1252_with_semicolons(tmp_path):
    path = write(
        tmp_path / "acteurs.csv",
        "Nom;SIRET;Code commune;Type;Fonctions de vie;Remarque\n"
        f"Épicerie solidaire;{siret(1)};62057;Association;Se nourrir, s'alimenter;x\n"
        "Collectif des habitants;;93055;collectif citoyen / informel;social_ties;\n",
        encoding="cp1252",
    )
    report = actors_import(path=path, file_format="csv")
    assert (report.created, report.errors) == (2, [])
    assert any("Remarque" in note for note in report.notes)  # unknown column, said and ignored
    collective = Actor.objects.get(name="Collectif des habitants")
    assert collective.siret == "" and collective.kind == "informal_group"
    assert collective.life_functions.split() == ["social_ties"]
    shop = Actor.objects.get(siret=siret(1))
    assert shop.kind == "association" and shop.life_functions.split() == ["food"]


def test_explicit_mapping_and_english_names(tmp_path):
    path = write(
        tmp_path / "actors.csv",
        "Organisation name,insee,website\nGarage solidaire,62057,https://g.example\n",
    )
    report = actors_import(path=path, file_format="csv", mapping={"Organisation name": "name"})
    assert report.created == 1
    assert Actor.objects.get().website == "https://g.example"


def test_row_errors_are_precise_and_valid_rows_are_kept(tmp_path):
    path = write(
        tmp_path / "acteurs.csv",
        "nom,siret,code_commune,rna\n"
        f"A,{siret(1)},62057,\n"
        f"B,{siret(1)},62057,\n"
        "C,12345678901234,62057,\n"
        "D,,99999,\n"
        "E,,62057,W12\n"
        ",,62057,\n",
    )
    report = actors_import(path=path, file_format="csv")
    assert report.created == 1
    assert [(e.line, e.column, e.value) for e in report.errors] == [
        (3, "siret", siret(1)),
        (4, "siret", "12345678901234"),
        (5, "code_commune", "99999"),
        (6, "rna", "W12"),
        (7, "nom", ""),
    ]
    assert "déjà ligne 2" in report.errors[0].message


def test_atomic_and_dry_run_write_nothing(tmp_path):
    path = write(tmp_path / "a.csv", "nom,code_commune\nA,62057\nB,99999\n")
    assert actors_import(path=path, file_format="csv", atomic=True).imported is False
    assert not Actor.objects.exists()
    good = write(tmp_path / "b.csv", "nom,code_commune\nA,62057\n")
    report = actors_import(path=good, file_format="csv", dry_run=True)
    assert report.created == 1 and not Actor.objects.exists()


def test_territory_keeps_only_its_rows(tmp_path):
    path = write(tmp_path / "a.csv", "nom,code_commune\nA,62057\nB,93055\n")
    report = actors_import(path=path, file_format="csv", territory=resolve("epci:246200844"))
    assert report.created == 1 and report.skipped == {"outside_territory": 1}


def test_reimport_matches_on_the_id_column_and_keeps_manual_edits(tmp_path, alice):
    path = write(tmp_path / "a.csv", "id,nom,code_commune,site web\nX1,Ressourcerie,62057,\n")
    actors_import(path=path, file_format="csv")
    assert actors_import(path=path, file_format="csv").unchanged == 1
    actor = Actor.objects.get()
    old = actor.name
    actor.name = "La Ressourcerie d'Audruicq"
    actor_save(actor=actor, by=alice, changed={"name": (old, actor.name)})
    path = write(
        tmp_path / "a.csv",
        "id,nom,code_commune,site web\nX1,Ressourcerie (nouveau nom),62057,https://r.example\n",
    )
    report = actors_import(path=path, file_format="csv")
    actor.refresh_from_db()
    assert actor.name == "La Ressourcerie d'Audruicq"  # the person's edit is kept
    assert actor.website == "https://r.example"  # the rest is updated
    assert report.conflicts == [
        {
            "line": 2,
            "actor": actor.pk,
            "field": "name",
            "kept": "La Ressourcerie d'Audruicq",
            "incoming": "Ressourcerie (nouveau nom)",
        }
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "0 octet"),
        (b"\n\n", "en-tête"),
        (b'nom,code_commune\n"A,62057\n', "ligne 2"),
        (b"PK\x03\x04 truncated", "XLSX"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(tmp_path, content, message):
    suffix = ".xlsx" if content.startswith(b"PK") else ".csv"
    path = tmp_path / f"acteurs{suffix}"
    path.write_bytes(content)
    with pytest.raises(DataFileError) as error:
        actors_import(path=path, file_format="xlsx" if suffix == ".xlsx" else "csv")
    assert message in str(error.value) and "acteurs" in str(error.value)
    assert not Actor.objects.exists()


def test_xlsx_with_several_sheets_reads_the_one_with_actors(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Inventaire 2026 du territoire"])
    sheet = workbook.create_sheet("Acteurs")
    sheet.append(["Structure", "Commune"])
    sheet.append(["Tiers-lieu La Fabrique", "62057"])
    path = tmp_path / "inventaire.xlsx"
    workbook.save(path)
    report = actors_import(path=path, file_format="xlsx")
    assert report.created == 1 and "Feuille lue : Acteurs" in report.notes
