"""Network metrics computed by a background job and served from the database.

Computing the metrics of a département's network takes tens of seconds (reading 500,000
relations, betweenness), far beyond a page's time. So pages, the API and `terreau network
refresh-metrics` never compute them inline: they read the `NetworkMetrics` row of the view asked
for, and queue its job when the row is missing or stale.

- A view is a scope (a territory or a cooperation), an audience, filters and a language, hashed
  into the row's `key`. The audience is what the reader may see: `public` (visitors), `all`
  (staff and the command line see every actor and relation) or `user` (a signed-in person: their
  own private relations and their cooperations' show, so the row is theirs, `created_by`). A
  row is only ever served to a reader of its audience, after the page checked their access to
  the scope: a private cooperation's figures never reach a non-member.
- The data version of a scope (`data_version`) is a digest of counts and latest changes of what
  its network is read from — actors located in it (or members), relations touching it,
  cooperations and memberships, plus `NetworkRevision`, raised by edits in place that change no
  count. A row computed from another version is stale: it is still shown, with its date, while
  the job computes fresher figures.
- One job per view at a time: queuing claims the row by its run number (`core.cached.claim`),
  so that two visits of a stale page do not queue the same work twice. The mechanism is shared
  with the partner suggestions' cache (`core.cached`).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone, translation

from terreau.actors.models import Actor
from terreau.cooperations.models import Cooperation, Member, Relation
from terreau.core import cached
from terreau.core.cached import in_progress, summary
from terreau.core.jobs import JobFailed
from terreau.core.models import Job
from terreau.core.taxonomies import RelationKind
from terreau.network import drawing
from terreau.network.graph import NO_FILTER, NetworkFilters
from terreau.network.metrics import network_metrics
from terreau.network.models import NetworkMetrics
from terreau.network.queries import accessible_cooperation, cooperation_network, territory_network
from terreau.network.revision import revision
from terreau.territories.refs import TerritoryRefError, resolve

PUBLIC, ALL, USER = "public", "all", "user"


@dataclass(frozen=True)
class Scope:
    """A territory (any object of `territories.refs.resolve`) or a cooperation."""

    territory: object = None
    cooperation: Cooperation | None = None

    @property
    def name(self) -> str:
        if self.cooperation is not None:
            return f"cooperation:{self.cooperation.slug}"
        return f"territory:{self.territory.ref}"


def audience_of(user) -> str:
    if user is None or (user.is_authenticated and user.is_staff):
        return ALL
    return USER if user.is_authenticated else PUBLIC


def view_key(scope: Scope, *, audience: str, user, filters: NetworkFilters, language: str) -> str:
    reader = user.pk if audience == USER else ""
    parts = [scope.name, audience, str(reader), language, filters.as_dict()]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def data_version(scope: Scope) -> str:
    """A digest that changes when anything the scope's network is read from changes (see the
    module's docstring): a few aggregate queries on indexed columns."""
    if scope.cooperation is not None:
        cooperation = scope.cooperation
        members = Member.objects.filter(cooperation=cooperation)
        member_actors = members.values("actor_id")
        actors = Actor.objects.filter(pk__in=member_actors)
        relations = Relation.objects.filter(
            Q(cooperation=cooperation) | Q(source__in=member_actors, target__in=member_actors)
        )
        cooperations = Cooperation.objects.filter(pk=cooperation.pk)
        extra = []
    else:
        territory = scope.territory
        communes = territory.communes()
        actors = Actor.objects.filter(commune__in=communes)
        relations = Relation.objects.filter(
            Q(source__commune__in=communes) | Q(target__commune__in=communes)
        )
        cooperations = Cooperation.objects.in_territory(territory)
        members = Member.objects.filter(cooperation__in=cooperations)
        extra = [str(getattr(territory, "updated_at", ""))]
    parts = [
        summary(actors, "updated_at"),
        summary(relations, "pk"),
        summary(cooperations, "updated_at"),
        summary(members, "pk"),
        revision(),
        *extra,
    ]
    return cached.digest(parts)


class Served(cached.Served):
    """What a page or the API shows: the latest figures (None before the first computation)
    with their date, whether they match the data now, and whether fresher ones are coming."""

    @property
    def figures(self) -> dict | None:
        return self.row.figures or None


def served(scope: Scope, *, user, filters: NetworkFilters = NO_FILTER) -> Served:
    """The cached figures of the view, queuing their computation when they are missing or stale
    (the caller checked the user's access to the scope)."""
    audience = audience_of(user)
    language = translation.get_language() or ""
    key = view_key(scope, audience=audience, user=user, filters=filters, language=language)
    row = NetworkMetrics.objects.filter(key=key).first()
    if row is None:
        row = cached.create(
            NetworkMetrics,
            key,
            scope=scope.name,
            audience=audience,
            filters=filters.as_dict(),
            filtered=filters != NO_FILTER,
            created_by=user if audience == USER else None,
        )
    answer = cached.serve(row, version=data_version(scope), work=metrics_work)
    return Served(row=answer.row, fresh=answer.fresh)


