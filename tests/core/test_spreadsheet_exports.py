"""Exports are safe to open in a spreadsheet: a text starting like a formula (`=`, `+`, `-`, `@`,
tab, carriage return) reaches the reader as text, never as a formula that runs ("CSV injection");
numbers stay numbers."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from terreau.actors.models import Actor
from terreau.actors.services import actors_import
from terreau.cli import main
from terreau.diagnosis.models import Need
from terreau.territories.models import Commune
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.economy.factories import make_cost, make_resource

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture
def hostile_actors(tmp_path):
    """Actors imported from a CSV file, one named like a formula, one with an international phone
    number (a `+` that is not a formula but is marked all the same)."""
    path = tmp_path / "acteurs.csv"
    path.write_text(
        "nom;code_commune;telephone;adresse\n"
        f'"{FORMULA.replace(chr(34), chr(34) * 2)}";62057;;@SOMME(A1:A3)\n'
        "Atelier vélo;62057;+33 3 21 35 00 00;-2+3\n",
        encoding="utf-8",
    )
    report = actors_import(path=path, file_format="csv", is_public=True)
    assert report.errors == [] and report.created == 2
    assert Actor.objects.filter(name=FORMULA).exists()


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_actors_csv_export_marks_formulas_as_text(client, hostile_actors, tmp_path):
    content = client.get("/acteurs/export.csv", {"territoire": "commune:62057"}).getvalue()
    rows = {row["nom"]: row for row in csv_rows(content)}
    assert set(rows) == {"'" + FORMULA, "Atelier vélo"}
    assert rows["'" + FORMULA]["adresse"] == "'@SOMME(A1:A3)"
    assert rows["Atelier vélo"]["telephone"] == "'+33 3 21 35 00 00"
    assert rows["Atelier vélo"]["adresse"] == "'-2+3"
    assert rows["Atelier vélo"]["id"].isdigit()  # numbers are left alone

    # Read back by the importer, the export gives the values as they were.
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    actors_import(path=path, file_format="csv", is_public=True)
    assert set(Actor.objects.values_list("name", "phone", "address")) == {
        (FORMULA, "", "@SOMME(A1:A3)"),
        ("Atelier vélo", "+33 3 21 35 00 00", "-2+3"),
    }


def test_the_actors_xlsx_export_writes_formulas_as_text_cells(client, hostile_actors):
    response = client.get("/acteurs/export.xlsx", {"territoire": "commune:62057"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header = [cell.value for cell in sheet[1]]
    cells = {row[header.index("nom")].value: row for row in sheet.iter_rows(min_row=2)}
    name = cells[FORMULA][header.index("nom")]
    assert (name.value, name.data_type) == (FORMULA, "s")
    address = cells[FORMULA][header.index("adresse")]
    assert (address.value, address.data_type) == ("@SOMME(A1:A3)", "s")
    identifier = cells["Atelier vélo"][header.index("id")]
    assert identifier.data_type == "n"


def test_the_economy_xlsx_keeps_names_as_text_and_amounts_as_numbers(alice, alice_client):
    cooperation = make_cooperation(alice, name="Écopôle alimentaire")
    funder = make_actor(FORMULA, kind="local_authority", commune=Commune.objects.get(code="62057"))
    make_member(cooperation, funder, roles=["funder"])
    make_resource(cooperation, "=1+1", amount="100.00", source=funder)
    make_cost(cooperation, "-Loyer", amount="220.00")
    response = alice_client.get(f"/cooperations/{cooperation.slug}/economie/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["2025"]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    for text in (FORMULA, "=1+1", "-Loyer"):
        assert cells[text].data_type == "s"
    balance = next(
        row[1] for row in sheet.iter_rows() if row[0].value and "Solde" in str(row[0].value)
    )
    assert (balance.value, balance.data_type) == (-120, "n")


def test_the_gaps_csv_marks_a_formula_in_a_need_title(alice, tmp_path):
    Need.objects.create(
        territory_ref="commune:62057",
        author=alice,
        is_public=True,
        title="=1+1",
        channel="workshop",
        voiced_on=date(2026, 3, 1),
        priority="high",
    )
    target = tmp_path / "lacunes.csv"
    assert main(["offers", "gaps", "epci:246200844", "--format", "csv", "-o", str(target)]) == 0
    needs = [row for row in csv_rows(target.read_bytes()) if row["gap"] == "need"]
    assert [row["detail"] for row in needs] == ["'=1+1 (commune:62057)"]
