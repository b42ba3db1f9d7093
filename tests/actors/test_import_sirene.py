import pytest

from terreau.actors.importers import sirene
from terreau.actors.models import Actor
from terreau.actors.services import actors_import
from terreau.cli import main
from terreau.core.errors import DataFileError
from terreau.territories.refs import resolve
from tests.actors.files import establishment, legal_unit, luhn_complete, sirene_files, siret

pytestmark = pytest.mark.django_db


def test_open_diffusible_establishments_of_the_territory_are_imported(tmp_path):
    etab, ul = sirene_files(
        tmp_path,
        [
            establishment(1),
            establishment(2, etatAdministratifEtablissement="F"),
            establishment(3, statutDiffusionEtablissement="P"),
            establishment(4),
            establishment(5, commune="93055"),
            establishment(6, commune="75108"),  # Paris 8e: an arrondissement code
        ],
        [
            legal_unit(
                1, economieSocialeSolidaireUniteLegale="O", categorieJuridiqueUniteLegale="5460"
            ),
            legal_unit(2),
            legal_unit(3),
            legal_unit(4, categorieJuridiqueUniteLegale="1000"),
            legal_unit(
                5,
                categorieJuridiqueUniteLegale="9220",
                identifiantAssociationUniteLegale="W931000001",
            ),
            legal_unit(6),
        ],
    )
    report = actors_import(
        path=etab, file_format="sirene", unites_legales=ul, territory=resolve("departement:62")
    )
    assert (report.created, report.updated, report.errors) == (1, 0, [])
    # The rows outside the territory are counted too (filtered by DuckDB before validation).
    assert report.skipped == {
        "closed": 1,
        "non_diffusible": 1,
        "natural_person": 1,
        "outside_territory": 2,
    }
    actor = Actor.objects.get()
    assert actor.siret == siret(1) and actor.name == "STRUCTURE 1"
    assert actor.is_ess and actor.legal_form_code == "5460"
    assert actor.commune.code == "62057" and actor.address == "12 RUE DE LA GARE"
    assert actor.naf_code == "56.10A" and "food" in actor.life_functions.split()

    everywhere = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    assert everywhere.created == 2 and everywhere.unchanged == 1
    association = Actor.objects.get(siret=siret(5))
    assert association.kind == "association" and association.rna == "W931000001"
    assert Actor.objects.get(siret=siret(6)).commune.code == "75056"


def test_reimporting_changes_nothing_and_an_updated_file_updates_in_place(tmp_path):
    etab, ul = sirene_files(tmp_path, [establishment(1)], [legal_unit(1)])
    actors_import(path=etab, file_format="sirene", unites_legales=ul)
    again = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    actor = Actor.objects.get()
    etab, ul = sirene_files(
        tmp_path, [establishment(1, activitePrincipaleEtablissement="86.21Z")], [legal_unit(1)]
    )
    updated = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    assert updated.updated == 1
    actor.refresh_from_db()
    assert actor.naf_code == "86.21Z" and actor.life_functions.split() == ["health"]
    change = actor.changes.get()
    assert change.changes["naf_code"] == ["56.10A", "86.21Z"]
    assert change.source == "StockEtablissement_utf8.csv"


def test_row_errors_give_line_column_and_value(tmp_path):
    bad = establishment(2)
    bad["siret"] = bad["siret"][:-1] + str((int(bad["siret"][-1]) + 1) % 10)
    etab, _ul = sirene_files(
        tmp_path, [establishment(1), bad, establishment(3, codeCommuneEtablissement="99999")]
    )
    report = actors_import(path=etab, file_format="sirene")
    assert report.created == 1
    errors = {(e.line, e.column, e.value) for e in report.errors}
    assert errors == {(3, "siret", bad["siret"]), (4, "codeCommuneEtablissement", "99999")}


def test_atomic_import_writes_nothing_when_a_row_fails(tmp_path):
    etab, _ul = sirene_files(
        tmp_path, [establishment(1), establishment(3, codeCommuneEtablissement="99999")]
    )
    report = actors_import(path=etab, file_format="sirene", atomic=True)
    assert report.imported is False and len(report.errors) == 1
    assert not Actor.objects.exists()


