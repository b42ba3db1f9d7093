"""Diagnosis figures of large territories, read from aggregates computed by a job.

Counting the actors of a région or of France one by one takes seconds at national scale (millions
of actors). So `terreau diagnosis refresh-aggregates` (scheduled, docs/deployment.md) counts the
**public** actors of each commune once, grouped by everything a diagnosis groups them by (kind,
legal form family, ESS, stored life functions, source file: `ActorAggregate`), and the diagnosis of
a large territory (`uses_aggregates`) sums those rows, saying when they were computed.

Nothing private is ever in the aggregates. What a viewer may see beyond the public actors — their
own private actors, or every private actor for staff and the command line — is counted live on top
(`Figures.live`): a viewer's figures are the same as if every actor were counted live, as of the
date of the aggregates.

Smaller territories (an EPCI, a commune) read the aggregates too, but only while no actor of theirs
changed since they were computed (`unchanged_since`: as many public actors as the aggregates count,
none saved or imported after their date): their figures are then those of a live count, and say
no date; otherwise they are counted live, as when the aggregates have never been computed.
Counting an EPCI of 25,000 actors live reads each actor's row (hundreds of milliseconds); the check
reads three indexes (bench/load.py).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from terreau.actors.models import Actor, life_functions_text
from terreau.core.jobs import job_run
from terreau.core.models import Job
from terreau.diagnosis.models import ActorAggregate, AggregateRefresh, CommuneFunctions
from terreau.territories.models import Level

# A territory of these levels, or of at least this many communes (a large project territory),
# is diagnosed from the aggregates when they have been computed.
AGGREGATE_LEVELS = {Level.DEPARTEMENT, Level.REGION, None}  # None: France
AGGREGATE_MIN_COMMUNES = 300

# What a diagnosis groups actors by (the columns of ActorAggregate that are not counts).
GROUPS = ("kind", "legal_form_family", "is_ess", "life_functions", "source", "source_name")


def latest_refresh() -> AggregateRefresh | None:
    """The latest computation of the aggregates that ended well, if any."""
    return (
        AggregateRefresh.objects.filter(status=Job.Status.DONE, computed_at__isnull=False)
        .order_by("-computed_at")
        .first()
    )


def uses_aggregates(territory) -> bool:
    if territory.level in AGGREGATE_LEVELS:
        return True
    return territory.communes().count() >= AGGREGATE_MIN_COMMUNES


@dataclass
class Figures:
    """Where a territory's actor figures are read from: `live`, the actors counted one by one
    (all those the viewer may see, or, over aggregates, only the private ones they may see), and
    `aggregates`, the aggregate rows of the territory's communes (None: everything is live)."""

    live: object
    aggregates: object = None
    computed_at: datetime | None = None
    served: object = None  # the CommuneFunctions rows of the territory, with `aggregates`

    def summary_rows(self) -> list[tuple]:
        """(kind, family, is_ess, life_functions, source, source_name, count, latest date)."""
        rows = list(
            self.live.order_by()
            .values_list(*GROUPS)
            .annotate(n=Count("id"), latest=Max("source_date"))
        )
        if self.aggregates is not None:
            rows += (
                self.aggregates.order_by()
                .values_list(*GROUPS)
                .annotate(n=Sum("actors"), latest=Max("latest_source_date"))
            )
        return rows

    def life_function_rows(self) -> list[tuple]:
        """(stored life functions, count)."""
        rows = list(self.live.order_by().values_list("life_functions").annotate(n=Count("id")))
        if self.aggregates is not None:
            rows += (
                self.aggregates.order_by().values_list("life_functions").annotate(n=Sum("actors"))
            )
        return rows

    def served_pairs(self) -> set[tuple]:
        """(commune id, stored life functions) of at least one actor."""
        pairs = set(self.live.order_by().values_list("commune_id", "life_functions").distinct())
        if self.served is not None:
            pairs |= set(self.served.order_by().values_list("commune_id", "life_functions"))
        return pairs

    def commune_counts(self, serving: Q | None) -> dict[int, int]:
        """Actors per commune id, of those matching `serving` (a condition on life_functions)."""
        live, aggregates = self.live, self.aggregates
        if serving is not None:
            live = live.filter(serving)
        counts = dict(live.order_by().values_list("commune_id").annotate(n=Count("id")))
        if aggregates is not None:
            if serving is not None:
                aggregates = aggregates.filter(serving)
            for commune_id, n in (
                aggregates.order_by().values_list("commune_id").annotate(n=Sum("actors"))
            ):
                counts[commune_id] = counts.get(commune_id, 0) + n
        return counts


