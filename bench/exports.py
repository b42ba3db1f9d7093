"""Benchmark of the full exports of the actor directory (CSV and XLSX, as an anonymous visitor
downloads them from /acteurs/export.*): time and peak memory of the streamed exports against the
whole-file-in-memory way they were built before, and against a plain read of the same actors.

Run from the repository root: `.venv/bin/python bench/exports.py [--actors N]`. The actors are
synthetic, drawn as bench/diagnosis.py draws them, all public, in one département.

Works on a throwaway database and never touches ./var, like bench/territories.py (whose helpers it
uses): SQLite in a temporary directory by default; with DATABASE_URL set to a PostgreSQL server, a
database named `terreau_bench_exports` on that server, created and dropped by this script.

Every figure is printed next to its baseline, measured in the same run on the same machine and
database: the plain read (`iterator()` over the export's queryset, each column read), whose time
and memory no export can go below. Memory is the peak traced by tracemalloc (Python allocations),
measured in a separate run from the time, which tracemalloc would slow down.
"""

import argparse
import io
import random
import sys
import tracemalloc

import diagnosis
import territories
from territories import Table, median_seconds, step

territories.BENCH_DB = "terreau_bench_exports"
TERRITORY = "departement:62"
REPEAT = 3


def whole_csv(actors) -> bytes:
    """The CSV as the export built it before streaming: the whole text in memory, then encoded."""
    from terreau.actors.exports import HEADER, rows
    from terreau.core.spreadsheets import CsvWriter

    buffer = io.StringIO()
    writer = CsvWriter(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(actors))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def whole_xlsx(actors) -> bytes:
    """The XLSX as the export built it before: saved into memory, sent from there."""
    from terreau.actors.exports import export_xlsx

    buffer = io.BytesIO()
    export_xlsx(actors, buffer)
    return buffer.getvalue()


def plain_read(actors) -> int:
    from terreau.actors.exports import COLUMNS

    count = 0
    for actor in actors.iterator(chunk_size=2000):
        for _name, getter in COLUMNS:
            getter(actor)
        count += 1
    return count


def streamed_csv(actors) -> int:
    """What the response does with the stream: each chunk sent, then dropped."""
    from terreau.actors.exports import export_chunks

    return sum(len(chunk) for chunk in export_chunks(actors, "csv"))


def xlsx_file(actors) -> int:
    from terreau.actors.exports import export_xlsx_file

    with export_xlsx_file(actors) as target:
        return sum(len(chunk) for chunk in iter(lambda: target.read(64 * 1024), b""))


def peak_mib(fn, *args) -> float:
    tracemalloc.start()
    try:
        fn(*args)
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with territories.bench_environment("exports"):
        from django.conf import settings

        from terreau.actors.models import Actor
        from terreau.actors.queries import ActorFilters, actors_matching
        from terreau.territories.refs import resolve
        from terreau.territories.services import geography_load

        step("loading the geography (geography_load)")
        from pathlib import Path

        geography_load(package_dir=Path(settings.TERREAU_GEO_PACKAGE_DIR))
        territory = resolve(TERRITORY)
        step(f"inserting {args.actors:,} actors in {TERRITORY}")
        draw = diagnosis.ActorDraw(random.Random(args.seed))
        diagnosis.insert_actors(draw, territory.communes(), args.actors, "T")
        Actor.objects.update(is_public=True)

        def actors():
            return actors_matching(ActorFilters(territory=territory), user=None)

        cases = [
            ("plain read (baseline)", plain_read),
            ("CSV, whole in memory (before)", whole_csv),
            ("CSV, streamed (now)", streamed_csv),
            ("XLSX, whole in memory (before)", whole_xlsx),
            ("XLSX, temporary file (now)", xlsx_file),
        ]
        step(f"timing each export ({REPEAT} runs, median) and its peak memory")
        measured = []
        for label, fn in cases:
            seconds = median_seconds(lambda fn=fn: fn(actors()), repeat=REPEAT)
            measured.append((label, seconds, peak_mib(fn, actors())))
        base_s, base_mib = measured[0][1], measured[0][2]
        table = Table(
            f"Exports of {args.actors:,} actors",
            ["export", "seconds", "× baseline time", "peak MiB", "× baseline memory"],
        )
        for label, seconds, mib in measured:
            table.add(
                label,
                f"{seconds:.2f}",
                f"{seconds / base_s:.2f}",
                f"{mib:.1f}",
                f"{mib / base_mib:.2f}",
            )
        table.print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
