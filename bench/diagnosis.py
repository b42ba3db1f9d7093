"""Benchmark of the diagnosis: the état des lieux of a département with 100,000 actors, compared
with its région.

Run from the repository root: `.venv/bin/python bench/diagnosis.py [--actors N] [--others N]
[--needs N]`. The actors are synthetic, drawn like bench/make_sirene.py draws establishments
(communes weighted by population, national-looking legal forms and NAF codes), and classified the
way the importer classifies them (kind, legal form family, ESS flag, life functions from the NAF
code); the needs are recorded across the comparison territory, so that the diagnosis rolls some up.

Works on a throwaway database and never touches ./var, like bench/territories.py (whose helpers it
uses): SQLite in a temporary directory by default; with DATABASE_URL set to a PostgreSQL server, a
database on that server named by `--database` (default `terreau_bench_diagnosis`), created and
dropped by this script (the database named in DATABASE_URL is only used to connect, and left
untouched unless it is the one named by `--database`).

Every figure is printed next to a baseline measured in the same run on the same machine and
database: one plain aggregate query over the same rows. See bench/README.md.
"""

import argparse
import random
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import make_sirene
import territories
from territories import (
    Table,
    median_seconds_within,
    step,
    timed,
    yes_no,
)

# The only PostgreSQL database this script creates or drops (the other benches use their own).
territories.BENCH_DB = "terreau_bench_diagnosis"
DEFAULT_TERRITORY = "departement:62"  # Pas-de-Calais: 890 communes, 1.46 million inhabitants
DEFAULT_COMPARISON = "region:32"  # Hauts-de-France: 3,782 communes, 6 million inhabitants
DIAGNOSIS_TARGET_S = 1.0  # "computed in under 1 second on PostgreSQL and on SQLite"
CHUNK = 20_000  # actors built in memory before being written
SOURCE_DATE = datetime(2025, 1, 1, tzinfo=UTC)
# Where the actors come from (sources() groups by source and file name): SIRENE, except the
# actors entered by hand (no legal form) and part of the associations, imported from the RNA.
SIRENE_FILE, RNA_FILE = "StockEtablissement_utf8.csv", "rna_waldec.csv"
NO_LEGAL_FORM_RATE = 0.01  # collectives entered by hand: informal groups
RNA_RATE = 0.4  # associations imported from the RNA rather than SIRENE
# Share of associations whose NAF code serves no life function that get some from their stated
# purpose, as the RNA import does (94.99Z "other organisations" serves none).
ASSOCIATION_PURPOSE_RATE = 0.7
# Where the needs are recorded, across the comparison territory: mostly communes.
NEED_LEVELS = {"commune": 0.6, "epci": 0.25, "departement": 0.1, "whole": 0.05}


# --- Synthetic actors ----------------------------------------------------------------------------
class ActorDraw:
    """Field values of synthetic actors, drawn with make_sirene's weights and classified by
    terreau.actors.classification, as actors_import would classify SIRENE rows."""

    def __init__(self, rng: random.Random) -> None:
        from terreau.core.taxonomies import LifeFunction

        self.rng = rng
        self.legal_form = make_sirene._legal_form_draw(rng)
        self.naf = make_sirene._naf_draws(rng)
        self.life_functions = [member.value for member in LifeFunction]
        self.classified: dict[tuple, dict] = {}

    def _classify(self, form: str, naf: str, ess: bool) -> dict:
        from terreau.actors import classification

        key = (form, naf, ess)
        if key not in self.classified:
            family = classification.ess_family_for(form or None)
            is_ess = ess or family != ""
            self.classified[key] = {
                "legal_form_family": family,
                "is_ess": is_ess,
                "kind": classification.actor_kind_for(legal_form_code=form or None, ess=is_ess),
                "life_functions": classification.life_functions_for_naf(naf),
            }
        return self.classified[key]

    def __call__(self) -> dict:
        from terreau.actors.models import life_functions_text

        rand = self.rng.random
        if rand() < NO_LEGAL_FORM_RATE:
            form, naf, ess = "", "", False
        else:
            form = self.legal_form()
            natural = form == "1000"
            profile = make_sirene.NAF_PROFILE_BY_FORM.get(
                form, "natural_person" if natural else "general"
            )
            naf = self.naf[profile]()
            ess = not natural and (
                form.startswith(make_sirene.ESS_FORMS_PREFIXES)
                or profile in ("cooperative", "mutual")
                or rand() < 0.003
            )
        values = dict(self._classify(form, naf, ess))
        functions = values["life_functions"]
        if not functions and values["kind"] == "association" and rand() < ASSOCIATION_PURPOSE_RATE:
            functions = self.rng.sample(self.life_functions, 1 + int(rand() * 2))
        values["life_functions"] = life_functions_text(functions)
        if not form:
            source, source_name = "manual", ""
        elif values["kind"] == "association" and rand() < RNA_RATE:
            source, source_name = "rna", RNA_FILE
        else:
            source, source_name = "sirene", SIRENE_FILE
        return values | {
            "legal_form_code": form,
            "naf_code": naf,
            "source": source,
            "source_name": source_name,
            "source_date": SOURCE_DATE if source != "manual" else None,
        }


