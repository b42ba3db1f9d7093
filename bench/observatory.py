"""Benchmark of the observatory of financings: its cells and distributions for a year over 10,000
opted-in cooperations holding 200,000 economic lines (180,000 resources, 20,000 costs), against
the promise that they aggregate in under a second on SQLite and on PostgreSQL.

Run from the repository root: `.venv/bin/python bench/observatory.py [--cooperations N]`.
Cooperations are synthetic, each on one commune drawn from all of France, with 18 resource lines
(families, forms and funding modes mixed; one line in ten a three-year convention, counted by
proration) and 2 cost lines, over 2023–2026.

Works on a throwaway database and never touches ./var, like bench/territories.py (whose helpers it
uses): SQLite in a temporary directory by default; with DATABASE_URL set to a PostgreSQL server, a
database named `terreau_bench_observatory` on that server, created and dropped by this script.

The baseline, measured in the same run on the same database: the trivial aggregate, one query
summing the year's confirmed resources per cooperation, read into a list. The ratio says what the
observatory adds: every dimension, proration, secrecy and the distributions.
"""

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import diagnosis
import territories
from territories import Table, median_seconds_within, step

territories.BENCH_DB = "terreau_bench_observatory"
YEAR = 2025
RESOURCES_EACH, COSTS_EACH = 18, 2
CHUNK = 5000
TARGET_S = 1.0


def insert(cooperation_count: int, rng: random.Random) -> None:
    from terreau.actors.models import Actor
    from terreau.cooperations.models import Cooperation
    from terreau.core.taxonomies import Carrier, CooperationType, EconomicModel, Stage
    from terreau.economy.models import Cost, Resource
    from terreau.economy.taxonomies import (
        FUNDING_MODE_OF_CATEGORY,
        CostCategory,
        Earmark,
        FundingMode,
        ResourceCategory,
        ResourceForm,
    )
    from terreau.territories.models import Commune

    communes = list(Commune.objects.filter(is_current=True).values_list("pk", flat=True))
    draw = diagnosis.ActorDraw(rng)
    diagnosis.insert_actors(draw, Commune.objects.filter(is_current=True), 2000, "O")
    actors = list(Actor.objects.values_list("pk", flat=True))
    step(f"inserting {cooperation_count:,} opted-in cooperations")
    Cooperation.objects.bulk_create(
        [
            Cooperation(
                name=f"Coopération {n}",
                slug=f"cooperation-{n}",
                aim="Banc d'essai",
                territory_ref="france",
                cooperation_type=rng.choice(CooperationType.values),
                economic_model=rng.choice(EconomicModel.values),
                carrier=rng.choice(Carrier.values),
                stage=rng.choice(Stage.values),
                legal_form="informal",
                observatory=True,
            )
            for n in range(cooperation_count)
        ],
        batch_size=CHUNK,
    )
    ids = list(Cooperation.objects.values_list("pk", flat=True))
    through = Cooperation.communes.through
    through.objects.bulk_create(
        [through(cooperation_id=pk, commune_id=rng.choice(communes)) for pk in ids],
        batch_size=CHUNK,
    )
    step(f"inserting {len(ids) * (RESOURCES_EACH + COSTS_EACH):,} economic lines")
    categories = ResourceCategory.values
    resources, costs = [], []
    for pk in ids:
        for _n in range(RESOURCES_EACH):
            category = rng.choice(categories)
            form = ResourceForm.MONEY
            if category in ("member_in_kind", "skills_sponsorship"):
                form = ResourceForm.IN_KIND
            hours = value = None
            if category in ("member_time", "volunteering"):
                form, hours, value = ResourceForm.TIME, Decimal(100), Decimal("15.00")
            year = rng.randint(2023, 2026)
            start, end = date(year, 1, 1), date(year, 12, 31)
            if rng.random() < 0.1:
                start, end = date(2023, 7, 1), date(2026, 6, 30)
            resources.append(
                Resource(
                    cooperation_id=pk,
                    label="Ligne",
                    category=category,
                    form=form,
                    amount=hours * value if hours else Decimal(rng.randint(100, 90_000)),
                    hours=hours,
                    hourly_value=value,
                    source_id=rng.choice(actors) if rng.random() < 0.7 else None,
                    start_date=start,
                    end_date=end,
                    funding_mode=FUNDING_MODE_OF_CATEGORY.get(category, FundingMode.OTHER),
                    earmark=Earmark.ANIMATION if rng.random() < 0.2 else "",
                    status=rng.choice(["agreed", "received", "received", "expected"]),
                )
            )
        for _n in range(COSTS_EACH):
            year = rng.randint(2023, 2026)
            costs.append(
                Cost(
                    cooperation_id=pk,
                    label="Charge",
                    category=rng.choice([CostCategory.ANIMATION, CostCategory.STAFF]),
                    amount=Decimal(rng.randint(1000, 60_000)),
                    start_date=date(year, 1, 1),
                    end_date=date(year, 12, 31),
                )
            )
    Resource.objects.bulk_create(resources, batch_size=CHUNK)
    Cost.objects.bulk_create(costs, batch_size=CHUNK)


