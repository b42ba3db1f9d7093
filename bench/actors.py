"""Benchmarks of the actor directory: importing a national SIRENE stock for one territory, and the
list and map queries on the actors imported.

Run from the repository root: `.venv/bin/python bench/actors.py [--rows N] [--departement 59]`.
The SIRENE files are synthetic (bench/make_sirene.py), generated once per (rows, seed, generator
version) into a cache directory under /tmp and reused by later runs.

Works on a throwaway database and never touches ./var, like bench/territories.py (whose helpers it
uses): SQLite in a temporary directory by default; with DATABASE_URL set to a PostgreSQL server, a
database named `terreau_bench_actors` on that server, created and dropped by this script (the
database named in DATABASE_URL is only used to connect and is left untouched).

Every figure is printed next to a baseline measured in the same run on the same machine and
database. See bench/README.md.
"""

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import make_sirene
import territories
from territories import (
    FIXTURE_GEO_DIR,
    SHARED_GEO_DIR,
    Table,
    median_seconds_within,
    step,
    timed,
    yes_no,
)

# The only PostgreSQL database this script creates or drops (territories.py uses its own).
territories.BENCH_DB = "terreau_bench_actors"
CACHE_DIR = Path(tempfile.gettempdir()) / "terreau-bench-sirene"
DEFAULT_TERRITORY = "region:32"  # Hauts-de-France: ≈ 9 % of the population, ≈ 100k actors at 2M
SMALL_TERRITORY = "commune:62041"  # Arras: a few hundred rows, for the memory check

FILTER_RATIO_TARGET = 3.0  # territory filter ≤ 3 × DuckDB's bare scan
FILTER_RUNS = 3  # filter runs (child processes) and baseline runs, alternated; medians compared
MEMORY_RUNS = 5  # one-commune filter and bare-scan children per size for the memory medians
ADDED_GROWTH_MB = 25.0  # what read_sirene adds to DuckDB's bare scan may grow by this much at most
IMPORT_TARGET_S = 120.0  # importing ≈ 100,000 actors
IMPORT_TARGET_ACTORS = 100_000
MEMORY_TARGET_MB = 1024.0  # peak RSS of the import process
QUERY_TARGET_MS = 300.0  # list page and map aggregation
RESULT_MARK = "BENCH-RESULT "


# --- SIRENE files --------------------------------------------------------------------------------
def sirene_files(rows: int, seed: int, cache_dir: Path) -> tuple[Path, Path, dict, bool]:
    """The generated pair for (rows, seed), from the cache when there. Returns the establishment
    and legal unit paths, the generator's counts, and whether they were generated now."""
    source = Path(make_sirene.__file__).read_bytes()
    version = hashlib.sha256(source).hexdigest()[:10]
    directory = cache_dir / f"rows{rows}-seed{seed}-{version}"
    done = directory / "done.json"
    etab, units = directory / make_sirene.ESTABLISHMENTS_FILE, directory / make_sirene.UNITS_FILE
    if done.is_file() and etab.is_file() and units.is_file():
        return etab, units, json.loads(done.read_text()), False
    step(f"generating {rows:,} SIRENE establishment rows (seed {seed}) into {directory}")
    result = make_sirene.generate(directory, rows, seed)
    result.pop("paths")
    done.write_text(json.dumps(result))
    return etab, units, result, True


def territory_codes(territory) -> set[str]:
    """The commune codes actors_import hands to read_sirene for `territory` (current codes and
    aliases: arrondissements, former and delegated codes), computed the same way."""
    from terreau.territories.queries import CommuneLookup

    return CommuneLookup(territory).codes_in_scope()


# --- Baselines: DuckDB alone ---------------------------------------------------------------------
def _read_csv(path: Path, errors: str = "ignore_errors=true") -> str:
    escaped = str(path).replace("'", "''")
    return (
        f"read_csv('{escaped}', all_varchar=true, header=true, delim=',', quote='\"', "
        f"escape='\"', {errors})"
    )