def insert_actors(draw: ActorDraw, communes, count: int, label: str) -> None:
    """Insert `count` actors in `communes` (a Commune queryset), drawn weighted by population, with
    terreau.core.bulk.insert_objects, in chunks."""
    from terreau.actors.models import Actor
    from terreau.core.bulk import insert_objects

    rows = list(communes.values_list("pk", "population"))
    place = make_sirene.Draw(draw.rng, [pk for pk, _p in rows], [p or 0 for _pk, p in rows])
    for start in range(0, count, CHUNK):
        objs = []
        for n in range(start, min(start + CHUNK, count)):
            values = draw()
            name = f"ACTEUR {label} {n}"
            objs.append(Actor(name=name, search_name=name.lower(), commune_id=place(), **values))
        insert_objects(Actor, objs)


def insert_needs(rng: random.Random, comparison, count: int) -> None:
    """`count` needs recorded across the comparison territory, most on communes, the others on
    EPCI, départements and the territory itself, each naming up to three actors: the diagnosis
    rolls up those lying inside the diagnosed territory."""
    from django.contrib.auth import get_user_model

    from terreau.actors.models import Actor
    from terreau.diagnosis.models import Need

    author = get_user_model().objects.create(username="bench")
    rows = list(comparison.communes().values_list("code", "epci__code", "departement__code"))
    refs = {
        "commune": [f"commune:{code}" for code, _epci, _dep in rows],
        "epci": sorted({f"epci:{epci}" for _code, epci, _dep in rows if epci}),
        "departement": sorted({f"departement:{dep}" for _code, _epci, dep in rows}),
        "whole": [comparison.ref],
    }
    levels, weights = zip(*NEED_LEVELS.items(), strict=True)
    needs = Need.objects.bulk_create(
        Need(
            territory_ref=rng.choice(refs[rng.choices(levels, weights)[0]]),
            title=f"BESOIN {n}",
            author=author,
            is_public=rng.random() < 0.5,
            channel="workshop",
            voiced_on=SOURCE_DATE.date(),
            priority=rng.choice(["high", "medium", "low"]),
        )
        for n in range(count)
    )
    actor_ids = list(Actor.objects.values_list("pk", flat=True))
    Link = Need.actors.through
    Link.objects.bulk_create(
        Link(need_id=need.pk, actor_id=actor_id)
        for need in needs
        for actor_id in rng.sample(actor_ids, rng.randint(0, 3))
    )


def load_data(ref: str, comparison_ref: str, actors: int, others: int, needs: int, seed: int):
    from django.conf import settings

    from terreau.territories.refs import resolve
    from terreau.territories.services import geography_load

    step("loading the geography (geography_load)")
    geography_load(package_dir=Path(settings.TERREAU_GEO_PACKAGE_DIR))
    territory, comparison = resolve(ref), resolve(comparison_ref)
    rest = comparison.communes().exclude(pk__in=territory.communes().values("pk"))
    draw = ActorDraw(random.Random(seed))
    step(f"inserting {actors:,} actors in {ref} and {others:,} in the rest of {comparison_ref}")
    seconds, _ = timed(
        lambda: (
            insert_actors(draw, territory.communes(), actors, "T"),
            insert_actors(draw, rest, others, "C"),
        )
    )
    print(f"  inserted {actors + others:,} actors in {seconds:.1f} s", flush=True)
    step(f"inserting {needs:,} needs across {comparison_ref}")
    insert_needs(random.Random(seed), comparison, needs)


def autovacuum() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return cursor.fetchone()[0]