def test_a_malformed_line_is_reported_and_the_others_imported(tmp_path):
    etab, _ul = sirene_files(tmp_path, [establishment(1), establishment(2)])
    with etab.open("a") as f:
        f.write("123,456,62057\n")
    report = actors_import(path=etab, file_format="sirene")
    assert report.created == 2
    assert [(e.line, "mal formée" in e.message) for e in report.errors] == [(4, True)]


def test_a_file_without_the_sirene_columns_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("nom,siret\nA,1\n")
    with pytest.raises(DataFileError, match="siren"):
        actors_import(path=path, file_format="sirene")
    assert not Actor.objects.exists()


def test_a_truncated_file_keeps_its_complete_rows_and_reports_the_cut_one(tmp_path):
    etab, _ul = sirene_files(tmp_path, [establishment(1), establishment(2)])
    content = etab.read_bytes()
    etab.write_bytes(content[: len(content) - 40])  # cut in the middle of the last row
    report = actors_import(path=etab, file_format="sirene")
    assert report.created == 1
    assert [e.line for e in report.errors] == [3]


def test_every_establishment_of_an_association_is_imported_and_one_carries_its_rna(tmp_path):
    head_office = establishment(1, etablissementSiege="true")
    second = establishment(1, etablissementSiege="false")
    second["nic"] = "00029"
    second["siret"] = luhn_complete(second["siren"] + "0002")
    etab, ul = sirene_files(
        tmp_path,
        [second, head_office],
        [
            legal_unit(
                1,
                categorieJuridiqueUniteLegale="9220",
                identifiantAssociationUniteLegale="W622000001",
            )
        ],
    )
    report = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    assert (report.created, report.errors) == (2, [])
    assert Actor.objects.get(rna="W622000001").siret == head_office["siret"]


def test_a_repeated_rna_number_names_the_line_where_it_was_first_seen(tmp_path):
    etab, ul = sirene_files(
        tmp_path,
        [establishment(1), establishment(2)],
        [
            legal_unit(
                n, categorieJuridiqueUniteLegale="9220", identifiantAssociationUniteLegale=rna
            )
            for n, rna in ((1, "W622000001"), (2, "W622000001"))
        ],
    )
    report = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    assert report.created == 1
    assert [(e.line, e.column, e.value, e.message) for e in report.errors] == [
        (
            3,
            "identifiantAssociationUniteLegale",
            "W622000001",
            "RNA en double dans le fichier (déjà ligne 2)",
        )
    ]


def test_a_repeated_line_is_an_error_on_the_second_one(tmp_path):
    etab, _ul = sirene_files(tmp_path, [establishment(1), establishment(2), establishment(1)])
    report = actors_import(path=etab, file_format="sirene")
    assert report.created == 2
    assert [(e.line, e.column, e.message) for e in report.errors] == [
        (4, "siret", "SIRET en double dans le fichier (déjà ligne 2)")
    ]


def test_a_malformed_legal_unit_line_is_reported_when_an_establishment_needs_it(tmp_path):
    etab, ul = sirene_files(
        tmp_path,
        [establishment(1), establishment(2)],
        [legal_unit(1), legal_unit(2), legal_unit(3)],
    )
    lines = ul.read_text().splitlines()
    lines[2] += ",EN TROP"  # unit 2: one column too many
    lines[3] += ",EN TROP"  # unit 3: no establishment of the file needs it
    ul.write_text("\n".join(lines) + "\n")
    report = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    assert report.created == 2
    assert [(e.line, e.value.split(",")[0]) for e in report.errors] == [(3, siret(2)[:9])]
    assert "unités légales" in report.errors[0].message
    assert Actor.objects.get(siret=siret(2)).name == "ENSEIGNE 2"


def test_a_value_with_a_line_break_is_read_whole(tmp_path):
    # Its row spans two lines of the file: rows read and lines rejected no longer add up to the
    # file's lines, and the file is read again single-threaded.
    etab, _ul = sirene_files(
        tmp_path,
        [establishment(1, complementAdresseEtablissement="BATIMENT A\nETAGE 2"), establishment(2)],
    )
    report = actors_import(path=etab, file_format="sirene")
    assert (report.created, report.errors) == (2, [])
    assert Actor.objects.get(siret=siret(1)).address == "BATIMENT A\nETAGE 2, 12 RUE DE LA GARE"