def analyze() -> None:
    """On PostgreSQL, the planner statistics autovacuum gathers within minutes of a large insert
    (without them it scans an index whole); SQLite keeps none unless asked, nor does Terreau."""
    from django.db import connection

    if connection.vendor == "postgresql":
        step("VACUUM ANALYZE, as autovacuum does after a large insert")
        diagnosis.vacuum_analyze()


def cpu_seconds(fn, runs: int = 3) -> float:
    durations = []
    for _run in range(runs):
        start = time.process_time()
        fn()
        durations.append(time.process_time() - start)
    return min(durations)


def baseline(year: int) -> list:
    from django.db.models import Sum

    from terreau.economy.models import Resource
    from terreau.economy.taxonomies import CONFIRMED_STATUSES

    return list(
        Resource.objects.filter(
            status__in=CONFIRMED_STATUSES,
            start_date__lte=date(year, 12, 31),
            end_date__gte=date(year, 1, 1),
        )
        .values("cooperation_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cooperations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with territories.bench_environment("observatory"):
        from django.conf import settings

        from terreau.observatory.queries import observe
        from terreau.territories.refs import resolve
        from terreau.territories.services import geography_load

        step("loading the geography (geography_load)")
        geography_load(package_dir=Path(settings.TERREAU_GEO_PACKAGE_DIR))
        insert(args.cooperations, random.Random(args.seed))
        analyze()
        region = resolve("region:32")
        cases = [
            ("trivial aggregate (baseline)", lambda: baseline(YEAR)),
            (f"observatory, France, {YEAR}", lambda: observe(None, YEAR)),
            (f"observatory, région 32, {YEAR}", lambda: observe(region, YEAR)),
            ("observatory, France, every year (4)", lambda: observe(None, None)),
        ]
        step("timing each case (median of 3 to 7 runs after a warm-up)")
        measured = [
            (label, *median_seconds_within(fn, budget_s=10, least=3, most=7), cpu_seconds(fn))
            for label, fn in cases
        ]
        observation = observe(None, YEAR)
        shown = sum(not cell["suppressed"] for cell in observation.cells)
        base = measured[0][1]
        table = Table(
            f"Observatory over {args.cooperations:,} cooperations and "
            f"{args.cooperations * (RESOURCES_EACH + COSTS_EACH):,} lines "
            f"({len(observation.cells):,} cells in {YEAR}, {shown:,} shown)",
            ["case", "seconds", "runs", "× baseline", f"under {TARGET_S:g} s", "CPU s"],
        )
        for label, seconds, runs, cpu in measured:
            table.add(
                label,
                f"{seconds:.3f}",
                runs,
                f"{seconds / base:.1f}",
                territories.yes_no(seconds < TARGET_S) if label.startswith("observatory") else "",
                f"{cpu:.3f}",
            )
        table.print()
        print(
            "CPU s: the least processor time of this process over 3 runs (SQLite runs inside it; "
            "PostgreSQL's own work is not counted): what a busy shared machine changes least."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
