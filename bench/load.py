"""Load test: N concurrent users on loopback against gunicorn (the documented worker count) on a
throwaway database of synthetic actors, through territory pages, diagnoses, actor lists,
cooperation records, network pages and the API, for a bounded time.

Run from the repository root: `.venv/bin/python bench/load.py [--actors N] [--users U]
[--seconds S] [--workers W]`. Defaults are small (about a minute); the issue's scale is
`--actors 150000 --users 50 --seconds 120` with DATABASE_URL pointing at PostgreSQL (a database
`terreau_bench_load` is created and dropped, as bench/territories.py does).

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


async def user(client, kinds, deadline: float, results: dict, rng: random.Random) -> None:
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


async def drive(base: str, kinds, users: int, seconds: float) -> dict:
    import httpx

    results: dict = {}
    limits = httpx.Limits(max_connections=users)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(user(client, kinds, deadline, results, random.Random(n)) for n in range(users))
        )
    return results


def seed(actors: int) -> tuple[str, str | None]:
    """The geography, `actors` synthetic actors in the département (public), a cooperation."""
    import diagnosis
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


def report(results: dict, seconds: float, users: int, actors: int, workers: int) -> None:
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
    print(f"\n{users} users for {seconds:.0f} s, {actors:,} actors, gunicorn --workers {workers}")
    table.print()
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
    args = parser.parse_args(argv)
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
            from django.db import connections

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
            results = asyncio.run(drive(base, kinds, args.users, args.seconds))
            report(results, args.seconds, args.users, args.actors, args.workers)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            territories.drop_database(admin_url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
