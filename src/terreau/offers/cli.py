"""`terreau offers …` commands, listed in terreau.cli.APP_COMMANDS."""

import json
from pathlib import Path

from terreau.core.cli import EXIT_BAD_REFERENCE as EXIT_FILE_ERROR
from terreau.core.cli import (
    EXIT_DATA_ERROR,
    fail,
    parse_date,
    print_report,
    subcommands,
    user_or_exit,
    write_output,
)
from terreau.offers.formats import FORMATS
from terreau.territories.cli import territory_or_exit


def add_commands(groups) -> None:
    """Add the `offers` command group."""

    offers = groups.add_parser("offers", help="the catalogue of support and financing offers")
    commands = subcommands(offers)
    offers_import = commands.add_parser(
        "import",
        help="import offers from our JSON or CSV format or from the aides-territoires API JSON",
        description="Import support and financing offers. Formats: json and csv (Terreau's own "
        "fields, see docs/data-formats.md), aides-territoires (the JSON of its public API "
        "/api/aids/: one page with 'results' or a list of aids; each field's mapping is in "
        "docs/data-formats.md). Exit status: 0 when every offer was imported, 1 when some were "
        "rejected (the valid ones are imported unless --atomic), 2 when the file cannot be read "
        "(nothing imported). Offers are matched on their source and id, so importing the same "
        "file again reports every offer unchanged.",
    )
    offers_import.add_argument("file", type=Path)
    offers_import.add_argument(
        "--format",
        required=True,
        choices=list(FORMATS),
        dest="file_format",
    )
    offers_import.add_argument(
        "--licence",
        metavar="TEXT",
        default="",
        help="licence of the file's data, recorded on offers that do not state their own",
    )
    offers_import.add_argument(
        "--dry-run", action="store_true", help="check and count, write nothing"
    )
    offers_import.add_argument(
        "--atomic", action="store_true", help="import nothing if any offer is rejected"
    )
    offers_import.add_argument("--report", type=Path, metavar="PATH", help="write a JSON report")
    offers_import.add_argument(
        "--user",
        metavar="USERNAME",
        help="import as this account: providers and funders are found among the actors it may "
        "see, and offers it may not edit are left as they are (default: the operator)",
    )
    offers_import.set_defaults(handler=offers_import_command)
    add_fetch_command(commands)
    digest = commands.add_parser(
        "digest",
        help="e-mail each follower the new offers matching their cooperations (daily)",
        description="The daily digest: one e-mail per person listing the new offers that match "
        "the cooperations they follow, notified in Terreau since the last digest, on the "
        "cooperations they may still read; each notification is e-mailed once. Run daily "
        '(docs/deployment.md, "Tâches planifiées").',
    )
    digest.set_defaults(handler=offers_digest_command)
    export = commands.add_parser(
        "export",
        help="write the published offers as open data (JSON or CSV)",
        description="The published offers with their eligibility, in Terreau's open format "
        "close to aides-territoires' fields (docs/data-formats.md, « Offres en données "
        "ouvertes »): names not codes, unknown criteria null (JSON) or empty (CSV), the "
        "licence and the date of the data.",
    )
    export.add_argument("--format", choices=["json", "csv"], required=True, dest="file_format")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    export.set_defaults(handler=offers_export_command)
    add_matching_commands(commands)


def add_fetch_command(commands) -> None:
    """`terreau offers fetch`: keep the catalogue in sync with a public aid catalogue."""
    fetch = commands.add_parser(
        "fetch",
        help="keep the catalogue in sync with aides-territoires (its live API; nightly job)",
        description="Fetch every aid the aides-territoires API lists (page after page; key in "
        "TERREAU_AIDES_TERRITOIRES_TOKEN, exchanged for a bearer token), map each one as "
        "`offers import --format aides-territoires` does, create the new offers and update the "
        "changed ones. Fields a person edited in Terreau are kept and listed as conflicts; "
        "offers entered by hand or from files are never touched. A full sync (no --perimeter, "
        "no --since) archives, never deletes, the published offers from aides-territoires it no "
        "longer lists. Every run is recorded (the offers page shows the last one). Exit status: "
        "0 when every aid was written, 1 when some were rejected (the others are written), 2 "
        "when the service could not be read (nothing written). Run nightly with --scheduled "
        '(docs/deployment.md, "Tâches planifiées"); docs/data-formats.md has the mapping.',
    )
    fetch.add_argument("--source", required=True, choices=["aides-territoires"])
    fetch.add_argument(
        "--perimeter",
        metavar="ID",
        help="only the aids of this aides-territoires perimeter (its id, e.g. "
        "70973-auvergne-rhone-alpes, from the API's /perimeters/); archives nothing",
    )
    fetch.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        type=parse_date,
        help="only the aids published since this day; archives nothing",
    )
    fetch.add_argument(
        "--dry-run", action="store_true", help="fetch, check and count, write nothing"
    )
    fetch.add_argument("--report", type=Path, metavar="PATH", help="write a JSON report")
    fetch.add_argument(
        "--scheduled",
        action="store_true",
        help="record the run as the scheduled task's (default: a command-line run)",
    )
    fetch.set_defaults(handler=offers_fetch_command)


def offers_fetch_command(args) -> int:
    from terreau.connectors.client import ConnectorError
    from terreau.connectors.models import ConnectorRun
    from terreau.offers.sync import aides_territoires_sync

    trigger = ConnectorRun.Trigger.SCHEDULE if args.scheduled else ConnectorRun.Trigger.COMMAND
    try:
        report = aides_territoires_sync(
            perimeter=args.perimeter, since=args.since, dry_run=args.dry_run, trigger=trigger
        )
    except ConnectorError as error:
        return fail(error, EXIT_FILE_ERROR)
    status = print_report(report, args.report, row="aid", count_errors=True, notes_limit=20)
    print(f"  archived (no longer listed): {report.archived}")
    return status