def unchanged_since(communes, moment: datetime) -> bool:
    """Whether the public actors of `communes` are those the aggregates computed at `moment`
    counted: none saved (`updated_at`, also set on creation) or updated by an import
    (`source_date`) since, and as many as the aggregates count (none deleted or moved away).
    Like `data_version`, a bulk `update()` writing neither date is not seen."""
    actors = Actor.objects.filter(commune__in=communes)
    if actors.filter(Q(updated_at__gte=moment) | Q(source_date__gte=moment)).exists():
        return False
    counted = ActorAggregate.objects.filter(commune__in=communes).aggregate(n=Sum("actors"))["n"]
    return (counted or 0) == actors.filter(is_public=True).count()


def figures_for(territory, user, *, live_only: bool = False) -> Figures:
    """The figures of `territory` as `user` may see them (see the module's docstring)."""
    communes = territory.communes()
    visible = Actor.objects.visible_to(user).filter(commune__in=communes)
    refresh = None if live_only else latest_refresh()
    computed_at = refresh and refresh.computed_at
    if refresh is not None and not uses_aggregates(territory):
        # Read from the aggregates only when they are exact: the figures of now, undated.
        refresh = refresh if unchanged_since(communes, refresh.computed_at) else None
        computed_at = None
    if refresh is None:
        return Figures(live=visible)
    if user is None or (user.is_authenticated and user.is_staff):
        private = visible.filter(is_public=False)
    elif user.is_authenticated:
        private = visible.filter(is_public=False, created_by=user)
    else:
        private = Actor.objects.none()
    return Figures(
        live=private,
        aggregates=ActorAggregate.objects.filter(commune__in=communes),
        computed_at=computed_at,
        served=CommuneFunctions.objects.filter(commune__in=communes),
    )


def data_version() -> str:
    """A digest of the actor directory that changes with any actor added, deleted, saved
    (`updated_at`) or updated by an import (which writes `source_date`, not `updated_at`)."""
    figures = Actor.objects.aggregate(
        n=Count("id"), last=Max("id"), saved=Max("updated_at"), imported=Max("source_date")
    )
    parts = [figures[key] for key in ("n", "last", "saved", "imported")]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def refresh_work(job: AggregateRefresh, progress) -> dict:
    """The job: replace every aggregate row, in one transaction (readers keep the previous rows
    until it commits), with one INSERT … SELECT grouped by commune and `GROUPS`."""
    progress(0, 1)
    with transaction.atomic():
        computed_at, version = timezone.now(), data_version()
        ActorAggregate.objects.all().delete()
        grouped = (
            Actor.objects.filter(is_public=True, commune__isnull=False)
            .order_by()
            .values("commune_id", *GROUPS)
            .annotate(n=Count("id"), latest=Max("source_date"))
        )
        select, params = grouped.query.sql_with_params()
        table = connection.ops.quote_name(ActorAggregate._meta.db_table)
        columns = ", ".join(
            connection.ops.quote_name(name)
            for name in ("commune_id", *GROUPS, "actors", "latest_source_date")
        )
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)
        rows = ActorAggregate.objects.count()
        CommuneFunctions.objects.all().delete()
        CommuneFunctions.objects.bulk_create(_served_by_commune(), batch_size=2000)
        AggregateRefresh.objects.filter(pk=job.pk, run=job.run).update(
            computed_at=computed_at, data_version=version
        )
    progress(1, 1)
    return {"rows": rows, "computed_at": computed_at.isoformat()}


def _served_by_commune() -> list[CommuneFunctions]:
    """One row per commune with aggregates: the life functions its public actors serve."""
    served: dict[int, set[str]] = {}
    pairs = ActorAggregate.objects.order_by().values_list("commune_id", "life_functions")
    for commune_id, stored in pairs.distinct():
        served.setdefault(commune_id, set()).update(stored.split())
    return [
        CommuneFunctions(commune_id=commune_id, life_functions=life_functions_text(sorted(keys)))
        for commune_id, keys in served.items()
    ]


def refresh(*, force: bool = False) -> AggregateRefresh | None:
    """`terreau diagnosis refresh-aggregates`, the scheduled job: compute the aggregates now, here,
    unless the actor directory has not changed since the latest computation (always with
    `force`). None when they were up to date."""
    latest = latest_refresh()
    if not force and latest is not None and latest.data_version == data_version():
        return None
    work = f"{refresh_work.__module__}.{refresh_work.__qualname__}"
    job = AggregateRefresh.objects.create(work=work, status=Job.Status.QUEUED)
    job_run(job, refresh_work)
    if job.status != Job.Status.DONE:
        return job
    AggregateRefresh.objects.filter(status=Job.Status.DONE).exclude(pk=job.pk).delete()
    job.refresh_from_db()
    return job