def test_establishments_are_placed_at_their_lambert93_coordinates_in_metropolitan_france(tmp_path):
    lambert = {
        "coordonneeLambertAbscisseEtablissement": "654000.0",
        "coordonneeLambertOrdonneeEtablissement": "7104000.0",
    }
    etab, _ul = sirene_files(
        tmp_path,
        [
            establishment(1, commune="59183", **lambert),  # Dunkerque
            # La Réunion: coordinates in UTM zone 40 S, not Lambert-93
            establishment(
                2,
                commune="97411",
                coordonneeLambertAbscisseEtablissement="338000.0",
                coordonneeLambertOrdonneeEtablissement="7690000.0",
            ),
            establishment(3, coordonneeLambertAbscisseEtablissement="[ND]"),
            establishment(4),
        ],
    )
    report = actors_import(path=etab, file_format="sirene")
    assert (report.created, report.errors) == (4, [])
    dunkerque = Actor.objects.get(siret=siret(1))
    # PROJ 9.5 (EPSG:2154 → EPSG:4171): 51.029999900, 2.345741319
    assert (dunkerque.latitude, dunkerque.longitude) == (51.03, 2.345741)
    assert all(
        (actor.latitude, actor.longitude) == (None, None)
        for actor in Actor.objects.exclude(pk=dunkerque.pk)
    )
    assert actors_import(path=etab, file_format="sirene").unchanged == 4

    spreadsheet = tmp_path / "acteurs.csv"
    spreadsheet.write_text(f"nom,siret,code_commune\nPort de Dunkerque,{siret(1)},59183\n")
    assert actors_import(path=spreadsheet, file_format="csv").updated == 1
    dunkerque.refresh_from_db()
    assert (dunkerque.name, dunkerque.latitude) == ("Port de Dunkerque", 51.03)


@pytest.mark.parametrize("wc", [True, False], ids=["wc", "python"])
def test_the_guard_counts_every_line_of_the_file(tmp_path, monkeypatch, wc):
    if not wc:
        monkeypatch.setattr(sirene.shutil, "which", lambda name: None)
    path = tmp_path / "StockEtablissement_utf8.csv"
    path.write_bytes(b"siren,siret\n1,2\n3,4\n5,6")  # the last line has no line feed
    assert sirene._data_lines(path) == 3
    path.write_bytes(b"siren,siret\n1,2\n3,4\n")
    assert sirene._data_lines(path) == 2


def test_rows_outside_the_territory_are_counted_and_the_command_line_says_so(tmp_path, capsys):
    etab, ul = sirene_files(
        tmp_path,
        [establishment(1), establishment(2, commune="93055"), establishment(3, commune="75108")],
        [legal_unit(n) for n in (1, 2, 3)],
    )
    argv = ["actors", "import", str(etab), "--format", "sirene", "--unites-legales", str(ul)]
    assert main([*argv, "--territory", "departement:62"]) == 0
    out = capsys.readouterr().out
    assert "1 created" in out and "skipped outside_territory: 2" in out
    assert main([*argv, "--territory", "departement:59"]) == 0
    assert "0 created" in (out := capsys.readouterr().out)
    assert "skipped outside_territory: 3" in out


