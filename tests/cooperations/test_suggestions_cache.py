"""Partner suggestions of large territories computed by a job and kept (cooperations/
suggestions.py, issue 16): the page shows them with their date, says when fresher ones are
coming, and each reader gets only the actors they may see."""

import pytest

from terreau.actors.models import Actor
from terreau.cli import main
from terreau.cooperations.models import AccessRole, PartnerSuggestions
from terreau.cooperations.services import access_grant, access_revoke
from terreau.cooperations.suggestions import suggestions_work
from terreau.core.jobs import job_run
from terreau.core.models import Job
from terreau.territories.models import Commune
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.personas import UserFactory, bearer_client, client_for

pytestmark = pytest.mark.django_db

PAGE = "/cooperations/ecopole-alimentaire/"
PARTNERS = f"{PAGE}partenaires/"


@pytest.fixture
def large(settings):
    """Every territory counts as large: the CC de la Région d'Audruicq's 15 communes suffice."""
    settings.TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES = 1


@pytest.fixture
def queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def audruicq(db):
    return Commune.objects.get(code="62057")


@pytest.fixture
def ecopole(alice, audruicq):
    cooperation = make_cooperation(alice, name="Écopôle alimentaire")
    legumerie = make_actor("Légumerie solidaire", commune=audruicq, life_functions=" food ")
    make_member(cooperation, legumerie, roles=["operator"])
    make_actor("Ferme bio", kind="company", commune=audruicq, life_functions=" food ")
    return cooperation


def names(response) -> list[str]:
    return [suggestion.actor.name for suggestion in response.context["suggestions"]]


def work_the_queue() -> None:
    for row in PartnerSuggestions.objects.filter(status=Job.Status.QUEUED):
        job_run(row, suggestions_work)


def test_a_small_territory_computes_them_on_the_page(ecopole, alice_client):
    page = alice_client.get(PAGE)
    assert names(page) == ["Ferme bio"] and "Suggestions calculées" not in page.text
    assert not PartnerSuggestions.objects.exists()


def test_a_large_territory_keeps_them_with_their_date(ecopole, alice_client, large):
    page = alice_client.get(PAGE)  # tests run the job within the request
    assert names(page) == ["Ferme bio"]
    row = PartnerSuggestions.objects.get()
    assert row.status == "done" and row.computed_at and row.created_by.username == "alice"
    assert "Suggestions calculées le" in page.text and "plus récentes" not in page.text
    # Seen again with nothing changed: read from the row, no new run.
    assert names(alice_client.get(PAGE)) == ["Ferme bio"]
    assert PartnerSuggestions.objects.get().run == row.run


def test_before_the_first_computation_and_while_fresher_ones_are_computed(
    ecopole, alice_client, large, queued, audruicq
):
    waiting = alice_client.get(PAGE)
    assert names(waiting) == [] and "no_partner_reason" not in waiting.context
    assert "les partenaires potentiels sont en cours de calcul" in waiting.text
    assert f'hx-get="{PARTNERS}"' in waiting.text
    work_the_queue()
    section = alice_client.get(PARTNERS)
    assert names(section) == ["Ferme bio"] and "hx-get" not in section.text

    make_actor("Épicerie", commune=audruicq, life_functions=" food ")
    run = PartnerSuggestions.objects.get().run
    stale = alice_client.get(PAGE)
    assert names(stale) == ["Ferme bio"]  # the kept ones, while fresher ones are computed
    assert "des suggestions plus récentes sont en cours de calcul" in stale.text
    alice_client.get(PAGE)
    # One job, however many visits: claimed (+1) and queued (+1) once.
    assert PartnerSuggestions.objects.get().run == run + 2
    work_the_queue()
    assert names(alice_client.get(PARTNERS)) == ["Épicerie", "Ferme bio"]


@pytest.fixture
def bob(ecopole, alice, audruicq):
    """A reader of the cooperation, who may not see alice's private kitchen there."""
    make_actor(
        "Cuisine privée",
        commune=audruicq,
        life_functions=" food ",
        is_public=False,
        created_by=alice,
    )
    bob = UserFactory(username="bob")
    access_grant(cooperation=ecopole, user=bob, role=AccessRole.READER)
    return bob


def test_each_reader_gets_the_actors_they_may_see(
    ecopole, alice, alice_client, charlie_client, large, bob
):
    bob_client = client_for(bob)
    assert names(alice_client.get(PAGE)) == ["Cuisine privée", "Ferme bio"]
    assert names(bob_client.get(PAGE)) == ["Ferme bio"]
    assert PartnerSuggestions.objects.count() == 2  # one row per reader
    assert "Cuisine privée" not in bob_client.get(PARTNERS).text
    assert charlie_client.get(PARTNERS).status_code == 404
    # An actor made private after the computation drops out of the kept list at once.
    farm = Actor.objects.get(name="Ferme bio")
    farm.is_public, farm.created_by = False, alice
    farm.save()
    PartnerSuggestions.objects.update(data_version="")  # even before any recomputation
    assert "Ferme bio" not in bob_client.get(PAGE).text.split("partenaires")[-1]


