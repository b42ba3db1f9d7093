"""The read replica router (core/replica.py): the pages and exports of GET requests read from the
replica, writes, jobs, sessions and everything outside a request from the primary; a visitor who
wrote is pinned to the primary for a while. The replica is a second alias on the same test
database (the same connection: what is read is the same, where it is routed is what is tested)."""

import pytest
from django.db import connections

from terreau.actors.models import Actor
from terreau.core import replica as replica_module
from terreau.core.replica import PIN_COOKIE, REPLICA, ReplicaRouter
from tests.cooperations.factories import make_actor, make_cooperation

pytestmark = pytest.mark.django_db


@pytest.fixture
def replica(settings, monkeypatch):
    """DATABASE_REPLICA_URL pointing to the primary: the alias, the router, and a record of
    where each read of a model went."""
    connections.settings[REPLICA] = dict(connections["default"].settings_dict)
    connections[REPLICA] = connections["default"]
    settings.DATABASE_ROUTERS = ["terreau.core.replica.ReplicaRouter"]
    reads: list[tuple[str, str]] = []
    routed = ReplicaRouter.db_for_read

    def recording(self, model, **hints):
        alias = routed(self, model, **hints)
        reads.append((model._meta.label, alias))
        return alias

    monkeypatch.setattr(ReplicaRouter, "db_for_read", recording)
    yield reads
    del connections[REPLICA]
    del connections.settings[REPLICA]


def read_from(reads, label: str) -> set[str]:
    return {alias for model, alias in reads if model == label}


def test_pages_read_from_the_replica_and_sessions_jobs_from_the_primary(
    replica, alice, alice_client
):
    cooperation = make_cooperation(alice)
    replica.clear()
    page = alice_client.get(f"/cooperations/{cooperation.slug}/")
    assert page.status_code == 200
    assert page.context["cooperation"]._state.db == REPLICA
    assert read_from(replica, "cooperations.Cooperation") == {REPLICA}
    assert read_from(replica, "sessions.Session") == {"default"}
    assert read_from(replica, "auth.User") == {"default"}
    replica.clear()
    alice_client.get("/travaux/")
    assert read_from(replica, "core.PdfJob") == {"default"}


def test_a_visitor_who_wrote_reads_from_the_primary_for_a_while(replica, alice, alice_client):
    cooperation = make_cooperation(alice)
    url = f"/cooperations/{cooperation.slug}/modifier/"
    form = alice_client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple | set)
    }
    data["life_functions_list"] = ["food"]
    data["name"] = "Écopôle renommé"
    response = alice_client.post(url, data)
    assert response.cookies[PIN_COOKIE]["max-age"] == 10
    replica.clear()
    page = alice_client.get(f"/cooperations/{cooperation.slug}/")
    assert page.context["cooperation"]._state.db == "default"
    assert read_from(replica, "cooperations.Cooperation") == {"default"}


def test_a_streamed_export_reads_from_the_replica_and_commands_from_the_primary(
    replica, client, db
):
    make_actor("Épicerie", is_public=True)
    response = client.get("/acteurs/export.csv")
    assert response.streaming
    replica.clear()
    body = b"".join(response.streaming_content).decode()
    assert "Épicerie" in body
    assert read_from(replica, "actors.Actor") == {REPLICA}
    replica.clear()
    # Outside a request (the worker, the command line): the primary.
    assert Actor.objects.all().db == "default"
    assert replica_module._current.get() is None
