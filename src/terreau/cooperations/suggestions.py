"""Partner suggestions of cooperations on large territories, computed by a background job and
kept (issue 16), with the mechanism of the network metrics (`core.cached`).

`queries.partner_suggestions` is one SQL query scoring every actor of the cooperation's
territory: a few milliseconds on a commune or an EPCI, over 300 ms on a région of 200,000 actors
(bench/national.py). So when the territory counts at least TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES
communes, the cooperation page reads a `PartnerSuggestions` row instead, and queues its job when
it is missing or stale; below, the page computes them as before.

- A row is the suggestions of one cooperation for one reader: staff (audience `all`, every
  actor) share a row, a member's is theirs (`created_by`: the actors they may see). It keeps the
  KEPT best, the length of the API's list; the cooperation page shows the first 10 of the same
  row. Only the page and the API (`/api/v1/cooperations/{slug}/partners`, with `computed_at`)
  read it, after checking the reader is a member.
- Data version: the cooperation (its issues and territory, `updated_at`), the count and latest
  change of the actors of the territory and of its members (an actor's visibility or resources
  edited from its form change its `updated_at`), the count and greatest id of its members, its
  relations and the resources of those actors.
- What is kept: actor ids, scores and reasons (life functions, resource ids), best first. Shown
  again, actors are read with the reader's rights now: one made private or deleted since drops
  out of the list.
- `terreau cooperations refresh-suggestions` (scheduled, docs/deployment.md) recomputes the rows
  whose data changed, as their readers, while they are still members.
"""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from terreau.actors.models import Actor, ActorResource
from terreau.cooperations.models import Cooperation, Member, PartnerSuggestions
from terreau.cooperations.queries import PartnerSuggestion, partner_suggestions
from terreau.core import cached
from terreau.core.cached import Served, digest, summary
from terreau.core.jobs import JobFailed
from terreau.core.models import Job
from terreau.core.taxonomies import LifeFunction
from terreau.territories.refs import TerritoryRefError, resolve

ALL, USER = "all", "user"
KEPT = 20  # suggestions kept per row: the API's list; the page shows the first ones


@dataclass
class Suggestions:
    """What the cooperation page shows: the suggestions, and for a large territory the kept row
    they come from (its date, whether fresher ones are coming); `cache` is None when they were
    computed for this page."""

    suggestions: list[PartnerSuggestion]
    cache: Served | None = None

    @property
    def waiting(self) -> bool:
        """Not computed yet: the page says they are on their way."""
        return self.cache is not None and self.cache.computed_at is None


def large_territory(cooperation: Cooperation):
    """The cooperation's territory when it counts enough communes for its suggestions to be
    kept (TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES), else None."""
    try:
        territory = resolve(cooperation.territory_ref, user=None)
    except TerritoryRefError:
        return None
    if territory.communes().count() < settings.TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES:
        return None
    return territory


def page_suggestions(cooperation: Cooperation, *, user, limit: int = 10) -> Suggestions:
    """The `limit` best partner suggestions a member sees on the cooperation page or in the API
    (the caller checked the role): computed now on a small territory, else read from their kept
    row (the KEPT best, or `limit` if more)."""
    territory = large_territory(cooperation)
    if territory is None:
        return Suggestions(partner_suggestions(cooperation, user=user, limit=limit))
    audience = ALL if user.is_staff else USER
    kept = max(limit, KEPT)
    key = suggestions_key(cooperation, audience=audience, user=user, limit=kept)
    row = PartnerSuggestions.objects.filter(key=key).first() or cached.create(
        PartnerSuggestions,
        key,
        cooperation=cooperation,
        audience=audience,
        limit=kept,
        created_by=user if audience == USER else None,
    )
    answer = cached.serve(row, version=data_version(cooperation, territory), work=suggestions_work)
    return Suggestions(shown(answer.row.suggestions, user=user)[:limit], answer)