def duckdb_scan(path: Path, codes: set[str], *, units: Path | None = None, every_line=False) -> int:
    """Rows of `path` whose codeCommuneEtablissement is one of `codes`, counted by DuckDB alone
    (with `units`: the legal units of those rows, read from the second file). With `every_line`,
    the file is read as read_sirene reads it, every line a row (malformed ones padded or cut),
    and the well-formed rows are counted."""
    import duckdb

    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE territory AS SELECT unnest(?::VARCHAR[]) AS code", [sorted(codes)]
    )
    if every_line:
        from terreau.actors.importers import sirene

        names = sirene._header(path)
        source = sirene._lines_source(path, [*names, sirene.EXTRA], parallel=True)
        well_formed = f"{sirene.EXTRA} IS NULL AND {names[-1]} IS NOT NULL AND "
    else:
        source, well_formed = _read_csv(path), ""
    select = (
        f"SELECT siren FROM {source} "
        f"WHERE {well_formed}codeCommuneEtablissement IN (SELECT code FROM territory)"
    )
    if units is None:
        query = f"SELECT count(*) FROM ({select})"
    else:
        query = f"SELECT count(*) FROM {_read_csv(units)} u WHERE u.siren IN ({select})"
    count = connection.execute(query).fetchone()[0]
    connection.close()
    return count


def median_of(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm-up: the file in the page cache, as for the measures that follow
    runs = [timed(fn) for _ in range(repeat)]
    return statistics.median(seconds for seconds, _result in runs), runs[0][1]


# --- Child processes (peak memory) ---------------------------------------------------------------
def run_child(task: dict) -> tuple[dict, float]:
    """Run `task` in a new Python process on the same database; return its result and its peak
    resident memory in MB.

    The peak is the child's own VmHWM (/proc/self/status), read by the child at its end: the
    rusage of a child (getrusage(RUSAGE_CHILDREN), wait4) is no good here, as Linux carries the
    parent's high-water mark over fork and exec, so every child would seem as big as this process.
    """
    from django.db import connections

    connections.close_all()  # SQLite: no open transaction of ours while the child writes
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", json.dumps(task)], stdout=subprocess.PIPE, text=True
    )
    output, _ = process.communicate()
    if process.returncode != 0:
        sys.exit(f"bench: child {task['mode']} failed (exit {process.returncode})\n{output}")
    result = None
    for line in output.splitlines():
        if line.startswith(RESULT_MARK):
            result = json.loads(line[len(RESULT_MARK) :])
        elif line.strip():
            print(f"  [child] {line}")
    return result, result.pop("peak_kb") / 1024


