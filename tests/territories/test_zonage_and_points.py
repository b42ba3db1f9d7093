import csv

import pytest
from openpyxl import Workbook

from terreau.core.errors import DataFileError
from terreau.territories.models import BassinVie, Commune, ZoneEmploi
from terreau.territories.refs import resolve
from terreau.territories.services import commune_points_load, zonage_load
from tests.conftest import GEO_FIXTURES


def fixture_rows(name: str) -> list[dict]:
    with open(GEO_FIXTURES / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def zonage_snapshot():
    return list(Commune.objects.order_by("code").values_list("code", "bassin_vie_id", "lon"))


def write_insee_xlsx(path, rows, *, header=("CODGEO", "LIBGEO", "BV2022", "LIBBV2022")):
    """An INSEE composition workbook: a documentation sheet, then the data under title rows."""
    workbook = Workbook()
    workbook.active.title = "Documentation"
    workbook.active.append(["Base des bassins de vie 2022"])
    sheet = workbook.create_sheet("Composition_communale")
    sheet.append(["Composition communale des bassins de vie 2022"])
    sheet.append(["Source : Insee"])
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)


def test_bassins_de_vie_come_from_the_zonage_file_with_their_labels(db):
    rows = {r["code_commune"]: r for r in fixture_rows("commune_zonages.csv")}
    labels = {r["code"]: r["libelle"] for r in fixture_rows("bassins_vie_2022.csv")}
    pantin = Commune.objects.get(code="93055")
    assert pantin.bassin_vie.code == rows["93055"]["bassin_vie_2022"]
    assert pantin.bassin_vie.name == labels[pantin.bassin_vie.code]
    assert pantin.zone_emploi.code == rows["93055"]["zone_emploi_2020"]
    bassin = resolve(f"bassin:{rows['62057']['bassin_vie_2022']}")
    expected = {code for code, r in rows.items() if r["bassin_vie_2022"] == bassin.code}
    assert set(bassin.communes().values_list("code", flat=True)) == expected


def test_insee_workbook_with_title_rows_is_read(db, tmp_path):
    path = tmp_path / "BV2022_au_01-01-2025.xlsx"
    write_insee_xlsx(
        path,
        [("62057", "Audruicq", "62057", "Audruicq (test)"), ("62906", "Zutkerque", "62057", "")],
    )
    report = zonage_load(path=path)
    assert report.counts["bassin"].updated == 1
    assert BassinVie.objects.get(code="62057").name == "Audruicq (test)"
    assert Commune.objects.get(code="62906").bassin_vie.code == "62057"


def test_insee_csv_in_windows_1252_with_semicolons_and_old_codes(db, tmp_path):
    path = tmp_path / "ZE2020.csv"
    lines = ["CODGEO;LIBGEO;ZE2020;LIBZE2020", "75108;Paris 8e Arrondissement;1109;Paris (é)"]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    zonage_load(path=path)
    paris = Commune.objects.get(code="75056")
    assert paris.zone_emploi.code == "1109"
    assert ZoneEmploi.objects.get(code="1109").name == "Paris (é)"


def test_without_label_file_a_bassin_takes_the_name_of_its_central_commune(db, tmp_path):
    path = tmp_path / "zonages.csv"
    path.write_text("code_commune,bassin_vie_2022\n39001,39300\n")
    BassinVie.objects.filter(code="39300").delete()
    zonage_load(path=path)
    assert BassinVie.objects.get(code="39300").name == Commune.objects.get(code="39300").name


def test_unknown_commune_code_names_file_line_and_value_and_changes_nothing(db, tmp_path):
    path = tmp_path / "BV2022.xlsx"
    write_insee_xlsx(
        path,
        [("62057", "Audruicq", "62001", "Autre bassin"), ("99999", "Nulle part", "62057", "x")],
    )
    before = zonage_snapshot()
    with pytest.raises(DataFileError) as error:
        zonage_load(path=path)
    assert (error.value.line, error.value.column, error.value.value) == (6, "CODGEO", "99999")
    assert "BV2022.xlsx" in str(error.value) and "99999" in str(error.value)
    assert zonage_snapshot() == before
    assert not BassinVie.objects.filter(name="Autre bassin").exists()


def test_unexpected_columns_are_named(db, tmp_path):
    path = tmp_path / "bassins.csv"
    path.write_text("CODGEO;LIBGEO;BV2012\n62057;Audruicq;62057\n")
    with pytest.raises(DataFileError) as error:
        zonage_load(path=path)
    assert "BV2012" in str(error.value) and "BV2022" in str(error.value)


def test_points_place_communes_and_bad_coordinates_are_located(db, tmp_path):
    points = {r["code_commune"]: r for r in fixture_rows("communes_points.csv")}
    audruicq = Commune.objects.get(code="62057")
    assert (audruicq.lon, audruicq.lat) == (
        float(points["62057"]["lon"]),
        float(points["62057"]["lat"]),
    )
    path = tmp_path / "points.csv"
    path.write_text("code_commune,lon,lat\n62057,2.1,50.8\n62001,2.5,95.2\n")
    before = zonage_snapshot()
    with pytest.raises(DataFileError) as error:
        commune_points_load(path=path)
    assert (error.value.line, error.value.column, error.value.value) == (3, "lat", "95.2")
    assert zonage_snapshot() == before


def test_points_with_an_unknown_commune_are_refused(db, tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("code_commune,lon,lat\n00000,2.1,50.8\n")
    with pytest.raises(DataFileError, match="00000"):
        commune_points_load(path=path)


def test_reloading_zonage_and_points_changes_nothing(db):
    before = zonage_snapshot()
    report = zonage_load(
        path=GEO_FIXTURES / "commune_zonages.csv",
        bassin_labels=GEO_FIXTURES / "bassins_vie_2022.csv",
        zone_emploi_labels=GEO_FIXTURES / "zones_emploi_2020.csv",
    )
    assert not report.changed
    assert not commune_points_load(path=GEO_FIXTURES / "communes_points.csv").changed
    assert zonage_snapshot() == before