def metrics_work(job: NetworkMetrics, progress) -> dict:
    """The job: read the network as its audience sees it, compute the figures, keep them."""
    user = {PUBLIC: AnonymousUser(), ALL: None}.get(job.audience, job.created_by)
    filters = _filters(job.filters)
    kind, _sep, name = job.scope.partition(":")
    if kind == "cooperation":
        cooperation = accessible_cooperation(name, user=user)
        if cooperation is None:
            raise JobFailed(translation.gettext("Cette coopération n'est plus accessible."))
        scope = Scope(cooperation=cooperation)
        version = data_version(scope)
        network = cooperation_network(cooperation, user=user, filters=filters)
    else:
        try:
            scope = Scope(territory=resolve(name, user=user))
        except TerritoryRefError as error:
            raise JobFailed(str(error)) from error
        version = data_version(scope)
        network = territory_network(scope.territory, user=user, filters=filters)
    progress(0, 1)
    metrics = network_metrics(network)
    figures = {
        "metrics": metrics,
        "graph": drawing.cytoscape_elements(network),
        "relations": [_stored_relation(row) for row in drawing.relation_list(network)],
    }
    now = timezone.now()
    NetworkMetrics.objects.filter(pk=job.pk, run=job.run).update(
        figures=figures, computed_at=now, data_version=version
    )
    progress(1, 1)
    return {"nodes": metrics["nodes"], "relations": metrics["relations"]}


def _filters(stored: dict) -> NetworkFilters:
    return NetworkFilters(
        kinds=tuple(stored.get("kinds") or ()),
        start=date.fromisoformat(stored["from"]) if stored.get("from") else None,
        end=date.fromisoformat(stored["to"]) if stored.get("to") else None,
    )


def _stored_relation(relation: dict) -> dict:
    return {
        "source": relation["source"].as_dict(),
        "target": relation["target"].as_dict(),
        "kind": relation["kind_value"],
        "directed": relation["directed"],
        "started_on": relation["started_on"].isoformat() if relation["started_on"] else None,
        "ended_on": relation["ended_on"].isoformat() if relation["ended_on"] else None,
    }


def shown_relations(stored: list[dict]) -> list[dict]:
    """The stored relation list as the page shows it: kinds in words, dates as dates."""
    return [
        relation
        | {
            "kind": RelationKind(relation["kind"]).label,
            "started_on": date.fromisoformat(relation["started_on"])
            if relation["started_on"]
            else None,
            "ended_on": date.fromisoformat(relation["ended_on"]) if relation["ended_on"] else None,
        }
        for relation in stored
    ]


def refresh(*, territory=None, force: bool = False) -> list[NetworkMetrics]:
    """`terreau network refresh-metrics`, the scheduled job: compute now, here, the public and
    full views without filters of every scope already cached (and of `territory`, created if
    missing; only those with it) whose figures are stale (every one with `force`). Other views —
    a person's, a filtered one — are refreshed on their next visit."""
    rows = NetworkMetrics.objects.filter(audience__in=[PUBLIC, ALL], filtered=False)
    if territory is not None:
        scope = Scope(territory=territory)
        for audience, user in ((PUBLIC, AnonymousUser()), (ALL, None)):
            language = settings.LANGUAGE_CODE
            key = view_key(
                scope, audience=audience, user=user, filters=NO_FILTER, language=language
            )
            cached.create(
                NetworkMetrics,
                key,
                scope=scope.name,
                audience=audience,
                filters=NO_FILTER.as_dict(),
                language=language,
            )
        rows = rows.filter(scope=scope.name)
    done = []
    for row in rows.order_by("scope", "audience", "language"):
        if in_progress(row) or not (force or _stale(row)):
            continue
        if (job := cached.refresh_now(row, metrics_work)) is not None:
            done.append(job)
    return done


def prunable(before) -> list[int]:
    """The rows computed before `before` (or never, created before) whose data changed since,
    or whose territory or cooperation is gone (`core.pruning`); one data version per scope."""
    rows = NetworkMetrics.objects.exclude(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    rows = rows.filter(Q(computed_at__lt=before) | Q(computed_at=None, created_at__lt=before))
    versions: dict[str, str | None] = {}
    found = []
    for pk, scope, version in rows.values_list("pk", "scope", "data_version"):
        if scope not in versions:
            versions[scope] = _current_version(scope)
        if versions[scope] != version:
            found.append(pk)
    return found


def _current_version(scope: str) -> str | None:
    """The data version of a scope by its name now; None when it is gone."""
    kind, _sep, name = scope.partition(":")
    if kind == "cooperation":
        cooperation = Cooperation.objects.filter(slug=name).first()
        return None if cooperation is None else data_version(Scope(cooperation=cooperation))
    try:
        return data_version(Scope(territory=resolve(name, user=None)))
    except TerritoryRefError:
        return None


def _stale(row: NetworkMetrics) -> bool:
    kind, _sep, name = row.scope.partition(":")
    if kind == "cooperation":
        cooperation = Cooperation.objects.filter(slug=name).first()
        if cooperation is None:
            return False  # deleted: nothing to compute, nobody is shown the row
        return row.data_version != data_version(Scope(cooperation=cooperation))
    try:
        return row.data_version != data_version(Scope(territory=resolve(name, user=None)))
    except TerritoryRefError:
        return False