def peak_rss_kb() -> int:
    """This process's peak resident memory since its exec, in kB."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0])
    except (OSError, IndexError):  # not Linux: ru_maxrss (kB on Linux, bytes on macOS)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child_main(task: dict) -> int:
    """In the child: Django on the database prepared by the parent (environment inherited)."""
    import django

    django.setup()
    from terreau.actors.importers.base import ImportReport
    from terreau.actors.importers.sirene import read_sirene
    from terreau.actors.services import actors_import
    from terreau.territories.refs import resolve

    territory = resolve(task["territory"])
    result: dict = {}
    if task["mode"] == "filter":
        codes = territory_codes(territory)
        report = ImportReport(source="bench")
        started = time.perf_counter()
        records = 0
        for _record in read_sirene(
            Path(task["path"]), report, unites_legales=Path(task["units"]), commune_codes=codes
        ):
            records += 1
        result = {
            "seconds": time.perf_counter() - started,
            "records": records,
            "skipped": dict(report.skipped),
            "errors": len(report.errors),
        }
    elif task["mode"] == "scan":  # the memory baseline: DuckDB's bare scan for the territory
        result = {"found": duckdb_scan(Path(task["path"]), territory_codes(territory))}
    elif task["mode"] == "import":
        seconds, report = timed(
            actors_import,
            path=Path(task["path"]),
            file_format="sirene",
            unites_legales=Path(task["units"]),
            territory=territory,
        )
        kinds = Counter(f"{e.column}: {e.message[:60]}" for e in report.errors)
        result = {
            "seconds": seconds,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": dict(report.skipped),
            "errors": len(report.errors),
            "error_kinds": kinds.most_common(12),
            "imported": report.imported,
        }
    # "idle": Django set up, the importer modules loaded, nothing read: the floor of any child.
    result["peak_kb"] = peak_rss_kb()
    print(RESULT_MARK + json.dumps(result), flush=True)
    return 0


# --- Benchmarks ----------------------------------------------------------------------------------
def load_geography() -> None:
    from django.conf import settings

    from terreau.territories.services import commune_points_load, geography_load

    geo_dir = (
        SHARED_GEO_DIR if (SHARED_GEO_DIR / "communes_points.csv").is_file() else FIXTURE_GEO_DIR
    )
    step(f"loading the geography (geography_load) and commune points from {geo_dir}")
    geography_load(package_dir=Path(settings.TERREAU_GEO_PACKAGE_DIR))
    commune_points_load(path=geo_dir / "communes_points.csv")


def mb(value: float) -> str:
    return f"{value:,.0f} MB"


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s" if seconds else "-"


def bench_filter(files: dict, ref: str, codes: set[str], summary: Table) -> None:
    """Baselines (DuckDB alone) and read_sirene's territory filter, at both file sizes."""
    table = Table(
        f"Territory filter — {ref} ({len(codes):,} commune codes with aliases)",
        ["measure", "file rows", "seconds", "rows/s", "found", "ratio", "peak RSS"],
    )
    results, lost = {}, {}
    for size in sorted(files):
        etab, units = files[size]["paths"]
        step(f"filter: DuckDB baselines on {size:,} rows")
        lines_s, found_lines = median_of(
            lambda etab=etab: duckdb_scan(etab, codes, every_line=True), repeat=1
        )
        both_s, unit_count = median_of(
            lambda etab=etab, units=units: duckdb_scan(etab, codes, units=units), repeat=1
        )
        step(f"filter: read_sirene on {size:,} rows, in a child process, and the baseline, 3 times")
        # Baseline and filter alternate, so that both meet the same load on a shared machine.
        found = duckdb_scan(etab, codes)  # warm-up
        scans, filters = [], []
        for _ in range(FILTER_RUNS):
            scans.append(timed(duckdb_scan, etab, codes)[0])
            filters.append(
                run_child(REF | {"mode": "filter", "path": str(etab), "units": str(units)})
            )
        scan_s = statistics.median(scans)
        seconds = statistics.median(child["seconds"] for child, _peak in filters)
        child, peaks = filters[0][0], [peak for _child, peak in filters]
        peak = max(peaks)
        if found_lines != found:
            lost[size] = found - found_lines
        table.add(
            "baseline: DuckDB count, establishments file",
            f"{size:,}",
            f"{scan_s:.2f}",
            rate(size, scan_s),
            f"{found:,}",
            "1.0x",
            "",
        )
        table.add(
            "  same, every line a row (as read_sirene)",
            "",
            f"{lines_s:.2f}",
            rate(size, lines_s),
            f"{found_lines:,}",
            f"{lines_s / scan_s:.1f}x",
            "",
        )
        table.add(
            "  + semi-join of the legal units file",
            "",
            f"{both_s:.2f}",
            rate(size, both_s),
            f"{unit_count:,} units",
            f"{both_s / scan_s:.1f}x",
            "",
        )
        table.add(
            "read_sirene(commune_codes=…) to the end",
            f"{size:,}",
            f"{seconds:.2f}",
            rate(size, seconds),
            f"{child['records']:,} records",
            f"{seconds / scan_s:.1f}x",
            mb(peak),
        )
        results[size] = {"scan_s": scan_s, "filter_s": seconds, "peaks": peaks, "child": child}
    table.print()
    big_size = max(files)
    skipped = results[big_size]["child"]["skipped"]
    print(f"  skipped by read_sirene ({big_size:,} rows): {plain_counts(skipped)}")
    for size, count in lost.items():
        print(
            f"  WARNING: at {size:,} rows read_sirene's scan (every line a row) kept {count:,} "
            "fewer well-formed territory rows than a scan with ignore_errors (README)"
        )
    big = results[big_size]
    ratio = big["filter_s"] / big["scan_s"]
    summary.add(
        f"territory filter, {big_size:,} rows",
        f"{big['filter_s']:.1f} s, {ratio:.1f}x DuckDB scan",
        f"≤ {FILTER_RATIO_TARGET:.0f}x",
        yes_no(ratio <= FILTER_RATIO_TARGET),
    )
    summary.add(
        "read_sirene's scan keeps every valid row",
        "yes" if not lost else f"{sum(lost.values()):,} rows lost",
        "all rows",
        yes_no(not lost),
    )
    bench_filter_memory(files, ref, results, summary)