def test_the_scheduled_refresh_recomputes_stale_lists_and_forgets_former_members(
    ecopole, alice_client, large, queued, audruicq, capsys
):
    bob = UserFactory(username="bob")
    access_grant(cooperation=ecopole, user=bob, role=AccessRole.READER)
    alice_client.get(PAGE)
    client_for(bob).get(PAGE)
    work_the_queue()
    assert main(["cooperation", "refresh-suggestions"]) == 0
    assert "0 partner suggestion lists recomputed" in capsys.readouterr().out
    make_actor("Épicerie", commune=audruicq, life_functions=" food ")
    access_revoke(cooperation=ecopole, user=bob)
    assert main(["cooperation", "refresh-suggestions"]) == 0
    assert "ecopole-alimentaire (alice): done" in capsys.readouterr().out
    row = PartnerSuggestions.objects.get()  # bob's went with his access
    fresh = Actor.objects.filter(name__in=["Ferme bio", "Épicerie"]).order_by("search_name")
    assert [kept["actor"] for kept in row.suggestions] == [actor.pk for actor in fresh]
    assert main(["cooperation", "refresh-suggestions", "--cooperation", "inconnue"]) == 2
    # A row of 10, as the page alone kept them before the API shared its rows: nothing reads it.
    PartnerSuggestions.objects.create(
        key="page-alone", cooperation=ecopole, audience="user", limit=10, created_by=row.created_by
    )
    assert main(["cooperation", "refresh-suggestions"]) == 0
    assert list(PartnerSuggestions.objects.values_list("limit", flat=True)) == [20]


API = "/api/v1/cooperations/ecopole-alimentaire/partners"


def api_names(response) -> list[str]:
    return [partner["actor"]["name"] for partner in response.json()["partners"]]


def test_the_api_computes_them_on_a_small_territory_with_their_date(ecopole, alice):
    answer = bearer_client(alice).get(API)
    assert answer.status_code == 200 and api_names(answer) == ["Ferme bio"]
    assert answer.json()["up_to_date"] is True and answer.json()["computed_at"]
    assert not PartnerSuggestions.objects.exists()


def test_the_api_reads_the_page_s_kept_row_on_a_large_territory(
    ecopole, alice, alice_client, large, queued, audruicq
):
    api = bearer_client(alice)
    waiting = api.get(API)  # before the first computation: ask again later
    assert waiting.status_code == 202 and waiting["Retry-After"] == "10"
    assert waiting.json()["status"] == "computing"
    alice_client.get(PAGE)  # the page reads the same row: still one job queued
    assert PartnerSuggestions.objects.get().status == Job.Status.QUEUED
    work_the_queue()
    row = PartnerSuggestions.objects.get()
    answer = api.get(API).json()
    assert answer["computed_at"].startswith(row.computed_at.strftime("%Y-%m-%dT%H:%M:%S."))
    assert answer["up_to_date"] is True and api_names(api.get(API)) == ["Ferme bio"]
    assert names(alice_client.get(PAGE)) == ["Ferme bio"]
    assert PartnerSuggestions.objects.get().run == row.run  # one row, not computed again

    make_actor("Épicerie", commune=audruicq, life_functions=" food ")
    stale = api.get(API).json()  # the kept answer, saying fresher ones are being computed
    assert stale["up_to_date"] is False and [p["actor"]["name"] for p in stale["partners"]] == [
        "Ferme bio"
    ]
    work_the_queue()
    assert api_names(api.get(API)) == ["Épicerie", "Ferme bio"]


def test_a_kept_api_answer_never_carries_what_the_caller_may_not_see(ecopole, alice, large, bob):
    assert api_names(bearer_client(alice).get(API)) == ["Cuisine privée", "Ferme bio"]
    assert api_names(bearer_client(bob).get(API)) == ["Ferme bio"]
    assert PartnerSuggestions.objects.count() == 2  # one row per reader
    # Even bob's row made to hold alice's private actor, it is filtered out when read.
    alice_row = PartnerSuggestions.objects.get(created_by=alice)
    PartnerSuggestions.objects.filter(created_by=bob).update(suggestions=alice_row.suggestions)
    assert api_names(bearer_client(bob).get(API)) == ["Ferme bio"]
    # An actor made private after the computation drops out of the kept answer at once.
    farm = Actor.objects.get(name="Ferme bio")
    farm.is_public, farm.created_by = False, alice
    farm.save()
    PartnerSuggestions.objects.update(data_version="")
    assert "Ferme bio" not in api_names(bearer_client(bob).get(API))
    charlie = UserFactory(username="charlie-api")
    assert bearer_client(charlie).get(API).status_code == 404
