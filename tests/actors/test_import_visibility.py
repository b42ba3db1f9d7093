"""Visibility of the actors an import creates: official registers public, hand-kept spreadsheets
private to the person importing them, unless that person chooses otherwise."""

import pytest

from terreau.actors.models import Actor
from terreau.actors.services import actors_import
from terreau.cli import main
from tests.actors.files import rna_file

pytestmark = pytest.mark.django_db


def spreadsheet(tmp_path, name="Jardin partagé", filename="acteurs.csv"):
    path = tmp_path / filename
    path.write_text(f"nom;code commune\n{name};62057\n", encoding="utf-8")
    return path


def visible_names(user) -> set[str]:
    return set(Actor.objects.visible_to(user).values_list("name", flat=True))


def test_a_spreadsheet_import_is_private_to_its_importer_and_a_register_public(
    tmp_path, alice, charlie
):
    association = {"id": "W622000001", "titre": "LES JARDINIERS", "adrs_codeinsee": "62057"}
    actors_import(path=spreadsheet(tmp_path), file_format="csv", by=alice)
    actors_import(path=rna_file(tmp_path, [association]), file_format="rna", by=alice)
    assert visible_names(alice) == {"Jardin partagé", "LES JARDINIERS"}
    assert visible_names(charlie) == {"LES JARDINIERS"}
    assert set(Actor.objects.values_list("created_by", flat=True)) == {alice.pk}


def test_updated_actors_keep_their_visibility(tmp_path, alice):
    path = tmp_path / "a.csv"
    path.write_text("id;nom\n1;Jardin\n", encoding="utf-8")
    actors_import(path=path, file_format="csv", by=alice, is_public=True)
    path.write_text("id;nom\n1;Jardin partagé\n", encoding="utf-8")
    report = actors_import(path=path, file_format="csv", by=alice, is_public=False)
    assert report.updated == 1 and Actor.objects.get().is_public is True


def test_the_command_line_chooses_the_visibility(tmp_path, capsys):
    assert main(["actors", "import", str(spreadsheet(tmp_path)), "--format", "csv"]) == 0
    assert "created actors are private" in capsys.readouterr().out
    other = spreadsheet(tmp_path, name="Garage solidaire", filename="b.csv")
    assert main(["actors", "import", str(other), "--format", "csv", "--visibility", "public"]) == 0
    assert "created actors are public" in capsys.readouterr().out
    assert dict(Actor.objects.values_list("name", "is_public")) == {
        "Jardin partagé": False,
        "Garage solidaire": True,
    }
