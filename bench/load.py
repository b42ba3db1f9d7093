"""Load test: N concurrent users on loopback against gunicorn (the documented worker count) on a
throwaway database of synthetic actors, through territory pages, diagnoses, actor lists,
cooperation records, network pages and the API, for a bounded time.

Run from the repository root: `.venv/bin/python bench/load.py [--actors N] [--users U]
[--seconds S] [--think A-B] [--workers W] [--port P] [--database NAME]`. Defaults are small
(about a minute); the issue's scale is `--actors 150000 --users 50 --seconds 120` with
DATABASE_URL pointing at PostgreSQL (a database `terreau_bench_load`, or `--database`, is created
and dropped, as bench/territories.py does).

Each user is a person reading pages: a request, its answer, then a pause drawn uniformly in
`--think` seconds (default 0.5-1.5, a mean of 1 s), and again. The default comes from the issue's
own "today" figures: 50 users at 29.7 requests/s is, by Little's law (users = throughput × time
per cycle), 50 / 29.7 = 1.68 s per request and pause, of which a median answer of 0.49 s leaves
about 1.2 s of pause. `--think 0` fires requests back to back: a stress test, whose latencies are
mostly queueing (users / throughput). The script prints the offered load (users / mean pause: the
requests/s the users would send if answers were instant) and checks Little's law on the run
(throughput × (mean answer + mean pause) should give back the number of users).

Before the run, as a deployment does: the network metrics of the EPCI are computed (the scheduled
job), the diagnosis aggregates too (`terreau diagnosis refresh-aggregates`, hourly), and
PostgreSQL's statistics and visibility map are brought up to date after the bulk insert
(`VACUUM ANALYZE`, what autovacuum does shortly after such an insert).

Prints requests/s, median, p95 and errors per kind of page, each latency also as a ratio to a
trivial endpoint (a static file through the same WSGI stack) measured under the same load in the
same run, and the targets: median < 200 ms, p95 < 600 ms, no error, with 50 users and 150,000
actors.
"""

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import territories
from territories import Table, step

territories.BENCH_DB = "terreau_bench_load"
TERRITORY = "departement:62"
MEDIAN_TARGET_MS, P95_TARGET_MS = 200, 600


def paths(epci: str, slug: str | None) -> dict[str, list[str]]:
    kinds = {
        "trivial": ["/static/terreau/network.js"],
        "territory": [f"/territoires/{TERRITORY}/", f"/territoires/{epci}/"],
        "diagnosis": [f"/territoires/{epci}/diagnostic/"],
        "actors": [f"/acteurs/?territoire={epci}", "/acteurs/?q=acteur"],
        "network": [f"/territoires/{epci}/reseau/"],
        "api": [f"/api/v1/network/metrics?territory={epci}", f"/api/v1/territories/{epci}"],
    }
    if slug:
        kinds["cooperation"] = [f"/cooperations/{slug}/"]
    else:
        kinds["cooperation"] = ["/cooperations/"]
    return kinds


async def user(
    client, kinds, deadline: float, results: dict, rng: random.Random, think, pauses: list
) -> None:
    names = list(kinds)
    while time.monotonic() < deadline:
        kind = rng.choice(names)
        path = rng.choice(kinds[kind])
        started = time.perf_counter()
        try:
            response = await client.get(path)
            ok = response.status_code < 400
        except Exception:  # a refused or timed-out request is an error, counted
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        results.setdefault(kind, []).append((elapsed, ok))
        pause = min(rng.uniform(*think), max(0.0, deadline - time.monotonic()))
        if pause > 0:
            pauses.append(pause)
            await asyncio.sleep(pause)


async def drive(base: str, kinds, users: int, seconds: float, think) -> tuple[dict, list]:
    import httpx

    results: dict = {}
    pauses: list = []
    limits = httpx.Limits(max_connections=users)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(
                user(client, kinds, deadline, results, random.Random(n), think, pauses)
                for n in range(users)
            )
        )
    return results, pauses