def suggestions_key(cooperation: Cooperation, *, audience: str, user, limit: int) -> str:
    reader = user.pk if audience == USER else ""
    parts = [cooperation.pk, audience, reader, limit]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def data_version(cooperation: Cooperation, territory) -> str:
    """A digest that changes when anything the suggestions are read from changes (see the
    module's docstring): a few aggregate queries on indexed columns."""
    communes = territory.communes()
    members = Member.objects.filter(cooperation=cooperation)
    member_actors = members.values("actor_id")
    resources = ActorResource.objects.filter(
        Q(actor__commune__in=communes) | Q(actor__in=member_actors)
    )
    parts = [
        cooperation.territory_ref,
        cooperation.life_functions,
        cooperation.updated_at,
        summary(Actor.objects.filter(commune__in=communes), "updated_at"),
        summary(Actor.objects.filter(pk__in=member_actors), "updated_at"),
        summary(members, "pk"),
        summary(cooperation.relations.all(), "pk"),
        summary(resources, "pk"),
    ]
    return digest(parts)


def suggestions_work(job: PartnerSuggestions, progress) -> dict:
    """The job: the suggestions as the row's reader sees them, kept with their version."""
    cooperation = Cooperation.objects.filter(pk=job.cooperation_id).first()
    reader = job.created_by  # None: staff's view, every actor
    if cooperation is None or (reader is not None and cooperation.role_of(reader) is None):
        raise JobFailed(gettext("Cette coopération n'est plus accessible."))
    territory = large_territory(cooperation)
    if territory is None:  # the territory shrank: the page computes them itself now
        return {"suggestions": 0}
    progress(0, 1)
    version = data_version(cooperation, territory)
    found = partner_suggestions(cooperation, user=reader, limit=job.limit)
    kept = [
        {
            "actor": suggestion.actor.pk,
            "score": suggestion.score,
            "life_functions": [function.value for function in suggestion.life_functions],
            "resources": [resource.pk for resource in suggestion.resources],
        }
        for suggestion in found
    ]
    PartnerSuggestions.objects.filter(pk=job.pk, run=job.run).update(
        suggestions=kept, computed_at=timezone.now(), data_version=version
    )
    progress(1, 1)
    return {"suggestions": len(kept)}


def shown(kept: list[dict], *, user) -> list[PartnerSuggestion]:
    """Kept suggestions as the page shows them: actors read with the reader's rights now."""
    actors = (
        Actor.objects.visible_to(user)
        .select_related("commune")
        .in_bulk([row["actor"] for row in kept])
    )
    resources = ActorResource.objects.in_bulk([pk for row in kept for pk in row["resources"]])
    return [
        PartnerSuggestion(
            actor=actors[row["actor"]],
            score=row["score"],
            life_functions=[
                LifeFunction(value) for value in row["life_functions"] if value in LifeFunction
            ],
            resources=[resources[pk] for pk in row["resources"] if pk in resources],
        )
        for row in kept
        if row["actor"] in actors
    ]


def refresh(*, cooperation: Cooperation | None = None, force: bool = False) -> list:
    """`terreau cooperations refresh-suggestions`, the scheduled job: compute now, here, the kept
    suggestions whose data changed (every one with `force`), of `cooperation` only if given.
    Rows of readers who are no longer members are deleted, and rows of another length than KEPT
    (kept for the page alone before the API read them too), which nothing reads any more."""
    rows = PartnerSuggestions.objects.select_related("cooperation", "created_by")
    if cooperation is not None:
        rows = rows.filter(cooperation=cooperation)
    done = []
    for row in rows.order_by("cooperation__slug", "pk"):
        reader = row.created_by
        if row.limit != KEPT or (reader is not None and row.cooperation.role_of(reader) is None):
            row.delete()
            continue
        territory = large_territory(row.cooperation)
        if territory is None or cached.in_progress(row):
            continue
        if not force and row.data_version == data_version(row.cooperation, territory):
            continue
        if (job := cached.refresh_now(row, suggestions_work)) is not None:
            done.append(job)
    return done


def prunable(before) -> list[int]:
    """The rows computed before `before` (or never, created before) whose data changed since,
    or whose territory is no longer large (`core.pruning`); one data version per cooperation."""
    rows = PartnerSuggestions.objects.exclude(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    rows = rows.filter(Q(computed_at__lt=before) | Q(computed_at=None, created_at__lt=before))
    versions: dict[int, str | None] = {}
    found = []
    for row in rows.select_related("cooperation").only("pk", "data_version", "cooperation"):
        if row.cooperation_id not in versions:
            territory = large_territory(row.cooperation)
            versions[row.cooperation_id] = (
                None if territory is None else data_version(row.cooperation, territory)
            )
        if versions[row.cooperation_id] != row.data_version:
            found.append(row.pk)
    return found
