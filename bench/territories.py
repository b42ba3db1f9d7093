"""Benchmarks of the territories app: loading the reference geography, resolving territories.

Run from the repository root with `make bench` (or `.venv/bin/python bench/territories.py`).
Works on a throwaway database and never touches ./var: SQLite in a temporary directory by default;
with DATABASE_URL set to a PostgreSQL server, a dedicated database named `terreau_bench` on that
server, created and dropped by this script (the database named in DATABASE_URL is only used to
connect and is left untouched).

Every figure is printed next to a baseline measured in the same run on the same machine and
database, so that the ratios mean something on any machine. See bench/README.md.
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_DIR = Path(__file__).resolve().parent.parent
SHARED_GEO_DIR = REPO_DIR.parent / "shared" / "data" / "geo"  # full France, when available
FIXTURE_GEO_DIR = REPO_DIR / "tests" / "fixtures" / "geo"  # six départements
BENCH_DB = "terreau_bench"  # the only PostgreSQL database this script creates or drops
GEO_FILES = ("regions.json", "departements.json", "epci.json", "communes.json")

LOAD_TARGET_S = 30.0  # "Loading all of France takes under 30 seconds on a 2-core machine"
RESOLVE_TARGET_MS = 50.0  # "resolving a territory to its communes takes milliseconds"
BATCH_SIZE = 2000  # the batch size terreau.core.bulk.upsert uses, for a like-for-like baseline


# --- Throwaway database --------------------------------------------------------------------------
def prepare_environment(data_dir: Path) -> str | None:
    """Point Django at a throwaway database; return the PostgreSQL admin URL to drop it, if any.

    Must run before Django settings are imported: settings read the environment once.
    """
    os.environ["TERREAU_DATA_DIR"] = str(data_dir)  # SQLite file, secret key: all in data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "terreau.config.settings"
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return None
    import dj_database_url

    engine = dj_database_url.parse(url)["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # Never write to the SQLite file the URL names: use the default one in data_dir.
        del os.environ["DATABASE_URL"]
        return None
    if "postgresql" not in engine:
        sys.exit(f"bench: unsupported database engine {engine} (SQLite or PostgreSQL only)")
    parts = urlsplit(url)
    admin_db = parts.path.lstrip("/") or "postgres"
    if admin_db == BENCH_DB:
        admin_db = "postgres"
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path=f"/{admin_db}"))
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    _postgres_admin(admin_url, "DROP DATABASE IF EXISTS {}")  # leftover of an interrupted run
    _postgres_admin(admin_url, "CREATE DATABASE {}")
    return admin_url


def _postgres_admin(admin_url: str, statement: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(BENCH_DB)))


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def drop_database(admin_url: str | None) -> None:
    if admin_url is None:
        return
    from django.db import connections

    connections.close_all()
    _postgres_admin(admin_url, "DROP DATABASE IF EXISTS {}")


# --- Measuring and printing ----------------------------------------------------------------------
def timed(fn: Callable, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def median_seconds(fn: Callable, *, repeat: int) -> float:
    return statistics.median(timed(fn)[0] for _ in range(repeat))


def median_seconds_within(fn: Callable, *, budget_s: float, least: int, most: int) -> tuple:
    """Median duration of `fn` repeated at least `least` and at most `most` times, stopping once
    `budget_s` is spent. Returns (median, repetitions). Runs `fn` once first, untimed (warm-up)."""
    fn()
    durations, spent = [], 0.0
    while len(durations) < most and (len(durations) < least or spent < budget_s):
        duration = timed(fn)[0]
        durations.append(duration)
        spent += duration
    return statistics.median(durations), len(durations)


class Table:
    def __init__(self, title: str, columns: list[str]) -> None:
        self.title, self.columns, self.rows = title, columns, []

    def add(self, *cells) -> None:
        self.rows.append([str(cell) for cell in cells])

    def print(self) -> None:
        widths = [
            max(len(row[i]) for row in [self.columns, *self.rows]) for i in range(len(self.columns))
        ]
        print(f"\n{self.title}")
        for row in [self.columns, ["-" * w for w in widths], *self.rows]:
            cells = [row[0].ljust(widths[0])] + [
                c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
            ]
            print("  " + "  ".join(cells))
        sys.stdout.flush()


def step(message: str) -> None:
    print(f"… {message}", flush=True)


def yes_no(ok: bool) -> str:
    return "yes" if ok else "NO"


# --- Geography (communes, EPCI, départements, régions) -------------------------------------------
def parse_package(package_dir: Path) -> dict[str, list]:
    """json.load of the data files that geography_load reads: the cost no loader can avoid."""
    return {
        name: json.loads((package_dir / "data" / name).read_text(encoding="utf-8"))
        for name in GEO_FILES
    }


def raw_commune_insert(count: int) -> float:
    """Seconds to build and bulk_create `count` bare communes (code, name, foreign keys), commit
    included: what the ORM needs at least to write that many rows. The rows are then removed."""
    from django.db import connection, transaction

    from terreau.territories.models import Commune, Departement, Region

    region = Region.objects.create(code="999", name="Bench")
    departement = Departement.objects.create(code="999", name="Bench", region=region)

    def insert():
        with transaction.atomic():
            Commune.objects.bulk_create(
                [
                    Commune(
                        code=f"{n:05d}",
                        name=f"Commune {n}",
                        search_name=f"commune {n}",
                        departement_id=departement.pk,
                        region_id=region.pk,
                    )
                    for n in range(count)
                ],
                batch_size=BATCH_SIZE,
            )

    seconds, _ = timed(insert)
    with connection.cursor() as cursor:  # no ORM cascade collection: the table only holds these
        for model in (Commune, Departement, Region):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    return seconds


def bench_geography(package_dir: Path) -> float:
    """Returns the duration of the first load."""
    from terreau.territories.models import Commune, CommuneAlias, Epci
    from terreau.territories.services import geography_load

    step("geography: baselines (parsing the package, inserting bare rows)")
    parsed = parse_package(package_dir)
    current = sum(1 for c in parsed["communes.json"] if c["type"] == "commune-actuelle")
    parse_s = median_seconds(lambda: parse_package(package_dir), repeat=3)
    insert_s = statistics.median(raw_commune_insert(current) for _ in range(3))
    # Baseline: parsing the files plus bulk-inserting as many bare communes through the ORM, i.e.
    # the work that any loader of these files has to do. What geography_load does on top
    # (validation, search keys, EPCI, aliases, reading back, the idempotence check) is the ratio.
    # The idempotent run writes nothing, so its fair baseline is the parsing alone.
    baseline_s = parse_s + insert_s

    step("geography: first load on an empty database")
    first_s, _ = timed(geography_load, package_dir=package_dir)
    counts = (Commune.objects.count(), Epci.objects.count(), CommuneAlias.objects.count())
    step("geography: idempotent reloads")
    again_s = median_seconds(lambda: geography_load(package_dir=package_dir), repeat=2)

    table = Table(
        f"Geography load — {counts[0]} communes, {counts[1]} EPCI, {counts[2]} alias codes",
        ["measure", "seconds", "ratio", "target < 30 s"],
    )
    table.add("baseline: json.load of the package files", f"{parse_s:.2f}", "", "")
    table.add(f"baseline: bulk_create {current} bare communes", f"{insert_s:.2f}", "", "")
    table.add("baseline: parse + bare insert", f"{baseline_s:.2f}", "1.0x", "")
    table.add(
        "geography_load, empty database",
        f"{first_s:.2f}",
        f"{first_s / baseline_s:.1f}x parse+insert",
        yes_no(first_s < LOAD_TARGET_S),
    )
    table.add(
        "geography_load, again (nothing to write)",
        f"{again_s:.2f}",
        f"{again_s / parse_s:.1f}x parse",
        yes_no(again_s < LOAD_TARGET_S),
    )
    table.print()
    return first_s


# --- Zonages and points --------------------------------------------------------------------------
def rewrite_all_communes(*fields: str) -> float:
    """Seconds for one UPDATE statement rewriting `fields` of every commune (to their own values),
    commit included: the cost of writing that many rows, below which no loader can go."""
    from django.db import transaction
    from django.db.models import F

    from terreau.territories.models import Commune

    def update():
        with transaction.atomic():
            Commune.objects.update(**{field: F(field) for field in fields})

    return median_seconds(update, repeat=3)


def bench_zonage_and_points() -> tuple[float, float, bool]:
    """Returns the durations of the first loads, and whether the files were the full ones."""
    from terreau.territories.reference_files import read_labels, read_points, read_zonage
    from terreau.territories.services import commune_points_load, zonage_load

    geo_dir = (
        SHARED_GEO_DIR if (SHARED_GEO_DIR / "commune_zonages.csv").is_file() else FIXTURE_GEO_DIR
    )
    zonage = {
        "path": geo_dir / "commune_zonages.csv",
        "bassin_labels": geo_dir / "bassins_vie_2022.csv",
        "zone_emploi_labels": geo_dir / "zones_emploi_2020.csv",
    }
    points = geo_dir / "communes_points.csv"

    def parse_zonage():
        read_zonage(zonage["path"])
        read_labels(zonage["bassin_labels"])
        read_labels(zonage["zone_emploi_labels"])

    step(f"zonage and points from {geo_dir}")
    zonage_rows = len(read_zonage(zonage["path"]).rows)
    point_rows = len(read_points(points))
    # Baselines: reading and validating the CSV files (done by the loaders themselves), and one
    # UPDATE statement rewriting the same columns of every commune (the database's share). A first
    # load is compared to their sum; a load that writes nothing, to the parsing alone.
    parse_zonage_s = median_seconds(parse_zonage, repeat=3)
    parse_points_s = median_seconds(lambda: read_points(points), repeat=3)
    zonage_first_s, _ = timed(zonage_load, **zonage)
    zonage_write_s = rewrite_all_communes("bassin_vie", "zone_emploi")
    zonage_again_s = median_seconds(lambda: zonage_load(**zonage), repeat=2)
    points_first_s, _ = timed(commune_points_load, path=points)
    points_write_s = rewrite_all_communes("lon", "lat")
    points_again_s = median_seconds(lambda: commune_points_load(path=points), repeat=2)

    table = Table(
        f"Zonage and points — {zonage_rows} zonage rows, {point_rows} points ({geo_dir})",
        ["measure", "seconds", "ratio"],
    )
    for label, parse_s, write_s, first_s, again_s, columns in (
        (
            "zonage_load",
            parse_zonage_s,
            zonage_write_s,
            zonage_first_s,
            zonage_again_s,
            "bassin_vie, zone_emploi",
        ),
        (
            "commune_points_load",
            parse_points_s,
            points_write_s,
            points_first_s,
            points_again_s,
            "lon, lat",
        ),
    ):
        table.add(f"baseline: parse the files of {label}", f"{parse_s:.2f}", "")
        table.add(f"baseline: one UPDATE of {columns} of all communes", f"{write_s:.2f}", "")
        table.add(
            f"{label}, first (writes every commune)",
            f"{first_s:.2f}",
            f"{first_s / (parse_s + write_s):.1f}x parse+UPDATE",
        )
        table.add(
            f"{label}, again (nothing to write)",
            f"{again_s:.2f}",
            f"{again_s / parse_s:.1f}x parse",
        )
    table.print()
    return zonage_first_s, points_first_s, geo_dir == SHARED_GEO_DIR


# --- Resolving territories -----------------------------------------------------------------------
def sample_refs(user) -> list[tuple[str, str]]:
    """(label, ref) pairs covering every level, found in the loaded data."""
    from terreau.territories.models import Commune, CommuneAlias, Epci
    from terreau.territories.services import project_territory_save

    arras = Commune.objects.select_related("epci", "bassin_vie", "zone_emploi").get(code="62041")
    refs = [("commune", arras.ref)]
    alias = CommuneAlias.objects.filter(kind=CommuneAlias.Kind.FORMER_CODE).order_by("code").first()
    if alias is not None:
        refs.append(("commune by former code", f"commune:{alias.code}"))
    refs.append(("EPCI", arras.epci.ref))
    if arras.bassin_vie is not None:
        refs.append(("bassin de vie", arras.bassin_vie.ref))
    if arras.zone_emploi is not None:
        refs.append(("zone d'emploi", arras.zone_emploi.ref))
    refs += [("département", "departement:62"), ("région", "region:32")]
    epcis = Epci.objects.filter(
        pk__in=Commune.objects.filter(departement__code="62").values("epci_id")
    ).order_by("code")[:4]
    territory = project_territory_save(
        owner=user, name="Bench territory", components=[e.ref for e in epcis]
    )
    refs.append((f"project ({len(epcis)} EPCI)", territory.ref))
    return refs


def bench_resolution() -> None:
    from django.contrib.auth import get_user_model

    from terreau.territories.models import Commune
    from terreau.territories.refs import resolve

    step("resolution: territories to their communes")
    user = get_user_model().objects.create_user("bench", password="bench-password-not-used")
    pks = list(Commune.objects.order_by("?").values_list("pk", flat=True)[:200])
    pk_iter = iter(pks * 1000)
    # Baseline: the cheapest ORM round trip there is, a primary-key lookup of one commune.
    pk_s, pk_n = median_seconds_within(
        lambda: Commune.objects.get(pk=next(pk_iter)), budget_s=1.0, least=200, most=2000
    )

    table = Table(
        f"Territory → communes: resolve(ref) + list of commune codes (median; {pk_n} pk lookups)",
        ["territory", "ref", "communes", "runs", "median ms", "x pk lookup", "< 50 ms"],
    )
    table.add(
        "baseline: Commune.objects.get(pk=…)", "", "1", pk_n, f"{pk_s * 1000:.3f}", "1.0x", ""
    )
    for label, ref in sample_refs(user):

        def resolve_communes(ref=ref):
            territory = resolve(ref, user=user)
            return list(territory.communes().values_list("code", flat=True))

        communes = len(resolve_communes())
        seconds, runs = median_seconds_within(resolve_communes, budget_s=1.5, least=20, most=300)
        ms = seconds * 1000
        table.add(
            label,
            ref,
            communes,
            runs,
            f"{ms:.2f}",
            f"{seconds / pk_s:.1f}x",
            yes_no(ms < RESOLVE_TARGET_MS),
        )
    table.print()


def describe_database(connection) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} (database {connection.settings_dict['NAME']})"


@contextmanager
def bench_environment(title: str):
    """A throwaway data directory and database with Django set up, a header naming the machine,
    and at the end the run time; the database and directory are removed whatever happens."""
    data_dir = Path(tempfile.mkdtemp(prefix="terreau-bench-"))
    admin_url = None
    try:
        admin_url = prepare_environment(data_dir)
        started = time.perf_counter()
        setup_django()

        import django
        from django.db import connection

        print(
            f"Terreau {title} benchmark — {describe_database(connection)}, "
            f"Django {django.get_version()}, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs",
            flush=True,
        )
        yield
        print(f"Benchmark run time: {time.perf_counter() - started:.0f} s")
    finally:
        drop_database(admin_url)
        shutil.rmtree(data_dir, ignore_errors=True)


# --- Main ----------------------------------------------------------------------------------------
def main() -> int:
    with bench_environment("territories"):
        from django.conf import settings

        geography_s = bench_geography(Path(settings.TERREAU_GEO_PACKAGE_DIR))
        zonage_s, points_s, full = bench_zonage_and_points()
        bench_resolution()
        # `make demo` loads all three: "loading all of France" is their sum.
        total_s = geography_s + zonage_s + points_s
        files = "full files" if full else "zonage and points of the test fixtures only"
        print(
            f"\nAll of France, first load (geography {geography_s:.1f} s + zonage {zonage_s:.1f} s"
            f" + points {points_s:.1f} s; {files}): {total_s:.1f} s, "
            f"under {LOAD_TARGET_S:.0f} s: {yes_no(total_s < LOAD_TARGET_S)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
