"""The exports a restored copy must give back byte for byte, written by the `terreau` command.

Run in the test's process for the original database, and as `python -m tests.core.backups FOLDER`
against a restored copy (its DATABASE_URL and TERREAU_DATA_DIR in the environment)."""

import contextlib
import sys
from pathlib import Path

from terreau.cli import main

TERRITORY = "epci:246200844"
SLUG = "ecopole"
# name of the file → the command writing it (to -o FILE, or to standard output).
ACTORS = ["actors", "export", "--territory", TERRITORY, "--format"]
EXPORTS = {
    "cooperation.json": ["cooperation", "export", SLUG, "-o", "FILE"],
    "actors.csv": [*ACTORS, "csv", "-o", "FILE"],
    "actors.json": [*ACTORS, "json", "-o", "FILE"],
    "actors.geojson": [*ACTORS, "geojson", "-o", "FILE"],
    "monograph.html": ["monograph", SLUG, "--format", "html", "-o", "FILE"],
    "monograph-public.html": ["monograph", SLUG, "--public", "-o", "FILE"],
    "maturity.json": ["maturity", "results", SLUG, "--format", "json"],
    "network.json": ["network", "metrics", "--cooperation", SLUG],
    "diagnosis.json": ["diagnose", TERRITORY, "--format", "json", "-o", "FILE"],
    "economy.json": ["economy", "indicators", SLUG, "--year", "2023"],
}


def write_exports(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, command in EXPORTS.items():
        path = folder / name
        argv = [str(path) if arg == "FILE" else arg for arg in command]
        with contextlib.ExitStack() as stack:
            if "FILE" not in command:
                stack.enter_context(contextlib.redirect_stdout(stack.enter_context(path.open("w"))))
            status = main(argv)
        assert status == 0, f"terreau {' '.join(argv)}: exit status {status}"


if __name__ == "__main__":
    write_exports(Path(sys.argv[1]))
