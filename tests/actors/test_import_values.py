"""Values as people write them in a spreadsheet: taxonomy labels, communes by name or postal code,
SIRET numbers with spaces, websites without a scheme; and rows outside the territory counted in
every format."""

import pytest
from django.contrib.auth.models import Permission
from openpyxl import Workbook

from terreau.actors.models import Actor, ImportJob
from terreau.actors.services import actors_import
from terreau.cli import main
from terreau.territories.refs import resolve
from tests.actors.factories import upload
from tests.actors.files import association, rna_file, siret
from tests.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    alice.user_permissions.add(Permission.objects.get(codename="import_actors"))
    return client_for(alice)


def write(path, text: str, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def commune_of(name: str) -> str:
    return Actor.objects.get(name=name).commune.code


# --- taxonomies --------------------------------------------------------------------------------


def test_an_unknown_life_function_is_a_row_error_listing_the_accepted_values(tmp_path):
    path = write(
        tmp_path / "acteurs.csv",
        "Nom;Code commune;Fonctions de vie\n"
        "Épicerie;62057;Se nourrir\n"
        "Cantine;62057;Se soigner, alimentation\n"
        "Maison de santé;62057;Se soigner\n",
    )
    report = actors_import(path=path, file_format="csv", is_public=True)
    # "Se nourrir" is one of the ways the label "Se nourrir, s'alimenter" names food.
    assert dict(Actor.objects.values_list("name", "life_functions")) == {
        "Épicerie": " food ",
        "Maison de santé": " health ",
    }
    assert [(e.line, e.column, e.value) for e in report.errors] == [
        (3, "Fonctions de vie", "Se soigner, alimentation"),
    ]
    assert report.errors[0].message.startswith("fonction de vie inconnue : « alimentation » ;")
    for accepted in ("Se nourrir, s'alimenter (food)", "Se soigner (health)", "(environment)"):
        assert accepted in report.errors[0].message


def test_the_command_line_reports_an_unknown_life_function_instead_of_crashing(tmp_path, capsys):
    path = write(tmp_path / "a.csv", "nom;code commune;fonctions de vie\nA;62057;alimentation\n")
    assert main(["actors", "import", str(path), "--format", "csv"]) == 1
    out = capsys.readouterr().out
    assert "line 2" in out and "fonction de vie inconnue : « alimentation »" in out


def test_labels_are_read_whatever_their_plural_punctuation_case_or_language(tmp_path):
    path = write(
        tmp_path / "acteurs.csv",
        "Nom;Code commune;Type;Fonctions de vie\n"
        "A;62057;Associations;SE NOURRIR S'ALIMENTER + health\n"
        "B;62057;collectivités;Se déplacer et habiter\n"
        "C;62057;Local authority;Food / social-ties\n"
        "D;62057;Réseaux / têtes de réseaux;Se former, apprendre | Se cultiver, loisirs\n"
        "E;62057;ESS company;Housing\n",
    )
    report = actors_import(path=path, file_format="csv")
    assert (report.created, report.errors) == (5, [])
    found = {a.name: (a.kind, a.life_functions.split()) for a in Actor.objects.all()}
    assert found == {
        "A": ("association", ["food", "health"]),
        "B": ("local_authority", ["housing", "mobility"]),
        "C": ("local_authority", ["food", "social_ties"]),
        "D": ("network", ["learning", "culture"]),
        "E": ("ess_company", ["housing"]),
    }


def test_an_unknown_kind_lists_the_kinds(tmp_path):
    path = write(tmp_path / "a.csv", "nom,type\nA,Start-up\n")
    report = actors_import(path=path, file_format="csv")
    (error,) = report.errors
    assert (error.line, error.column, error.value) == (2, "type", "Start-up")
    assert "Association (association)" in error.message
    assert "Collectif citoyen / informel (informal_group)" in error.message


def test_the_web_import_reports_an_unknown_label_and_imports_the_other_rows(importer):
    content = "Nom;Code commune;Fonctions de vie\nA;62057;alimentation\nB;62057;Se soigner\n"
    response = upload(importer, "a.csv", content.encode())
    importer.post(f"{response.url}lancer/")
    job = ImportJob.objects.get()
    assert job.status == "done" and job.report["created"] == 1
    assert job.report["errors"][0]["column"] == "Fonctions de vie"
    page = importer.get(response.url).text
    assert "fonction de vie inconnue : « alimentation »" in page


def test_the_web_report_says_why_rows_were_left_out(importer):
    content = "Nom;Commune\nA;Saint-Omer\nB;Audruicq\n"
    response = upload(importer, "a.csv", content.encode(), territory="epci:200069037")
    importer.post(f"{response.url}lancer/")
    page = importer.get(response.url).text
    assert "hors du territoire choisi (1)" in page and "outside_territory" not in page


# --- communes ----------------------------------------------------------------------------------


def test_communes_by_name_with_a_postal_code_in_their_column_or_cell(tmp_path):
    path = write(
        tmp_path / "acteurs.csv",
        "Nom;Commune;Code postal\n"
        "A;Saint-Omer;62500\n"
        "B;62500 Saint-Omer;\n"
        "C;Saint-Omer (62);\n"
        "D;SAINT OMER;14220\n"
        "E;Saint-Omer;62504 CEDEX\n"  # a CEDEX code is no commune's, its département tells
        "F;Berguette;\n"  # a delegated commune, part of Isbergues
        "G;62098;\n"  # the former code of Hénin-Liétard, now Hénin-Beaumont
        "H;1001;\n"  # 01001, its leading zero dropped by a spreadsheet
        "I;;62215\n",  # the postal code of Oye-Plage alone
    )
    report = actors_import(path=path, file_format="csv")
    assert (report.created, report.errors) == (9, [])
    assert [commune_of(name) for name in "ABCDEFGHI"] == [
        "62765",
        "62765",
        "62765",
        "14635",
        "62765",
        "62473",
        "62427",
        "01001",
        "62645",
    ]


def test_a_name_unique_in_the_territory_is_enough(tmp_path):
    path = write(
        tmp_path / "acteurs.csv",
        "Nom;Ville\nA;Saint-Omer\nB;St Omer\nC;Audruicq\nD;Arques\n",
    )
    report = actors_import(path=path, file_format="csv", territory=resolve("epci:200069037"))
    assert (report.created, report.errors) == (3, [])
    assert report.skipped == {"outside_territory": 1}
    assert {commune_of(name) for name in "AB"} == {"62765"} and commune_of("D") == "62040"


def test_an_ambiguous_name_or_postal_code_is_a_row_error_naming_the_candidates(tmp_path):
    path = write(
        tmp_path / "acteurs.csv",
        "Nom;Commune\nA;Saint-Omer\nB;Saint-Omer (62)\nC;Nulle-Part\n",
    )
    report = actors_import(path=path, file_format="csv")
    assert report.created == 1
    assert [(e.line, e.column, e.value) for e in report.errors] == [
        (2, "Commune", "Saint-Omer"),
        (4, "Commune", "Nulle-Part"),
    ]
    message = report.errors[0].message
    assert "Saint-Omer (Calvados, 14635), Saint-Omer (Pas-de-Calais, 62765)" in message
    assert "code postal" in message and report.errors[1].message == "commune inconnue"

    shared = write(tmp_path / "cp.csv", "Nom;Code postal\nA;62370\nB;62610\n")
    report = actors_import(path=shared, file_format="csv", territory=resolve("epci:246200844"))
    # 62370 is shared by ten communes of the territory; 62610 only by communes outside it.
    (error,) = report.errors
    assert (error.line, error.column, error.value) == (2, "Code postal", "62370")
    assert "Audruicq (Pas-de-Calais, 62057)" in error.message
    assert report.skipped == {"outside_territory": 1}


# --- rows outside the territory, in every format -----------------------------------------------


def test_every_format_counts_the_rows_outside_the_territory(tmp_path, capsys):
    epci = resolve("epci:246200844")
    csv_path = write(tmp_path / "a.csv", "nom;code commune\nA;62057\nB;93055\nC;75056\n")
    assert actors_import(path=csv_path, file_format="csv", territory=epci).skipped == {
        "outside_territory": 2
    }

    workbook = Workbook()
    workbook.active.append(["Nom", "Code commune"])
    workbook.active.append(["A", "62057"])
    workbook.active.append(["B", "93055"])
    workbook.save(tmp_path / "a.xlsx")
    report = actors_import(path=tmp_path / "a.xlsx", file_format="xlsx", territory=epci)
    assert report.skipped == {"outside_territory": 1}

    rna = rna_file(
        tmp_path,
        [association("W622000001"), association("W931000001", adrs_codeinsee="93055")],
    )
    report = actors_import(path=rna, file_format="rna", territory=epci)
    assert report.skipped == {"outside_territory": 1}

    # The command line says it: nothing imported, and why.
    status = main(
        ["actors", "import", str(csv_path), "--format", "csv", "--territory", "departement:12"]
    )
    out = capsys.readouterr().out
    assert status == 0 and "0 created" in out and "skipped outside_territory: 3" in out


# --- identifiers and websites as people write them ---------------------------------------------


def test_a_siret_with_spaces_and_a_website_without_scheme_are_normalised(tmp_path):
    spaced = f"{siret(1)[:3]} {siret(1)[3:6]} {siret(1)[6:9]} {siret(1)[9:]}"
    path = write(
        tmp_path / "acteurs.csv",
        "Id;Nom;SIRET;Code commune;Code postal;Site web\n"
        f"1;A;{spaced};62057;62 370;www.epicerie.example\n"
        "2;B;;62057;;HTTP://jardins.example/accueil\n"
        "3;C;;62057;;pas de site\n",
    )
    report = actors_import(path=path, file_format="csv")
    a = Actor.objects.get(name="A")
    assert (a.siret, a.postal_code, a.website) == (
        siret(1),
        "62370",
        "https://www.epicerie.example",
    )
    assert Actor.objects.get(name="B").website == "HTTP://jardins.example/accueil"
    (error,) = report.errors
    assert (error.line, error.column, error.value) == (4, "Site web", "pas de site")
    again = actors_import(path=path, file_format="csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_the_actor_form_takes_a_siret_with_spaces_and_a_website_without_scheme(alice_client):
    response = alice_client.post(
        "/acteurs/nouveau/",
        {
            "name": "Épicerie solidaire",
            "kind": "association",
            "siret": f"{siret(1)[:3]} {siret(1)[3:6]} {siret(1)[6:9]} {siret(1)[9:]}",
            "rna": "w 623 001 234",
            "website": "www.epicerie.example",
            "commune_code": "62057",
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    actor = Actor.objects.get()
    assert response.status_code == 302
    assert (actor.siret, actor.siren, actor.rna, actor.website) == (
        siret(1),
        siret(1)[:9],
        "W623001234",
        "https://www.epicerie.example",
    )


def test_the_directory_finds_a_siret_written_with_spaces(alice_client, tmp_path):
    path = write(tmp_path / "a.csv", f"nom;siret;commune\nÉpicerie solidaire;{siret(1)};62057\n")
    actors_import(path=path, file_format="csv", is_public=True)
    spaced = f"{siret(1)[:3]} {siret(1)[3:6]} {siret(1)[6:9]}"
    assert "Épicerie solidaire" in alice_client.get("/acteurs/", {"q": spaced}).text
