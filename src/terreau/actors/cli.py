"""`terreau actors …` commands."""

import sys
from pathlib import Path

from terreau.actors.formats import FORMATS, public_by_default
from terreau.core.cli import (
    EXIT_BAD_REFERENCE,
    print_report,
    subcommands,
    user_or_exit,
    write_output,
)
from terreau.territories.cli import territory_or_exit


def add_commands(groups) -> None:
    actors = groups.add_parser("actors", help="the actor directory")
    actor_commands = subcommands(actors)
    actor_import = actor_commands.add_parser(
        "import",
        help="import actors from a SIRENE, RNA, CSV or XLSX file",
        description="Import actors. Exit status: 0 when every row was imported, 1 when some rows "
        "were rejected (the valid ones are imported unless --atomic), 2 when the file cannot be "
        "read (nothing imported). Re-importing the same file changes nothing; rows are matched "
        "on SIRET, then RNA number, then the file's id column. A matched actor changes only in "
        "the columns the file has and fills; values a person entered or edited in Terreau are "
        "kept and listed as conflicts.",
    )
    actor_import.add_argument("file", type=Path)
    actor_import.add_argument("--format", required=True, choices=list(FORMATS), dest="file_format")
    actor_import.add_argument("--territory", metavar="REF", help="keep only rows in this territory")
    actor_import.add_argument(
        "--unites-legales", type=Path, metavar="FILE", help="SIRENE StockUniteLegale file (sirene)"
    )
    actor_import.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="map a spreadsheet column to an actor field (csv, xlsx); repeatable",
    )
    actor_import.add_argument(
        "--dry-run", action="store_true", help="check and count, write nothing"
    )
    actor_import.add_argument(
        "--atomic", action="store_true", help="import nothing if any row is rejected"
    )
    actor_import.add_argument(
        "--visibility",
        choices=["public", "private"],
        help="visibility of the actors the import creates (default: public for "
        f"{_formats(public=True)}, private for {_formats(public=False)}); the actors it updates "
        "keep theirs",
    )
    actor_import.add_argument(
        "--clear-empty",
        action="store_true",
        help="let an empty cell erase the value of a matched actor (never a value a person "
        "entered, nor an identifier, name or kind)",
    )
    actor_import.add_argument("--report", type=Path, metavar="PATH", help="write a JSON report")
    actor_import.add_argument(
        "--user",
        metavar="USERNAME",
        help="import as this account: only the actors it may see are matched or changed "
        "(default: the operator, who sees everything)",
    )
    actor_import.set_defaults(handler=actors_import_command)
    actor_export = actor_commands.add_parser(
        "export",
        help="export the actors of a territory",
        description="Export the actors of a territory as CSV, XLSX, GeoJSON or JSON (to standard "
        "output unless -o is given).",
    )
    actor_export.add_argument("--territory", metavar="REF", required=True)
    actor_export.add_argument(
        "--format", choices=["csv", "xlsx", "geojson", "json"], default="csv", dest="file_format"
    )
    actor_export.add_argument("-o", "--output", type=Path, metavar="PATH")
    actor_export.set_defaults(handler=actors_export_command)
    _add_fetch_commands(actor_commands)


def _formats(*, public: bool) -> str:
    keys = [f.key for f in FORMATS.values() if f.public_by_default == public]
    return " and ".join([", ".join(keys[:-1]), keys[-1]] if len(keys) > 1 else keys)


def actors_import_command(args) -> int:
    from terreau.actors.history import field_label
    from terreau.actors.importers.spreadsheet import parse_mapping
    from terreau.actors.services import actors_import
    from terreau.core.errors import DataFileError

    user = user_or_exit(args.user)
    territory = territory_or_exit(args.territory, user) if args.territory else None
    if args.visibility:
        is_public = args.visibility == "public"
    else:
        is_public = public_by_default(args.file_format)
    try:
        mapping = parse_mapping(args.map)
    except ValueError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    try:
        report = actors_import(
            path=args.file,
            file_format=args.file_format,
            territory=territory,
            unites_legales=args.unites_legales,
            mapping=mapping,
            dry_run=args.dry_run,
            atomic=args.atomic,
            is_public=is_public,
            clear_empty=args.clear_empty,
            by=user,
        )
    except DataFileError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    status = print_report(report, args.report, field_label=field_label)
    if report.created:
        print("  created actors are " + ("public" if is_public else "private"))
    return status


