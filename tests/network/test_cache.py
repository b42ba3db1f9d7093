"""Network metrics computed by a job and served from their cache (network.cache): a second visit
reads the stored figures, a change of the data makes them stale and recomputed, a person's view
is theirs, and a private cooperation's figures never reach a non-member."""

import io
from contextlib import redirect_stdout

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from terreau.cli import main
from terreau.core.models import Job
from terreau.network.cache import Scope, served
from terreau.network.models import NetworkMetrics
from terreau.territories.refs import resolve
from tests.network.factories import TERRITORY, actor_system, make_relation

pytestmark = pytest.mark.django_db

PAGE = f"/territoires/{TERRITORY}/reseau/"
METRICS = "/api/v1/network/metrics"


def relation_reads(queries) -> int:
    """Queries reading relation rows with their actors: reading a network (not counting)."""
    return sum(
        1
        for query in queries
        if 'FROM "cooperations_relation"' in query["sql"] and "COUNT(" not in query["sql"]
    )


def test_a_second_visit_answers_from_the_cache_without_reading_the_network(alice, charlie_client):
    actor_system(alice)
    with CaptureQueriesContext(connection) as first:
        assert charlie_client.get(PAGE).status_code == 200
    row = NetworkMetrics.objects.get()
    assert (row.audience, row.status, row.figures["metrics"]["relations"]) == ("user", "done", 1)
    computed_at = row.computed_at
    with CaptureQueriesContext(connection) as second:
        html = charlie_client.get(PAGE).content.decode()
    assert relation_reads(first) >= 1 and relation_reads(second) == 0
    assert NetworkMetrics.objects.get().computed_at == computed_at  # not recomputed
    assert "Mesures calculées le" in html and "Les données ont changé" not in html


def test_a_change_of_the_data_makes_the_figures_stale_then_refreshed(alice, alice_client):
    system = actor_system(alice)
    first = alice_client.get(METRICS, {"territory": TERRITORY}).json()
    make_relation(system.mairie, system.jardin, "funding", is_public=True)
    # The job runs within the request here (immediate backend): the answer is fresh again.
    second = alice_client.get(METRICS, {"territory": TERRITORY}).json()
    assert (first["relations"], second["relations"]) == (3, 4)
    assert second["up_to_date"] is True and second["computed_at"] > first["computed_at"]
    row = NetworkMetrics.objects.get()
    assert row.run == 2 * 2  # each computation claims the row, then queues it: two runs


def test_an_edit_in_place_makes_the_figures_stale(alice):
    system = actor_system(alice)
    territory = resolve(TERRITORY, user=alice)
    version = served(Scope(territory=territory), user=alice).row.data_version
    system.public_funding.kind = "pooling"
    system.public_funding.save()  # no count changes
    assert served(Scope(territory=territory), user=alice).row.data_version != version


def test_stale_figures_are_shown_with_their_date_while_a_single_job_is_queued(
    alice, charlie_client, settings
):
    system = actor_system(alice)
    charlie_client.get(PAGE)
    make_relation(system.mairie, system.jardin, "funding", is_public=True)
    # A real queue: the job waits for a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    html = charlie_client.get(PAGE).content.decode()
    charlie_client.get(PAGE)
    row = NetworkMetrics.objects.get()
    assert row.status == Job.Status.QUEUED and row.figures["metrics"]["relations"] == 1
    assert row.run == 2 + 2  # claimed and queued once, not once per visit
    assert "Mesures calculées le" in html
    assert "des mesures plus récentes sont en cours de calcul" in html
    assert 'hx-trigger="every 5s"' in html  # the page reloads its figures by itself


def test_nothing_computed_yet_is_a_waiting_state_on_the_page_and_a_202_in_the_api(
    alice, alice_client, settings
):
    actor_system(alice)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    html = alice_client.get(PAGE).content.decode()
    assert "sont en cours de calcul" in html and 'id="network-graph"' not in html
    assert "<script>" not in html  # strict CSP: htmx attributes, no inline script
    response = alice_client.get(METRICS, {"territory": TERRITORY})
    assert (response.status_code, response.json()["status"]) == (202, "computing")
    assert response["Retry-After"]


def test_each_person_reads_their_own_view_and_visitors_the_public_one(
    alice, alice_client, charlie_client
):
    actor_system(alice)
    alice_relations = alice_client.get(METRICS, {"territory": TERRITORY}).json()["relations"]
    charlie_relations = charlie_client.get(METRICS, {"territory": TERRITORY}).json()["relations"]
    visitor_relations = Client().get(METRICS, {"territory": TERRITORY}).json()["relations"]
    # alice sees her private relation and her cooperation's; the others the public one only.
    assert (alice_relations, charlie_relations, visitor_relations) == (3, 1, 1)
    audiences = sorted(NetworkMetrics.objects.values_list("audience", "created_by__username"))
    assert audiences == [("public", None), ("user", "alice"), ("user", "charlie")]


def test_a_private_cooperation_figures_never_reach_a_non_member(
    alice, alice_client, charlie_client
):
    system = actor_system(alice)
    slug = system.cooperation.slug
    assert alice_client.get(f"/reseau/cooperation/{slug}/").status_code == 200
    assert NetworkMetrics.objects.filter(scope=f"cooperation:{slug}").exists()
    for client in (charlie_client, Client()):
        assert client.get(f"/reseau/cooperation/{slug}/").status_code == 404
        assert client.get(METRICS, {"cooperation": slug}).status_code == 404
    # Nothing was computed nor queued for them.
    assert NetworkMetrics.objects.filter(scope=f"cooperation:{slug}").count() == 1


def run(*args) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(list(args))
    return status, out.getvalue()


def test_refresh_metrics_computes_a_territory_then_only_what_changed(alice):
    system = actor_system(alice)
    status, out = run("network", "refresh-metrics", "--territory", TERRITORY)
    assert status == 0 and "2 network views recomputed" in out  # public and full views
    public = NetworkMetrics.objects.get(audience="public")
    assert public.figures["metrics"]["relations"] == 1
    assert NetworkMetrics.objects.get(audience="all").figures["metrics"]["relations"] == 3
    assert run("network", "refresh-metrics")[1].endswith("0 network views recomputed\n")
    make_relation(system.mairie, system.jardin, "funding", is_public=True)
    status, out = run("network", "refresh-metrics")
    assert status == 0 and "2 network views recomputed" in out
    assert NetworkMetrics.objects.get(audience="public").figures["metrics"]["relations"] == 2


def test_refresh_metrics_of_an_unknown_territory_exits_with_2(db):
    assert run("network", "refresh-metrics", "--territory", "epci:000000000")[0] == 2