def bench_filter_memory(files: dict, ref: str, results: dict, summary: Table) -> None:
    """Peak memory of the filter at both sizes: for the territory (whose rows DuckDB keeps, so they
    grow with the file) and for one commune, where only what depends on the file itself remains,
    next to DuckDB's bare scan for that commune in the same kind of child process (the floor).
    A peak moves by 30 MB steps from one run to the next, and more on a longer file: DuckDB's
    parallel CSV reader frees its buffers in file order, so those read past a thread that lags
    stay in memory (README). Medians of MEMORY_RUNS runs, the commune's and the floor's
    alternated, are compared."""
    table = Table(
        f"Filter peak memory (child processes, VmHWM; median of {MEMORY_RUNS} runs, min–max; "
        f"{ref}: {FILTER_RUNS} runs)",
        ["measure", *(f"{size:,} rows" for size in sorted(files)), "growth"],
    )
    step(f"filter: read_sirene for {SMALL_TERRITORY} at both sizes, and the floor (memory)")
    small: dict[int, list[float]] = {}
    floor: dict[int, list[float]] = {}
    for size in sorted(files):
        etab, units = files[size]["paths"]
        task = {"mode": "filter", "path": str(etab), "units": str(units)}
        for _ in range(MEMORY_RUNS):
            commune = {"territory": SMALL_TERRITORY}
            floor.setdefault(size, []).append(
                run_child(REF | commune | {"mode": "scan", "path": str(etab)})[1]
            )
            small.setdefault(size, []).append(run_child(REF | task | commune)[1])
    sizes = sorted(files)
    medians = {}
    for label, peaks in (
        (f"baseline: DuckDB count, {SMALL_TERRITORY}", floor),
        (f"read_sirene, {SMALL_TERRITORY}", small),
        (f"read_sirene, {ref}", {size: results[size]["peaks"] for size in sizes}),
    ):
        medians[label] = [statistics.median(peaks[size]) for size in sizes]
        table.add(
            label,
            *(
                f"{mb(statistics.median(peaks[size]))} ({min(peaks[size]):,.0f}–"
                f"{max(peaks[size]):,.0f})"
                for size in sizes
            ),
            f"{medians[label][-1] / medians[label][0]:.2f}x",
        )
    table.print()
    small_peaks = medians[f"read_sirene, {SMALL_TERRITORY}"]
    floor_peaks = medians[f"baseline: DuckDB count, {SMALL_TERRITORY}"]
    summary.add(
        f"filter peak RSS, {SMALL_TERRITORY}, {sizes[0]:,} → {sizes[-1]:,} rows (median)",
        f"{mb(small_peaks[0])} → {mb(small_peaks[-1])} "
        f"({small_peaks[-1] / small_peaks[0]:.2f}x; DuckDB alone {mb(floor_peaks[0])} → "
        f"{mb(floor_peaks[-1])}, {floor_peaks[-1] / floor_peaks[0]:.2f}x)",
        "flat (< 1.25x)",
        yes_no(small_peaks[-1] / small_peaks[0] < 1.25),
    )
    # What read_sirene adds to DuckDB's own scan of the same file, which is what it controls.
    added = [small - floor for small, floor in zip(small_peaks, floor_peaks, strict=True)]
    summary.add(
        "  of which read_sirene beyond DuckDB's bare scan",
        f"{added[0]:+,.0f} MB → {added[-1]:+,.0f} MB",
        f"grows < {ADDED_GROWTH_MB:.0f} MB",
        yes_no(added[-1] - added[0] < ADDED_GROWTH_MB),
    )
    peaks = [max(results[size]["peaks"]) for size in sizes]
    summary.add(
        f"filter peak RSS, {ref}, {sizes[0]:,} → {sizes[-1]:,} rows (max)",
        f"{mb(peaks[0])} → {mb(peaks[-1])}",
        f"< {mb(MEMORY_TARGET_MB)}",
        yes_no(peaks[-1] < MEMORY_TARGET_MB),
    )


def plain_counts(counts: dict) -> str:
    return ", ".join(f"{key} {value:,}" for key, value in sorted(counts.items()))


