import pytest

from terreau.actors.models import Actor
from terreau.actors.services import actors_import
from tests.actors.files import association, rna_file

pytestmark = pytest.mark.django_db


def test_active_associations_are_imported_from_a_windows_1252_file(tmp_path):
    path = rna_file(
        tmp_path,
        [
            association("W622000001", date_disso="0001-01-01"),
            association("W622000002", position="D", date_disso="2020-01-01"),
            association("W622000003", position="S"),
        ],
    )
    report = actors_import(path=path, file_format="rna")
    assert (report.created, report.errors) == (1, [])
    assert report.skipped == {"dissolved": 1, "deleted": 1}
    actor = Actor.objects.get()
    assert actor.name == "LES JARDINS PARTAGÉS D'AUDRUICQ"
    assert actor.rna == "W622000001" and actor.kind == "association"
    assert actor.address == "3 RUE du Marché" and actor.commune.code == "62057"
    # "lien social" and "jardinage" in its purpose
    assert actor.life_functions.split() == ["food", "social_ties", "environment"]


def test_an_invalid_rna_number_is_located(tmp_path):
    path = rna_file(tmp_path, [association("W62200001"), association("W622000009")])
    report = actors_import(path=path, file_format="rna")
    assert [(e.line, e.column, e.value) for e in report.errors] == [(2, "id", "W62200001")]
    assert report.created == 1
