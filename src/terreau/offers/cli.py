"""`terreau offers …` commands, added to the `terreau` parser by terreau.cli."""

import json
import sys
from pathlib import Path

EXIT_DATA_ERROR = 1
EXIT_FILE_ERROR = 2


def add_commands(groups) -> None:
    """Add the `offers` command group."""
    from terreau.cli import _subcommands

    offers = groups.add_parser("offers", help="the catalogue of support and financing offers")
    commands = _subcommands(offers)
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
        choices=["json", "csv", "aides-territoires"],
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
    offers_import.set_defaults(handler=offers_import_command)


def offers_import_command(args) -> int:
    from terreau.core.errors import DataFileError
    from terreau.offers.importers import offers_import

    try:
        report = offers_import(
            path=args.file,
            file_format=args.file_format,
            atomic=args.atomic,
            dry_run=args.dry_run,
            licence=args.licence,
        )
    except DataFileError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_FILE_ERROR
    if args.report:
        args.report.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    status = "dry run" if report.dry_run else ("imported" if report.imported else "NOT imported")
    print(
        f"{report.source} ({status}): {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} errors"
    )
    where = "line" if args.file_format == "csv" else "offer"
    for error in report.errors[:20]:
        print(f"  {where} {error.line}, {error.column} «{error.value}»: {error.message}")
    if len(report.errors) > 20:
        print(f"  … {len(report.errors) - 20} more errors (see --report)")
    for note in report.notes[:20]:
        print(f"  {note}")
    if len(report.notes) > 20:
        print(f"  … {len(report.notes) - 20} more notes (see --report)")
    return EXIT_DATA_ERROR if report.errors else 0