def bench_import(etab: Path, units: Path, ref: str, rows: int, summary: Table) -> dict:
    step("import: actors_import on an empty directory, in a child process")
    task = REF | {"mode": "import", "path": str(etab), "units": str(units)}
    first, first_peak = run_child(task)
    step("import: again, same file (nothing should change)")
    again, again_peak = run_child(task)
    table = Table(
        f"Import — actors_import(file_format='sirene', territory={ref}), {rows:,} file rows",
        [
            "run",
            "seconds",
            "file rows/s",
            "actors/s",
            "created",
            "updated",
            "unchanged",
            "errors",
            "peak RSS",
        ],
    )
    for label, result, peak in (
        ("first (empty directory)", first, first_peak),
        ("again", again, again_peak),
    ):
        actors = result["created"] + result["updated"] + result["unchanged"]
        table.add(
            label,
            f"{result['seconds']:.1f}",
            rate(rows, result["seconds"]),
            rate(actors, result["seconds"]),
            f"{result['created']:,}",
            f"{result['updated']:,}",
            f"{result['unchanged']:,}",
            f"{result['errors']:,}",
            mb(peak),
        )
    table.print()
    print(f"  skipped: {plain_counts(first['skipped'])}")
    print("  row errors (first import, by kind):")
    for kind, count in first["error_kinds"]:
        print(f"    {count:>7,}  {kind}")
    created = first["created"]
    # Scale the time to the 100k-actor target when the territory gives a different count.
    scaled = first["seconds"] * IMPORT_TARGET_ACTORS / created if created else float("inf")
    summary.add(
        f"import, {created:,} actors created",
        f"{first['seconds']:.1f} s ({scaled:.0f} s per 100k)",
        f"< {IMPORT_TARGET_S:.0f} s per 100k",
        yes_no(scaled < IMPORT_TARGET_S),
    )
    unchanged_ok = again["created"] == 0 and again["updated"] == 0 and again["unchanged"] == created
    summary.add(
        "re-import, same file",
        f"{again['seconds']:.1f} s, {again['unchanged']:,} unchanged",
        "all unchanged",
        yes_no(unchanged_ok),
    )
    peak = max(first_peak, again_peak)
    summary.add(
        "import peak RSS (child process)",
        mb(peak),
        f"< {mb(MEMORY_TARGET_MB)}",
        yes_no(peak < MEMORY_TARGET_MB),
    )
    return first


def bench_queries(ref: str, summary: Table, state: str = "") -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count

    from terreau.actors.models import Actor
    from terreau.actors.queries import (
        ActorFilters,
        ActorPaginator,
        actors_matching,
        actors_per_commune,
    )
    from terreau.actors.views import ACTORS_PER_PAGE
    from terreau.territories.refs import resolve

    step(f"queries: list page and map aggregation {state}".strip())
    territory = resolve(ref)
    # user=None: the command line and administrators see every actor; an anonymous visitor only
    # the public ones, which the list page and the map filter on.
    people = {"operator": None, "visitor": AnonymousUser()}

    def matching(user):
        return actors_matching(ActorFilters(territory=territory), user=user)

    def list_page(user):  # what the actor list page runs: the count, then the first page
        page = ActorPaginator(matching(user), ACTORS_PER_PAGE).page(1)
        return page.paginator.count, list(page)

    def count_only(user):
        return matching(user).count(), None

    def page_only(user):
        return None, list(ActorPaginator(matching(user), ACTORS_PER_PAGE).page(1))

    def sliced(user):  # the first page as a plain slice of the list: every row read and sorted
        return None, list(matching(user)[:ACTORS_PER_PAGE])

    def map_points(user):  # what the list page's map and GET /api/v1/actors/map run
        return actors_per_commune(matching(user))["features"]

    def per_commune(user):
        return list(matching(user).order_by().values("commune").annotate(n=Count("id")))

    # Baseline: counting the whole actor table, the cheapest query that touches every row.
    count_s, count_n = median_seconds_within(Actor.objects.count, budget_s=2, least=5, most=50)
    total = Actor.objects.count()
    table = Table(
        f"Queries — {total:,} actors in the database, territory {ref} (median) {state}".strip(),
        ["query", "rows", "runs", "median ms", "x count(*)", "< 300 ms"],
    )
    table.add(
        "baseline: Actor.objects.count()",
        f"{total:,}",
        count_n,
        f"{count_s * 1000:.1f}",
        "1.0x",
        "",
    )
    for person, user in people.items():
        for label, fn, rows in (
            ("list: count + first page of 50", list_page, lambda r: f"{r[0]:,}"),
            ("  of which .count()", count_only, lambda r: f"{r[0]:,}"),
            ("  of which first page (ActorPaginator)", page_only, lambda r: f"{len(r[1]):,}"),
            ("  first page as a slice [:50] (reference)", sliced, lambda r: f"{len(r[1]):,}"),
            ("map: actors_per_commune (GeoJSON)", map_points, lambda r: f"{len(r):,} communes"),
            (
                'values("commune").annotate(n=Count("id"))',
                per_commune,
                lambda r: f"{len(r):,} communes",
            ),
        ):
            result = fn(user)
            seconds, runs = median_seconds_within(
                lambda fn=fn, user=user: fn(user), budget_s=3, least=5, most=30
            )
            ms = seconds * 1000
            table.add(
                f"{person}: {label.strip()}" if not label.startswith(" ") else label,
                rows(result),
                runs,
                f"{ms:.1f}",
                f"{seconds / count_s:.1f}x",
                yes_no(ms < QUERY_TARGET_MS),
            )
            if label.startswith(("list", "map")):
                summary.add(
                    f"{person}: {label} {state}".strip(),
                    f"{ms:.0f} ms",
                    f"< {QUERY_TARGET_MS:.0f} ms",
                    yes_no(ms < QUERY_TARGET_MS),
                )
    table.print()
    # Without .order_by(), actors_matching's ordering (search_name, pk) joins the GROUP BY and the
    # "aggregation" returns one row per actor: the map view must keep its .order_by().
    grouped = len(list(matching(None).values("commune").annotate(n=Count("id"))))
    if grouped != len(per_commune(None)):
        print(
            f"  note: without .order_by() the same aggregation returns {grouped:,} rows "
            "(the ordering of actors_matching joins the GROUP BY)"
        )


