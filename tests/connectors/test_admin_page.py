"""The administrators' page of the connectors: staff only, tokens masked, the last runs of each
source with who started them, what they asked, their counts and their errors, in French."""

from datetime import timedelta

import pytest
from django.utils import timezone

from terreau.connectors.models import ConnectorRun

URL = "/connecteurs/"
TOKEN = "tok-1234567890-abcdef-SECRET-9z8y"


@pytest.fixture
def configured(settings):
    settings.TERREAU_CONNECTORS["data-inclusion"]["token"] = TOKEN
    settings.TERREAU_CONNECTORS["aides-territoires"]["token"] = ""


def test_only_administrators_see_it(client, charlie_client, db):
    assert client.get(URL).status_code == 302  # to the log-in page
    assert charlie_client.get(URL).status_code == 403


def test_it_lists_each_source_with_its_settings_and_the_token_masked(ada_client, configured):
    page = ada_client.get(URL).content.decode()
    assert "API Recherche d&#x27;entreprises" in page and "Aides-territoires" in page
    assert "data·inclusion" in page
    assert "https://api.data.inclusion.gouv.fr/api/v0" in page
    assert "5 requêtes par seconde au plus" in page
    assert TOKEN not in page and TOKEN[:-4] not in page
    assert "••••••••9z8y" in page
    assert "non configuré" in page and "TERREAU_AIDES_TERRITOIRES_TOKEN" in page
    assert "Aucune exécution pour l'instant." in page


def test_it_shows_the_last_ten_runs_with_their_errors(ada_client, alice, configured):
    for n in range(12):
        run = ConnectorRun.objects.create(
            source="data-inclusion",
            trigger=ConnectorRun.Trigger.PAGE,
            query={"territory": "commune:62057", "filters": [{"code_commune": "62057"}]},
            created_by=alice,
            ok=True,
            summary={"created": n, "updated": 0, "unchanged": 1, "errors": 0},
        )
        ConnectorRun.objects.filter(pk=run.pk).update(
            started_at=timezone.now() - timedelta(days=12 - n)
        )
    ConnectorRun.objects.create(
        source="data-inclusion",
        trigger=ConnectorRun.Trigger.COMMAND,
        query={"territory": "departement:62"},
        ok=False,
        error="data·inclusion a refusé la demande (statut 503) : maintenance",
    )
    page = ada_client.get(URL).content.decode()
    assert page.count("<tr>") == 1 + 10  # the header and ten runs
    assert "En ligne de commande" in page and "Depuis une page" in page
    assert "Audruicq" in page and "Pas-de-Calais" in page
    assert "commune:62057" not in page
    assert "11 créés, 0 mis à jour, 1 inchangés, 0 refusés" in page
    assert ">1 créés" not in page  # the oldest runs are left out
    assert "statut 503" in page and "l'exploitant" in page
    assert " décembre " in page or " novembre " in page
