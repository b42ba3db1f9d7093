"""A read replica of the database (`DATABASE_REPLICA_URL`, docs/deployment.md): the pages and
exports of a web request read from it, everything else from the primary.

- Read from the replica: the `GET` and `HEAD` requests (`ReplicaMiddleware`), including what a
  streamed export reads while it is sent.
- From the primary: every write; the reads of a request once it wrote (a page creating a cache
  row reads it back); the requests of a visitor who wrote within the last
  TERREAU_REPLICA_PIN_SECONDS (a cookie: after "Enregistrer", the next page shows the change even
  if the replica lags); sessions, accounts, login attempts, Django's cache table and the task
  queue (small reads whose staleness would log people out or lose their place); background jobs
  of every kind (their pages follow a progress written seconds ago); and everything outside a
  web request — the worker, the command line, migrations.
Without `DATABASE_REPLICA_URL` the router is not installed and the middleware does nothing.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

from terreau.core.models import Job

REPLICA = "replica"
PIN_COOKIE = "terreau_primary"
SAFE_METHODS = {"GET", "HEAD"}
# Apps whose reads always go to the primary.
PRIMARY_APPS = {"sessions", "auth", "accounts", "axes", "django_cache", "django_tasks_db"}


@dataclass
class _Request:
    replica: bool  # reads may go to the replica
    wrote: bool = False


_current: ContextVar[_Request | None] = ContextVar("terreau_replica_request", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        request = _current.get()
        if request is None or not request.replica:
            return "default"
        return "default" if _primary_only(model) else REPLICA

    def db_for_write(self, model, **hints):
        request = _current.get()
        if request is not None and not _primary_only(model):
            # The request changed the data: it and the visitor's next ones read it back.
            request.replica, request.wrote = False, True
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _primary_only(model) -> bool:
    """Read from the primary whatever the request (and their writes — a session saved, a rate
    counted, a job queued — do not pin the visitor to the primary)."""
    return model._meta.app_label in PRIMARY_APPS or issubclass(model, Job)


class ReplicaMiddleware:
    """Lets the pages of `GET` and `HEAD` requests read from the replica, and pins to the
    primary, for TERREAU_REPLICA_PIN_SECONDS, a visitor whose request wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        state = _Request(
            replica=request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES
        )
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if response.streaming and state.replica:
            response.streaming_content = _within(state, response.streaming_content)
        if state.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.TERREAU_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _within(state: _Request, content):
    """A streamed response's chunks, read as the request that made it reads."""
    iterator = iter(content)
    while True:
        token = _current.set(state)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _current.reset(token)
        yield chunk