def vacuum_analyze() -> None:
    """What autovacuum does on PostgreSQL within minutes of a large import: planner statistics
    (ANALYZE) and the visibility map that allows index-only scans (VACUUM)."""
    from django.db import connection

    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        cursor.execute("VACUUM ANALYZE")


# --- Measures ------------------------------------------------------------------------------------
def median_ms(fn, *, budget_s: float = 3.0, least: int = 5, most: int = 30) -> tuple[float, int]:
    seconds, runs = median_seconds_within(fn, budget_s=budget_s, least=least, most=most)
    return seconds * 1000, runs


def count_queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def diagnosis_parts(territory, comparison) -> list[tuple[str, object]]:
    """The queries of diagnose(), grouped as its code runs them, each as a callable: their sum is
    diagnose() (the Python that assembles the result costs well under a millisecond)."""
    from terreau.diagnosis import queries
    from terreau.diagnosis.aggregates import figures_for
    from terreau.diagnosis.needs import needs_for
    from terreau.territories.refs import resolve

    actors = figures_for(territory, None)
    files = queries.actor_summary(actors)["files"]
    return [
        (
            "resolve() of both refs",
            lambda: (resolve(territory.ref), resolve(comparison.ref)),
        ),
        (
            "population (territory + comparison)",
            lambda: (queries._population(territory), queries._population(comparison)),
        ),
        ("actor_summary (one grouped query)", lambda: queries.actor_summary(actors)),
        (
            "comparison by life function",
            lambda: queries.counts_by_life_function(figures_for(comparison, None)),
        ),
        ("communes_without", lambda: queries.communes_without(territory, actors)),
        ("needs_for (with roll-up)", lambda: needs_for(territory, user=None)),
        ("sources (reference datasets)", lambda: queries.sources(files)),
    ]


def describe_data(result: dict, comparison_total: int, needs_total: int) -> None:
    actors = result["actors"]
    total = actors["total"]
    table = Table(
        f"Data — {result['territory']['ref']}: {total:,} actors, "
        f"{result['territory']['population']:,} inhabitants; {result['compare_to']['ref']}: "
        f"{comparison_total:,} actors, {result['compare_to']['population']:,} inhabitants",
        ["life function", "actors", "share", "per 10k", "comparison per 10k", "status"],
    )
    for row in result["coverage"]:
        table.add(
            row["life_function"],
            f"{row['actors']:,}",
            f"{row['actors'] / total:.0%}" if total else "-",
            row["per_10k"],
            row["reference_per_10k"],
            row["status"],
        )
    table.print()

    def shares(counts: dict) -> str:
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        return ", ".join(f"{key} {n / total:.1%}" for key, n in ranked if n) if total else "-"

    print(f"  ESS share: {actors['ess_share']:.1%}")
    print(f"  kinds: {shares(actors['by_kind'])}")
    print(f"  legal form families: {shares(actors['by_legal_form_family'])}")
    without = ", ".join(f"{lf} {len(codes)}" for lf, codes in result["communes_without"].items())
    print(f"  communes without an actor serving: {without}")
    files = [
        f"{s['kind']} {s['source'] or '-'} {s['actors']:,}"
        for s in result["sources"]
        if "actors" in s
    ]
    print(f"  sources: {', '.join(files)}")
    recorded_on = Counter(
        "itself"
        if n["territory"]["ref"] == result["territory"]["ref"]
        else n["territory"]["ref"].split(":")[0]
        for n in result["needs"]
    )
    print(
        f"  needs: {len(result['needs']):,} of {needs_total:,} in the database, recorded on: "
        + ", ".join(f"{level} {n}" for level, n in recorded_on.most_common())
    )


