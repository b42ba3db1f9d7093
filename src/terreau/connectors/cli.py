"""`terreau connectors …` commands: a connector run from the command line (recorded like the
others, `ConnectorRun`). `terreau actors fetch --source …` dispatches to the same functions."""

import sys
from pathlib import Path

from terreau.core.cli import EXIT_BAD_REFERENCE, print_report, subcommands, user_or_exit
from terreau.territories.cli import territory_or_exit


def add_commands(groups) -> None:
    connectors = groups.add_parser("connectors", help="live connectors to public registries")
    commands = subcommands(connectors)
    fetch = commands.add_parser(
        "fetch-data-inclusion",
        help="import the inclusion structures of a territory from data·inclusion",
        description="Fetch the structures of data·inclusion (API v0, /structures) in a territory "
        "and import them as public actors. Needs TERREAU_DATA_INCLUSION_TOKEN. Structures are "
        "matched on SIRET, then on their data·inclusion id; values a person entered in Terreau "
        "are kept and listed as conflicts; running it again changes nothing. Exit status: 0 when "
        "every structure was imported, 1 when some were rejected, 2 when the service could not "
        "answer (nothing imported). Every run is recorded for the administrators' page.",
    )
    fetch.add_argument("--territory", metavar="REF", required=True)
    fetch.add_argument("--dry-run", action="store_true", help="fetch and count, write nothing")
    fetch.add_argument("--report", type=Path, metavar="PATH", help="write a JSON report")
    fetch.add_argument(
        "--user",
        metavar="USERNAME",
        help="fetch as this account: only the actors it may see are matched or changed "
        "(default: the operator)",
    )
    fetch.set_defaults(handler=fetch_data_inclusion_command)


def fetch_data_inclusion_command(args) -> int:
    from terreau.actors.history import field_label
    from terreau.connectors.client import ConnectorError
    from terreau.connectors.data_inclusion import fetch_data_inclusion

    user = user_or_exit(args.user)
    territory = territory_or_exit(args.territory, user)
    try:
        report = fetch_data_inclusion(territory, user=user, dry_run=args.dry_run)
    except ConnectorError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    return print_report(report, args.report, field_label=field_label)
