"""Importing actors from a public registry from the web: the button on the actors' and the
territory's pages, the form, the preview (a dry run), the import and its report; and privacy:
a fetch by charlie neither matches, nor changes, nor reveals alice's private actor."""

import pytest
from django.contrib.auth.models import Permission
from django.forms.models import model_to_dict

from terreau.actors.models import Actor
from terreau.actors.services import actor_save
from terreau.connectors.models import ConnectorRun, FetchJob
from terreau.territories.models import Commune
from tests.connectors.registries import COOP, JARDINS, serve_audruicq
from tests.personas import client_for

pytestmark = pytest.mark.django_db

SECRETS = ["Atelier secret d'Alice", "alice@atelier.example", "Carnet d'Alice"]


def importer(user):
    user.user_permissions.add(Permission.objects.get(codename="import_actors"))
    return client_for(user)


def preview(client) -> FetchJob:
    response = client.post(
        "/connecteurs/importer/",
        {"source": "recherche-entreprises", "territory": "commune:62057", "active_only": "on"},
    )
    job = FetchJob.objects.latest("pk")
    assert response.status_code == 302 and response.url == f"/connecteurs/importer/{job.pk}/"
    return job


def test_the_buttons_lead_to_the_form_with_the_territory(alice):
    client = importer(alice)
    for url in ("/acteurs/?territoire=commune:62057", "/territoires/commune:62057/"):
        page = client.get(url).content.decode()
        assert "Importer depuis les registres publics" in page
        assert "/connecteurs/importer/?territoire=commune%3A62057" in page
    form = client.get("/connecteurs/importer/?territoire=commune:62057").content.decode()
    assert "API Recherche d&#x27;entreprises" in form and "Prévisualiser" in form


def test_without_the_permission_the_form_explains(charlie):
    response = client_for(charlie).get("/connecteurs/importer/")
    assert response.status_code == 403
    assert "Importer depuis" not in client_for(charlie).get("/acteurs/").content.decode()


def test_preview_then_import_then_report(fake_api, alice):
    serve_audruicq(fake_api)
    client = importer(alice)
    job = preview(client)
    job.refresh_from_db()
    assert job.status == FetchJob.Status.DONE and job.dry_run
    assert not Actor.objects.exists()
    page = client.get(f"/connecteurs/importer/{job.pk}/").content.decode()
    assert "Aperçu" in page and "JARDINS DE LA GARE" in page and "Audruicq" in page
    assert "établissements fermés (1)" in page and "entrepreneurs individuels (1)" in page

    response = client.post(f"/connecteurs/importer/{job.pk}/importer/")
    done = FetchJob.objects.latest("pk")
    assert response.url == f"/connecteurs/importer/{done.pk}/" and not done.dry_run
    assert done.report["created"] == 3
    assert Actor.objects.filter(siret=JARDINS, is_public=True, created_by=alice).exists()
    page = client.get(done.get_absolute_url()).content.decode()
    assert "Résultat" in page and "Voir les acteurs" in page
    assert [run.trigger for run in ConnectorRun.objects.all()] == ["page", "page"]


def test_a_failing_service_fails_the_job_in_words(fake_api, alice, settings):
    settings.TERREAU_CONNECTORS["recherche-entreprises"]["retries"] = 0
    fake_api.add("/search", status=503, raw=b"maintenance")
    client = importer(alice)
    job = preview(client)
    job.refresh_from_db()
    assert job.status == FetchJob.Status.FAILED and "503" in job.error
    page = client.get(job.get_absolute_url()).content.decode()
    assert "L'import a échoué" in page and "API Recherche" in page


def test_charlie_s_fetch_never_reveals_alice_s_private_actor(fake_api, alice, charlie):
    secret = actor_save(
        actor=Actor(
            name="Atelier secret d'Alice",
            kind="cooperative",
            siret=COOP,
            siren=COOP[:9],
            email="alice@atelier.example",
            description="Carnet d'Alice",
            commune=Commune.objects.get(code="62057"),
            is_public=False,
        ),
        by=alice,
        changed={"name": ("", "Atelier secret d'Alice")},
    )
    before = model_to_dict(secret)
    serve_audruicq(fake_api)
    client = importer(charlie)
    client.post(f"/connecteurs/importer/{preview(client).pk}/importer/")
    job = FetchJob.objects.latest("pk")
    assert job.report["created"] == 2
    assert [(e["column"], e["value"]) for e in job.report["errors"]] == [("siret", COOP)]
    assert job.report["conflicts"] == []
    secret.refresh_from_db()
    assert model_to_dict(secret) == before
    assert Actor.objects.filter(siret=COOP).count() == 1
    page = client.get(job.get_absolute_url()).content.decode()
    assert "acteur privé que vous ne pouvez pas voir" in page
    assert not any(words in page for words in SECRETS)
    # Alice's jobs are not charlie's to read, and his are not hers.
    assert importer(alice).get(job.get_absolute_url()).status_code == 404
