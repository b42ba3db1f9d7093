"""`terreau observatory …` commands, listed in terreau.cli.APP_COMMANDS."""

from terreau.core.cli import subcommands


def add_commands(groups) -> None:
    observatory = groups.add_parser(
        "observatory", help="the observatory of financings (opted-in cooperations, anonymous)"
    )
    commands = subcommands(observatory)
    export = commands.add_parser(
        "export",
        help="export the observatory's cells",
        description="Print the observatory's cells: the resources of the cooperations that opted "
        "in, by year, form, family, category, funding mode, stage, type, model, economic model, "
        "carrier, région and département, the third parties' contributions to useful effects, "
        "and the distributions of animation coverage, hybridisation and top-funder dependency. "
        "JSON lists cells as {dimensions, cooperations, amount, suppressed}; a cell gathering "
        "fewer than 3 cooperations, or where one cooperation weighs more than 85 %, is "
        "suppressed and has no amount (statistical secrecy, docs/observatory.md). CSV has one "
        "row per cell. Exits with status 2 when the territory is unknown.",
    )
    export.add_argument("--territory", metavar="REF", help="a territory reference (commune:…)")
    export.add_argument("--year", type=int, metavar="YYYY", help="one year (default: every year)")
    export.add_argument(
        "--format", choices=["json", "csv"], default="json", dest="file_format", help="format"
    )
    export.set_defaults(handler=export_command)


def export_command(args) -> int:
    import json
    import sys

    from terreau.core.cli import EXIT_BAD_REFERENCE, fail
    from terreau.economy.queries import FIRST_YEAR, LAST_YEAR
    from terreau.observatory.export import csv_text, document
    from terreau.observatory.queries import observe
    from terreau.territories.cli import territory_or_exit

    if args.year is not None and not FIRST_YEAR <= args.year <= LAST_YEAR:
        message = f"--year {args.year}: a year between {FIRST_YEAR} and {LAST_YEAR}"
        return fail(message, EXIT_BAD_REFERENCE)
    territory = territory_or_exit(args.territory) if args.territory else None
    observation = observe(territory, args.year)
    if args.file_format == "csv":
        sys.stdout.write(csv_text(observation))
    else:
        data = document(observation, territory=territory, year=args.year)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0