def think_range(text: str) -> tuple[float, float]:
    """ "0.5-1.5" → (0.5, 1.5); "1" → (1.0, 1.0); "0" → no pause."""
    low, _dash, high = text.partition("-")
    try:
        bounds = (float(low), float(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a pause in seconds, A-B or A: {text!r}") from None
    if bounds[0] < 0 or bounds[1] < bounds[0]:
        raise argparse.ArgumentTypeError(f"not a range of seconds: {text!r}")
    return bounds


def seed(actors: int) -> tuple[str, str | None]:
    """The geography, `actors` synthetic actors in the département (public), a cooperation."""
    database = territories.BENCH_DB
    import diagnosis  # its import names its own database: keep this script's, to drop it

    territories.BENCH_DB = database
    from django.conf import settings

    from terreau.actors.models import Actor
    from terreau.territories.refs import resolve
    from terreau.territories.services import geography_load

    step("loading the geography")
    geography_load(package_dir=Path(settings.TERREAU_GEO_PACKAGE_DIR))
    territory = resolve(TERRITORY)
    step(f"inserting {actors:,} actors in {TERRITORY}")
    diagnosis.insert_actors(
        diagnosis.ActorDraw(random.Random(1)), territory.communes(), actors, "L"
    )
    Actor.objects.update(is_public=True)
    epci = territory.communes().exclude(epci=None).values_list("epci__code", flat=True).first()
    return f"epci:{epci}", None  # cooperation records: the list page


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(
    results: dict, seconds: float, users: int, actors: int, workers: int, think, pauses: list
) -> None:
    trivial = [ms for ms, _ok in results.get("trivial", [])] or [1.0]
    base_median, base_p95 = statistics.median(trivial), percentile(trivial, 0.95)
    table = Table(
        "load",
        ["kind", "requests", "req/s", "median ms", "×trivial", "p95 ms", "×trivial", "errors"],
    )
    every = []
    for kind, rows in sorted(results.items()):
        times = [ms for ms, _ok in rows]
        every.extend(rows)
        median, p95 = statistics.median(times), percentile(times, 0.95)
        table.add(
            kind,
            len(rows),
            f"{len(rows) / seconds:.1f}",
            f"{median:.0f}",
            f"{median / base_median:.1f}",
            f"{p95:.0f}",
            f"{p95 / base_p95:.1f}",
            sum(1 for _ms, ok in rows if not ok),
        )
    times = [ms for ms, _ok in every]
    errors = sum(1 for _ms, ok in every if not ok)
    median, p95 = statistics.median(times), percentile(times, 0.95)
    table.add(
        "all",
        len(every),
        f"{len(every) / seconds:.1f}",
        f"{median:.0f}",
        f"{median / base_median:.1f}",
        f"{p95:.0f}",
        f"{p95 / base_p95:.1f}",
        errors,
    )
    print(
        f"\n{users} users for {seconds:.0f} s, {actors:,} actors, gunicorn --workers {workers}, "
        f"pause between requests {think[0]:g}-{think[1]:g} s, load average "
        + " ".join(f"{value:.1f}" for value in os.getloadavg())
    )
    table.print()
    throughput = len(every) / seconds
    mean_answer = statistics.mean(times) / 1000
    mean_pause = statistics.mean(pauses) if pauses else 0.0
    offered = f"{users / mean_pause:.1f} requests/s" if mean_pause else "unbounded (no pause)"
    print(
        f"\noffered load: {users} users / mean pause {mean_pause:.2f} s = {offered} if answers "
        f"were instant\nLittle's law: throughput × (mean answer + mean pause) = {throughput:.1f} × "
        f"({mean_answer:.3f} + {mean_pause:.3f}) = {throughput * (mean_answer + mean_pause):.1f} "
        f"users in the system (ran with {users})"
    )
    print(
        f"\ntargets (50 users, 150,000 actors): median < {MEDIAN_TARGET_MS} ms: "
        f"{median:.0f} ms ({'yes' if median < MEDIAN_TARGET_MS else 'no'}); p95 < "
        f"{P95_TARGET_MS} ms: {p95:.0f} ms ({'yes' if p95 < P95_TARGET_MS else 'no'}); "
        f"no error: {errors} ({'yes' if not errors else 'no'})"
    )
    print(
        "network pages and metrics are served from their cache (network.cache), computed "
        "once by the worker before the run"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (documented: 3)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--think",
        type=think_range,
        default=(0.5, 1.5),
        help="seconds of pause after each answer, uniform in A-B (default 0.5-1.5; 0: none)",
    )
    parser.add_argument(
        "--database",
        default=territories.BENCH_DB,
        help="the PostgreSQL database created and dropped",
    )
    args = parser.parse_args(argv)
    territories.BENCH_DB = args.database
    with tempfile.TemporaryDirectory(prefix="terreau-load-") as data_dir:
        admin_url = territories.prepare_environment(Path(data_dir))
        server = None
        try:
            territories.setup_django()
            epci, slug = seed(args.actors)
            from terreau.network.cache import refresh
            from terreau.territories.refs import resolve

            step("computing the network metrics once (the scheduled job)")
            refresh(territory=resolve(epci))
            from terreau.diagnosis.aggregates import refresh as refresh_aggregates

            step("computing the diagnosis aggregates (the hourly job)")
            refresh_aggregates()
            from django.db import connection, connections

            if connection.vendor == "postgresql":
                step("VACUUM ANALYZE (what autovacuum does after a bulk insert)")
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")

            connections.close_all()
            env = dict(os.environ, DJANGO_SETTINGS_MODULE="terreau.config.settings")
            step(f"starting gunicorn with {args.workers} workers")
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "terreau.config.wsgi",
                    "--bind",
                    f"127.0.0.1:{args.port}",
                    "--workers",
                    str(args.workers),
                    "--log-level",
                    "warning",
                ],
                env=env,
            )
            base = f"http://127.0.0.1:{args.port}"
            import httpx

            for _ in range(100):
                try:
                    httpx.get(f"{base}/static/terreau/network.js", timeout=2)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            kinds = paths(epci, slug)
            step("warming up each page once")
            for urls in kinds.values():
                for url in urls:
                    status = httpx.get(base + url, timeout=120).status_code
                    print(f"  {status} {url}")
            step(f"driving {args.users} users for {args.seconds:.0f} s")
            results, pauses = asyncio.run(drive(base, kinds, args.users, args.seconds, args.think))
            report(results, args.seconds, args.users, args.actors, args.workers, args.think, pauses)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            territories.BENCH_DB = args.database  # never another script's database
            territories.drop_database(admin_url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