def actors_export_command(args) -> int:
    from terreau.actors.exports import export_actors
    from terreau.actors.queries import ActorFilters, actors_matching

    territory = territory_or_exit(args.territory)
    content = export_actors(
        actors_matching(ActorFilters(territory=territory), user=None), args.file_format
    )
    return write_output(content, args.output)


# The public services actors are fetched from (`connectors.fetch.FETCHERS`); listed here so that
# `terreau --help` builds without Django.
FETCH_SOURCES = ["recherche-entreprises", "data-inclusion"]
ENRICH_SOURCES = ["recherche-entreprises"]
EXIT_SERVICE_ERROR = 3


def _add_fetch_commands(actor_commands) -> None:
    fetch = actor_commands.add_parser(
        "fetch",
        help="import the actors of a territory from a public registry's API",
        description="Fetch the establishments of a territory from a public service and import "
        "them as public actors, with the same report, matching and conflicts as `actors import` "
        "(a re-run changes nothing). recherche-entreprises: the API Recherche d'entreprises, "
        "asked commune by commune, then by NAF section when a commune has more than the API's "
        "10,000 results; closed establishments and sole traders are skipped. Exit status: 0, 1 "
        "when rows were rejected (the others are imported), 2 for a bad reference, 3 when the "
        "service failed (nothing imported).",
    )
    fetch.add_argument("--source", required=True, choices=FETCH_SOURCES)
    fetch.add_argument("--territory", metavar="REF", required=True)
    fetch.add_argument("--ess-only", action="store_true", help="only the ESS (est_ess)")
    fetch.add_argument("--associations", action="store_true", help="only associations")
    fetch.add_argument("--siae", action="store_true", help="only SIAE (insertion)")
    fetch.add_argument(
        "--include-closed",
        action="store_true",
        help="also ask for closed legal units (default: active ones only; closed establishments "
        "are skipped anyway)",
    )
    fetch.add_argument(
        "--life-function",
        action="append",
        default=[],
        metavar="KEY",
        help="keep only establishments whose NAF activity serves this life function (food, "
        "health, …); repeatable",
    )
    _common_fetch_arguments(fetch)
    fetch.set_defaults(handler=actors_fetch_command)
    enrich = actor_commands.add_parser(
        "enrich",
        help="complete known actors from a public registry's API",
        description="Look up each actor with a SIRET (of the territory, if given) and complete "
        "its legal form, ESS status, NAF activity and address; values entered in Terreau are "
        "kept and listed as conflicts, names never change. Exit status as for `actors fetch`.",
    )
    enrich.add_argument("--source", required=True, choices=ENRICH_SOURCES)
    enrich.add_argument("--territory", metavar="REF")
    _common_fetch_arguments(enrich)
    enrich.set_defaults(handler=actors_enrich_command)


def _common_fetch_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="fetch and count, write nothing")
    parser.add_argument("--report", type=Path, metavar="PATH", help="write a JSON report")
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="act as this account: only the actors it may see are matched or changed (default: "
        "the operator)",
    )


def actors_fetch_command(args) -> int:
    from terreau.actors.history import field_label
    from terreau.connectors.client import ConnectorError
    from terreau.connectors.fetch import FETCHERS
    from terreau.core.taxonomies import LifeFunction, taxonomy_members

    user = user_or_exit(args.user)
    territory = territory_or_exit(args.territory, user)
    fetcher = FETCHERS.get(args.source)
    if fetcher is None:
        print(f"terreau: {args.source}: not available yet", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    members, unknown = taxonomy_members(LifeFunction, ",".join(args.life_function))
    if unknown:
        print(f"terreau: unknown life function: {unknown}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    options = {
        "ess_only": args.ess_only,
        "associations": args.associations,
        "siae": args.siae,
        "active_only": not args.include_closed,
        "life_functions": [member.value for member in members],
    }
    try:
        report = fetcher(territory=territory, options=options, dry_run=args.dry_run, by=user)
    except ConnectorError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_SERVICE_ERROR
    return print_report(report, args.report, field_label=field_label)


def actors_enrich_command(args) -> int:
    from terreau.actors.history import field_label
    from terreau.connectors.client import ConnectorError
    from terreau.connectors.fetch import ENRICHERS

    user = user_or_exit(args.user)
    territory = territory_or_exit(args.territory, user) if args.territory else None
    try:
        report = ENRICHERS[args.source](territory=territory, dry_run=args.dry_run, by=user)
    except ConnectorError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_SERVICE_ERROR
    return print_report(report, args.report, field_label=field_label)
