"""`terreau maturity …` commands, listed in terreau.cli.APP_COMMANDS."""

import json
import sys
from pathlib import Path

from terreau.core.cli import EXIT_BAD_REFERENCE, EXIT_DATA_ERROR, subcommands


def add_commands(groups) -> None:
    maturity = groups.add_parser("maturity", help="cooperative maturity self-assessment rounds")
    commands = subcommands(maturity)
    results = commands.add_parser(
        "results",
        help="the aggregated results of a cooperation's or a territory's maturity round",
        description="Print the aggregated results of a maturity round of the cooperation SLUG, "
        "or of the territory REF with --territory (by default its most recently closed round, "
        "else its latest round) as JSON, with the trajectory over its closed rounds. The command "
        "line acts as the server's operator: it sees every round, published or not. Aggregates "
        "and comments are withheld "
        "while the round is open and when fewer than three people answered. Keys in "
        "docs/data-formats.md.",
    )
    results.add_argument("slug", nargs="?", help="the cooperation's identifier")
    results.add_argument(
        "--territory", metavar="REF", help="a territory reference (commune:62057, epci:…)"
    )
    results.add_argument("--round", type=int, metavar="ID", dest="round_id", help="round id")
    results.add_argument("--format", choices=["json"], default="json", dest="file_format")
    results.add_argument("--language", choices=["fr", "en"], default="fr", help="grid texts")
    results.set_defaults(handler=results_command)
    check = commands.add_parser(
        "check-grid",
        help="check a maturity grid file before adding it to maturity/data",
        description="Check a maturity grid file (format in docs/data-formats.md). Prints every "
        "problem with its JSON path and exits with status 1 (2 when the file cannot be read as "
        "JSON), or prints the version and the number of dimensions.",
    )
    check.add_argument("file", type=Path)
    check.set_defaults(handler=check_grid_command)


def results_command(args) -> int:
    from django.utils import translation

    from terreau.cooperations.cli import cooperation_or_exit
    from terreau.maturity.queries import round_results, rounds_trajectory

    if (args.slug is None) == (args.territory is None):
        print("terreau: give a cooperation SLUG or --territory REF (one of them)", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    if args.territory is not None:
        from terreau.maturity.territory_access import territory_rounds_visible_to
        from terreau.territories.refs import TerritoryRefError, resolve

        try:
            territory = resolve(args.territory)
        except TerritoryRefError as error:
            print(f"terreau: {error}", file=sys.stderr)
            return EXIT_BAD_REFERENCE
        rounds = list(territory_rounds_visible_to(None).filter(territory_ref=territory.ref))
        name = territory.ref
    else:
        cooperation = cooperation_or_exit(args.slug)
        rounds = list(cooperation.maturity_rounds.all())
        name = args.slug
    if args.round_id is not None:
        chosen = next((r for r in rounds if r.pk == args.round_id), None)
    else:
        closed = sorted((r for r in rounds if not r.is_open), key=lambda r: (r.ended_on, r.pk))
        chosen = closed[-1] if closed else (rounds[0] if rounds else None)
    if chosen is None:
        print(f"terreau: no such maturity round for {name}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    with translation.override(args.language):
        document = {
            **round_results(chosen).as_json(),
            "trajectory": rounds_trajectory(rounds).as_json(),
        }
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return 0


def check_grid_command(args) -> int:
    from terreau.core.errors import DataFileError
    from terreau.maturity.grids import GridError, read_grid

    try:
        grid = read_grid(args.file)
    except DataFileError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    except GridError as error:
        for problem in error.errors:
            print(f"{args.file}: {problem}", file=sys.stderr)
        return EXIT_DATA_ERROR
    print(f"{grid['version']}: {len(grid['dimensions'])} dimensions")
    return 0