def offers_digest_command(args) -> int:
    from terreau.offers.subscriptions import digest_send

    print(f"{digest_send()} digest e-mails sent")
    return 0


def offers_export_command(args) -> int:
    import sys

    from terreau.core.opendata import stamp
    from terreau.offers.open_data import WRITERS, published_offers

    chunks = WRITERS[args.file_format](published_offers(), stamp())
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as target:
            target.writelines(chunks)
    else:
        sys.stdout.writelines(chunks)
    return 0


def offers_import_command(args) -> int:
    from terreau.core.errors import DataFileError
    from terreau.offers.importers import offers_import

    user = user_or_exit(args.user)
    try:
        report = offers_import(
            path=args.file,
            file_format=args.file_format,
            atomic=args.atomic,
            dry_run=args.dry_run,
            licence=args.licence,
            by=user,
        )
    except DataFileError as error:
        return fail(error, EXIT_FILE_ERROR)
    return print_report(
        report,
        args.report,
        row=FORMATS[args.file_format].location,
        count_errors=True,
        notes_limit=20,
    )


# --- Matching, map, gaps (docs/offers-matching.md) -----------------------------------------------
def add_matching_commands(commands) -> None:
    """`terreau offers match`, `map` and `gaps`."""
    match = commands.add_parser(
        "match",
        help="the offers that fit a cooperation, ranked, with a reason per criterion",
        description="Rank the open offers a cooperation is eligible for by fit (score 0-100), "
        "with a result per criterion (met, partly_met, not_met, unknown) and its explanation; "
        "eligible offers first by descending score, the recommended ones apart from the others "
        "to look at. The rule is in docs/offers-matching.md. Output: [{offer, name, kind, "
        "both_kinds, eligible, recommended, score, reasons: [{criterion, result, detail}]}].",
    )
    match.add_argument("slug", help="the cooperation's identifier (slug)")
    match.add_argument("--format", choices=["json", "text"], default="text", dest="output")
    match.add_argument(
        "--include-excluded",
        action="store_true",
        help="also list the published offers it is not eligible for, with the reasons",
    )
    match.add_argument("--date", metavar="YYYY-MM-DD", help="match as on this day (default: today)")
    match.set_defaults(handler=offers_match_command)

    for name, helptext, handler, formats in (
        (
            "map",
            "the offers available on a territory: by kind and type, support providers, and the "
            "stage × cooperation model matrix",
            offers_map_command,
            ["json"],
        ),
        (
            "gaps",
            "what is missing on a territory: stage × model × carrier combinations without an "
            "open support or financing offer, animation and informal collectives without a "
            "fundable route, needs and cooperations that match no offer",
            offers_gaps_command,
            ["json", "csv"],
        ),
    ):
        command = commands.add_parser(
            name,
            help=helptext,
            description=helptext[0].upper() + helptext[1:] + ". Formats in docs/data-formats.md.",
        )
        command.add_argument("ref", help="territory reference, e.g. epci:246200844")
        command.add_argument("--format", choices=formats, default="json", dest="output")
        command.add_argument("-o", "--output-file", type=Path, metavar="PATH")
        command.add_argument("--date", metavar="YYYY-MM-DD", help="as on this day (default: today)")
        command.set_defaults(handler=handler)


def _day(args):
    import datetime

    if not args.date:
        return None
    try:
        return datetime.date.fromisoformat(args.date)
    except ValueError:
        raise SystemExit(
            fail(f"--date: not a date (YYYY-MM-DD): {args.date}", EXIT_FILE_ERROR)
        ) from None


def offers_match_command(args) -> int:
    from terreau.cooperations.cli import cooperation_or_exit
    from terreau.offers.matching import cooperation_matches, matches_json

    cooperation = cooperation_or_exit(args.slug, status=EXIT_DATA_ERROR)
    matches = cooperation_matches(
        cooperation, include_excluded=args.include_excluded, day=_day(args)
    )
    if args.output == "json":
        print(json.dumps(matches_json(matches), ensure_ascii=False, indent=2))
        return 0
    groups = (
        ("recommended offers", [m for m in matches if m.recommended]),
        ("others to look at", [m for m in matches if m.eligible and not m.recommended]),
        ("excluded", [m for m in matches if not m.eligible]),
    )
    for title, group in groups:
        if not group:
            continue
        print(f"# {title} ({len(group)})")
        for match in group:
            status = f"{match.score:3d}" if match.eligible else "  -"
            print(f"{status}  {match.offer.name} ({match.offer.slug})")
            for reason in match.reasons:
                print(f"       {reason.criterion}: {reason.result} — {reason.detail}")
    if not matches:
        print("no open offer fits this cooperation")
    return 0


def offers_map_command(args) -> int:
    from terreau.offers.gaps import offer_map

    territory = territory_or_exit(args.ref, status=EXIT_DATA_ERROR)
    data = offer_map(territory, user=None, day=_day(args))
    return write_output(
        (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(), args.output_file
    )


def offers_gaps_command(args) -> int:
    from terreau.offers.gaps import gaps_csv, territory_gaps

    territory = territory_or_exit(args.ref, status=EXIT_DATA_ERROR)
    gaps = territory_gaps(territory, user=None, day=_day(args))
    if args.output == "csv":
        return write_output(gaps_csv(gaps), args.output_file)
    return write_output(
        (json.dumps(gaps, ensure_ascii=False, indent=2) + "\n").encode(), args.output_file
    )