def test_malformed_lines_of_the_territory_are_located_and_the_others_counted(tmp_path):
    # Lines 3 and 5 have a value too many and too few in Arras; line 4 one too many in Paris;
    # line 6 repeats line 3, and line 7 has a stray comma before Arras' code, which shifts it.
    rows = [establishment(1), establishment(2), establishment(3, commune="75108")]
    rows += [establishment(4), establishment(2)]
    rows += [establishment(5, libelleVoieEtablissement="DE LA GARE, BATIMENT B")]
    etab, _ul = sirene_files(tmp_path, rows)
    lines = etab.read_text().splitlines()
    for number in (3, 4, 6):  # 1-based file lines
        lines[number - 1] += ",EN TROP"
    lines[4] = lines[4].rsplit(",", 3)[0]
    lines[6] = lines[6].replace('"DE LA GARE, BATIMENT B"', "DE LA GARE, BATIMENT B")
    etab.write_text("\n".join(lines) + "\n")
    report = actors_import(path=etab, file_format="sirene", territory=resolve("departement:62"))
    assert report.created == 1
    errors = sorted((e.line, e.column, e.message) for e in report.errors)
    assert errors == [
        (3, None, "ligne mal formée : plus de 54 colonnes"),
        (
            5,
            "nomenclatureActivitePrincipaleEtablissement",  # the first one missing
            "ligne mal formée : 51 colonnes au lieu de 54",
        ),
        (6, None, "ligne mal formée : plus de 54 colonnes"),
        (7, None, "ligne mal formée : plus de 54 colonnes"),
    ]
    assert [e.value for e in report.errors if e.line == 3] == [lines[2]]
    assert report.skipped == {"malformed_outside_territory": 1}


def test_a_line_not_in_utf8_is_reported_and_the_others_imported(tmp_path):
    etab, _ul = sirene_files(tmp_path, [establishment(1), establishment(2), establishment(3)])
    content = etab.read_bytes().replace(b"ENSEIGNE 2", b"ENSEIGNE \xe9")
    etab.write_bytes(content)
    report = actors_import(path=etab, file_format="sirene", territory=resolve("departement:62"))
    assert report.created == 2
    assert [(e.line, e.message) for e in report.errors] == [
        (3, "ligne mal formée : caractères illisibles, le fichier doit être encodé en UTF-8")
    ]


def test_a_malformed_line_after_a_value_with_a_line_break_gets_its_own_line_number(tmp_path):
    etab, _ul = sirene_files(
        tmp_path,
        [
            establishment(1, complementAdresseEtablissement="BATIMENT A\nETAGE 2"),
            establishment(2),
            establishment(3),
        ],
    )
    lines = etab.read_text().split("\n")
    lines[4] += ",EN TROP"  # establishment 3, the file's fifth line
    etab.write_text("\n".join(lines))
    report = actors_import(path=etab, file_format="sirene")
    assert report.created == 2
    assert [(e.line, e.message) for e in report.errors] == [
        (5, "ligne mal formée : plus de 54 colonnes")
    ]


def test_the_head_count_band_and_the_mission_company_quality_are_read(tmp_path):
    etab, ul = sirene_files(
        tmp_path,
        [
            establishment(1, trancheEffectifsEtablissement="12"),
            establishment(2, trancheEffectifsEtablissement="NN"),
            establishment(3),
        ],
        [
            legal_unit(1, societeMissionUniteLegale="O"),
            legal_unit(2, societeMissionUniteLegale="N"),
            legal_unit(3),
        ],
    )
    report = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    assert (report.created, report.errors) == (3, [])
    bands = {a.siret: (a.headcount_band, a.is_mission_company) for a in Actor.objects.all()}
    assert bands == {siret(1): ("12", True), siret(2): ("NN", False), siret(3): ("", None)}
    assert Actor.objects.get(siret=siret(1)).get_headcount_band_display() == "20 à 49 salariés"


def test_an_empty_band_in_the_register_keeps_the_one_already_known(tmp_path):
    etab, ul = sirene_files(tmp_path, [establishment(1)], [legal_unit(1)])
    actors_import(path=etab, file_format="sirene", unites_legales=ul)
    Actor.objects.update(headcount_band="21", is_mission_company=True)
    again = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    assert (again.updated, again.unchanged) == (0, 1)
    actor = Actor.objects.get()
    assert (actor.headcount_band, actor.is_mission_company) == ("21", True)


def test_an_unknown_band_is_an_error_naming_the_register_column(tmp_path):
    etab, ul = sirene_files(
        tmp_path, [establishment(1, trancheEffectifsEtablissement="99")], [legal_unit(1)]
    )
    report = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    assert report.created == 0
    [error] = report.errors
    assert (error.line, error.column, error.value) == (2, "trancheEffectifsEtablissement", "99")
    assert "tranche d'effectif inconnue" in error.message
