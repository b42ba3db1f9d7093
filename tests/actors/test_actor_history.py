"""An actor's history in words: field labels, displayed values, who or which file."""

import pytest

from terreau.actors.models import ActorChange
from terreau.actors.services import actors_import
from terreau.territories.models import Commune
from tests.actors.factories import SIRET, hand_entered, import_csv

pytestmark = pytest.mark.django_db


def test_the_history_says_who_or_which_file_changed_what_in_words(alice_client, alice, tmp_path):
    actor = hand_entered(alice_client)
    import_csv(tmp_path, f"siret,nom,code_commune,fonctions de vie\n{SIRET},Jardins,62057,food\n")
    path = tmp_path / "b.csv"
    path.write_text(f"siret,nom,adresse\n{SIRET},Jardins,2 rue Haute\n", encoding="utf-8")
    actors_import(path=path, file_format="csv", by=alice)
    # A change recorded before changes named the commune field as the model does.
    ActorChange.objects.create(
        actor=actor,
        source="ancien.csv",
        changes={"commune_id": [Commune.objects.get(code="62906").pk, None]},
    )

    page = alice_client.get(actor.get_absolute_url()).text
    history = page[page.index('id="history-title"') :]
    assert "import du fichier « a.csv » :" in history
    assert "import du fichier « b.csv » par alice :" in history
    assert "Commune : <em>vide</em> → « Audruicq »" in history
    assert "Fonctions de vie : <em>vide</em> → « Se nourrir" in history
    assert "import du fichier « ancien.csv »" in history and "« Zutkerque »" in history
    assert "alice :" in history  # the creation, by the person
    assert "Type d&#x27;acteur : <em>vide</em> → « Association »" in history
    for internal in ("commune_id", "∅", "life_functions", "informal_group", "association »"):
        assert internal not in history