def bench_diagnosis(ref: str, comparison_ref: str, label: str, summary: Table) -> None:
    from django.db.models import Count, Q

    from terreau.actors.models import Actor
    from terreau.core.taxonomies import LifeFunction
    from terreau.diagnosis.queries import diagnose
    from terreau.territories.refs import resolve

    territory, comparison = resolve(ref), resolve(comparison_ref)
    rows = Actor.objects.filter(commune__in=territory.communes())
    serving = {
        lf.value: Count("id", filter=Q(life_functions__contains=f" {lf.value} "))
        for lf in LifeFunction
    }

    def run():
        return diagnose(resolve(ref), compare_to=resolve(comparison_ref)).data

    step(f"diagnosis ({label}): baselines, diagnose(), its parts")
    # Baseline: one plain aggregate over the same rows, the floor of any figure on them; and the
    # same aggregate with one conditional count per life function, which reads every row.
    count_ms, count_runs = median_ms(lambda: rows.aggregate(n=Count("id")))
    lf_ms, lf_runs = median_ms(lambda: rows.aggregate(**serving))
    diagnose_ms, diagnose_runs = median_ms(run, budget_s=8, least=5, most=15)
    queries = count_queries(run)
    table = Table(
        f"Diagnosis — diagnose({ref}, compare_to={comparison_ref}), {label} (median)",
        ["measure", "queries", "runs", "median ms", "share", "x count", "< 1 s"],
    )
    table.add(
        "baseline: filter(commune__in=…).aggregate(Count)",
        1,
        count_runs,
        f"{count_ms:.1f}",
        "",
        "1.0x",
        "",
    )
    table.add(
        "  same + the 9 conditional counts",
        1,
        lf_runs,
        f"{lf_ms:.1f}",
        "",
        f"{lf_ms / count_ms:.1f}x",
        "",
    )
    met = diagnose_ms < DIAGNOSIS_TARGET_S * 1000
    table.add(
        "diagnose()",
        queries,
        diagnose_runs,
        f"{diagnose_ms:.1f}",
        "100%",
        f"{diagnose_ms / count_ms:.1f}x",
        yes_no(met),
    )
    parts_ms = 0.0
    for name, fn in diagnosis_parts(territory, comparison):
        ms, runs = median_ms(fn, budget_s=2, least=3, most=15)
        parts_ms += ms
        table.add(
            f"  {name}",
            count_queries(fn),
            runs,
            f"{ms:.1f}",
            f"{ms / diagnose_ms:.0%}",
            f"{ms / count_ms:.1f}x",
            "",
        )
    table.add(
        "  sum of the parts",
        "",
        "",
        f"{parts_ms:.1f}",
        f"{parts_ms / diagnose_ms:.0%}",
        f"{parts_ms / count_ms:.1f}x",
        "",
    )
    table.print()
    if abs(parts_ms / diagnose_ms - 1) > 0.3:
        print(
            "  note: the parts add up to far more or less than diagnose(): they mirror the queries "
            "of terreau.diagnosis.queries.diagnose and must follow when it changes"
        )
    summary.add(
        f"diagnose, {label}",
        f"{diagnose_ms:.0f} ms ({diagnose_ms / count_ms:.1f}x plain count)",
        f"< {DIAGNOSIS_TARGET_S * 1000:.0f} ms",
        yes_no(met),
    )


# --- Main ----------------------------------------------------------------------------------------
def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=100_000, help="actors in the territory")
    parser.add_argument(
        "--others", type=int, default=150_000, help="actors in the rest of the comparison"
    )
    parser.add_argument("--territory", default=DEFAULT_TERRITORY)
    parser.add_argument("--compare-to", default=DEFAULT_COMPARISON)
    parser.add_argument("--needs", type=int, default=300, help="needs across the comparison")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database",
        default=territories.BENCH_DB,
        help="on PostgreSQL, the database this script creates and drops",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    territories.BENCH_DB = args.database
    with territories.bench_environment("diagnosis"):
        from django.db import connection

        from terreau.actors.models import Actor
        from terreau.diagnosis.models import Need
        from terreau.diagnosis.queries import diagnose
        from terreau.territories.refs import resolve

        load_data(args.territory, args.compare_to, args.actors, args.others, args.needs, args.seed)
        comparison = resolve(args.compare_to)
        comparison_total = Actor.objects.filter(commune__in=comparison.communes()).count()
        result = diagnose(resolve(args.territory), compare_to=comparison).data
        describe_data(result, comparison_total, Need.objects.count())

        summary = Table("Summary", ["measure", "value", "target", "met"])
        if connection.vendor == "postgresql":
            # Right after the import, then as autovacuum leaves the table (when it is on).
            print(f"  autovacuum on this server: {autovacuum()}")
            bench_diagnosis(args.territory, args.compare_to, "as inserted", summary)
            vacuum_analyze()
            bench_diagnosis(args.territory, args.compare_to, "after VACUUM ANALYZE", summary)
        else:
            bench_diagnosis(args.territory, args.compare_to, "SQLite", summary)
        summary.print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