REF: dict = {}  # {"territory": ref}, merged into every child task


# --- Main ----------------------------------------------------------------------------------------
def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="national establishment rows")
    parser.add_argument("--departement", help="import this département (e.g. 59)")
    parser.add_argument(
        "--territory", help=f"import this territory ref (default {DEFAULT_TERRITORY})"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--small-rows", type=int, help="second, smaller file for the memory check (rows / 4)"
    )
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    parser.add_argument(
        "--database",
        default=territories.BENCH_DB,
        help="on PostgreSQL, the database this script creates and drops",
    )
    parser.add_argument(
        "--filter-only",
        action="store_true",
        help="measure the territory filter (time and memory) only, not the import and queries",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(json.loads(args.child))
    territories.BENCH_DB = args.database
    ref = args.territory or (
        f"departement:{args.departement}" if args.departement else DEFAULT_TERRITORY
    )
    REF["territory"] = ref
    small = args.small_rows or max(args.rows // 4, 1)
    with territories.bench_environment("actors"):
        from terreau.territories.refs import resolve

        files = {}
        generation = Table(
            "SIRENE files (synthetic, bench/make_sirene.py)",
            ["rows", "units", "MB", "generated in", "directory"],
        )
        for rows in sorted({small, args.rows}):
            etab, units, counts, made = sirene_files(rows, args.seed, args.cache_dir)
            files[rows] = {"paths": (etab, units), "counts": counts}
            size = (etab.stat().st_size + units.stat().st_size) / 1e6
            generation.add(
                f"{rows:,}",
                f"{counts['units']:,}",
                f"{size:,.0f}",
                f"{counts['seconds']:.1f} s" + ("" if made else " (cached)"),
                etab.parent,
            )
        generation.print()
        load_geography()
        territory = resolve(ref)
        codes = territory_codes(territory)
        print(f"Territory {ref}: {territory}, {territory.communes().count():,} communes")

        summary = Table("Summary", ["measure", "value", "target", "met"])
        bench_filter(files, ref, codes, summary)
        if args.filter_only:
            summary.print()
            return 0
        etab, units = files[args.rows]["paths"]
        _idle, idle_peak = run_child(REF | {"mode": "idle"})
        summary.add(
            "floor: peak RSS of an idle child (Django + DuckDB loaded)", mb(idle_peak), "", ""
        )
        bench_import(etab, units, ref, args.rows, summary)
        bench_queries(ref, summary)
        from django.db import connection

        if connection.vendor == "postgresql":
            # What autovacuum does within a minute or so of the import: planner statistics.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            bench_queries(ref, summary, "after VACUUM ANALYZE")
        summary.print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
