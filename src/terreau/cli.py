"""The `terreau` command: thin wrappers over the services, documented in docs/cli.md."""

import argparse
import importlib
import json
import os
import sys
from datetime import date
from pathlib import Path

EXIT_DATA_ERROR = 1
EXIT_BAD_REFERENCE = 2
HELP_WIDTH = 100
# Apps that bring their own command group: each module has add_commands(groups).
APP_COMMANDS = (
    "terreau.economy.cli",
    "terreau.offers.cli",
    "terreau.maturity.cli",
    "terreau.monographs.cli",
)


class CommandParser(argparse.ArgumentParser):
    """Every command and subcommand keeps its descriptions' line breaks, at the same width."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "formatter_class",
            lambda prog: argparse.RawDescriptionHelpFormatter(prog, width=HELP_WIDTH),
        )
        super().__init__(*args, **kwargs)


def _subcommands(parser: argparse.ArgumentParser):
    return parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")


def build_parser() -> argparse.ArgumentParser:
    from terreau.core.taxonomies import RelationKind  # needs no Django setup: keys only

    parser = CommandParser(
        prog="terreau",
        description="Terreau: territorial cooperation platform. Every command works on the "
        "database configured by DATABASE_URL (default: SQLite in $TERREAU_DATA_DIR).",
    )
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")

    geo = groups.add_parser("geo", help="load the reference geography of France")
    geo_commands = _subcommands(geo)
    load = geo_commands.add_parser(
        "load",
        help="load communes, EPCI, départements and régions from @etalab/decoupage-administratif",
        description="Load or update communes, EPCI, départements and régions from the npm package "
        "@etalab/decoupage-administratif. Idempotent: a second run changes nothing.",
    )
    load.add_argument(
        "--package-dir",
        type=Path,
        help="folder of the npm package (default: node_modules/@etalab/decoupage-administratif)",
    )
    load.set_defaults(handler=geo_load)
    zonage = geo_commands.add_parser(
        "load-zonage",
        help="load bassins de vie and zones d'emploi from an INSEE composition file",
        description="Load bassins de vie 2022 and/or zones d'emploi 2020 from an INSEE "
        "composition file (CSV or XLSX with CODGEO and BV2022/LIBBV2022 or ZE2020/LIBZE2020) or "
        "from a commune_zonages.csv file (code_commune, bassin_vie_2022, zone_emploi_2020).",
    )
    zonage.add_argument("file", type=Path, help="composition file (CSV or XLSX)")
    zonage.add_argument(
        "--bassins-vie", type=Path, help="labels of bassins de vie (CSV with code,libelle)"
    )
    zonage.add_argument(
        "--zones-emploi", type=Path, help="labels of zones d'emploi (CSV with code,libelle)"
    )
    zonage.set_defaults(handler=geo_load_zonage)
    points = geo_commands.add_parser(
        "load-points",
        help="load map points of communes from a code_commune,lon,lat CSV",
        description="Set the map point (WGS84 lon/lat) of each commune listed in a CSV file with "
        "columns code_commune, lon, lat. Old and delegated commune codes are accepted.",
    )
    points.add_argument("file", type=Path, help="CSV file with code_commune, lon, lat")
    points.set_defaults(handler=geo_load_points)

    territory = groups.add_parser("territory", help="look up territories")
    territory_commands = _subcommands(territory)
    show = territory_commands.add_parser(
        "show",
        help="show a territory by reference",
        description="Show a territory. REF is one of: commune:62057, epci:246200364, "
        "departement:62, region:32, bassin:62057, zone_emploi:3203, projet:<slug>. Exits with "
        "status 2 when the reference is malformed or unknown.",
    )
    show.add_argument("ref", help="territory reference")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=territory_show)
    search = territory_commands.add_parser(
        "search",
        help="search territories by name or code",
        description="Search territories by name (accents and case ignored) or code.",
    )
    search.add_argument("query", help="name, code or postal code")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=territory_search)

    actors = groups.add_parser("actors", help="the actor directory")
    actor_commands = _subcommands(actors)
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
    actor_import.add_argument(
        "--format", required=True, choices=["csv", "xlsx", "sirene", "rna"], dest="file_format"
    )
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
        help="visibility of the actors the import creates (default: public for sirene and rna, "
        "private for csv and xlsx); the actors it updates keep theirs",
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

    diagnose = groups.add_parser(
        "diagnose",
        help="the diagnosis (état des lieux) of a territory",
        description="Compute the diagnosis of a territory from the actor directory: actors by "
        "life function and kind, coverage per 10,000 inhabitants compared with another "
        "territory (default: its département, else its région, else France), communes without "
        "actors for each life function, needs, sources. As JSON, as a printable HTML report, or "
        "as PDF (printed by Chromium).",
    )
    diagnose.add_argument("ref", help="territory reference")
    diagnose.add_argument(
        "--compare", metavar="REF", help="comparison territory (a reference, or 'france')"
    )
    diagnose.add_argument(
        "--format", choices=["json", "html", "pdf"], default="json", dest="file_format"
    )
    diagnose.add_argument(
        "--language", choices=["fr", "en"], default="fr", help="language of the html/pdf report"
    )
    diagnose.add_argument("-o", "--output", type=Path, metavar="PATH")
    diagnose.set_defaults(handler=diagnose_command)

    network = groups.add_parser("network", help="the actor-system network and its metrics")
    network_commands = _subcommands(network)
    network_metrics = network_commands.add_parser(
        "metrics",
        help="metrics of the network of a cooperation or a territory",
        description="Print the metrics of the actor-system network of a cooperation (its "
        "members and the relations recorded in it or between two of its members) or of a "
        "territory (relations with at least one actor located in it, and the members of its "
        "cooperations) as JSON with the keys scope, filters, nodes, edges, relations, "
        "directed_relations, density, components, largest_component, isolated, top_degree, "
        "top_betweenness, betweenness, cross_sector_share, sector_pairs, evolution (see "
        "docs/data-formats.md). Density, degree, components and betweenness count links "
        "between actors whatever their direction. Exits with status 2 when the cooperation or "
        "the territory is unknown, or a filter is invalid.",
    )
    scope = network_metrics.add_mutually_exclusive_group(required=True)
    scope.add_argument("--cooperation", metavar="SLUG", help="a cooperation's identifier")
    scope.add_argument("--territory", metavar="REF", help="a territory reference")
    network_metrics.add_argument(
        "--format", choices=["json"], default="json", dest="file_format", help="output format"
    )
    network_metrics.add_argument(
        "--kind",
        action="append",
        default=[],
        choices=RelationKind.values,
        metavar="KIND",
        help="only relations of this kind (repeatable): " + ", ".join(RelationKind.values),
    )
    network_metrics.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar="DATE",
        help="only relations active on or after this day (YYYY-MM-DD)",
    )
    network_metrics.add_argument(
        "--to",
        dest="end",
        type=_date,
        metavar="DATE",
        help="only relations active on or before this day (YYYY-MM-DD)",
    )
    network_metrics.set_defaults(handler=network_metrics_command)

    needs = groups.add_parser("needs", help="needs registers")
    need_commands = _subcommands(needs)
    needs_import = need_commands.add_parser(
        "import",
        help="import a needs register from a spreadsheet",
        description="Import unmet needs of a territory from a CSV or XLSX file with columns "
        "titre, description, fonctions de vie, exprimé par, comment (atelier, entretien, "
        "enquête, données publiques), date, priorité (haute, moyenne, basse), état (ouvert, …), "
        "acteurs (SIRET or RNA numbers of the territory's actors, separated by | or ,). "
        "Same contract as actor imports: exit 0, 1 (rows rejected) or 2 (file unreadable); "
        "a need is matched on its title and date among the author's own needs, so re-importing "
        "changes nothing.",
    )
    needs_import.add_argument("file", type=Path)
    needs_import.add_argument("--territory", metavar="REF", required=True)
    needs_import.add_argument(
        "--user",
        "--author",
        dest="user",
        metavar="USERNAME",
        required=True,
        help="the needs' author; only the actors this account may see can be named",
    )
    needs_import.add_argument("--dry-run", action="store_true")
    needs_import.add_argument("--atomic", action="store_true")
    needs_import.add_argument("--report", type=Path, metavar="PATH")
    needs_import.set_defaults(handler=needs_import_command)

    cooperation = groups.add_parser(
        "cooperation",
        help="export and import whole cooperations (JSON interchange format)",
    )
    cooperation_commands = _subcommands(cooperation)
    cooperation_export = cooperation_commands.add_parser(
        "export",
        help="export a cooperation as a JSON interchange document",
        description="Export the whole record of a cooperation (members, building blocks, "
        "relations, journal and the actors they refer to; not the user accounts) as a JSON "
        "document described in docs/data-formats.md, to standard output unless -o is given. "
        "The document is deterministic: importing it into an empty database and exporting "
        "again gives the same document. Exits with status 2 when the cooperation is unknown.",
    )
    cooperation_export.add_argument("slug", help="the cooperation's identifier (as in its URL)")
    cooperation_export.add_argument("-o", "--output", type=Path, metavar="PATH")
    cooperation_export.set_defaults(handler=cooperation_export_command)
    cooperation_import = cooperation_commands.add_parser(
        "import",
        help="create a cooperation from a JSON interchange document",
        description="Create a cooperation from a JSON interchange document and print its "
        "identifier. Actors are matched with the directory by SIRET, then RNA number, then "
        "(actors without either) by name and commune; the others are created. Exit status: 0 "
        "imported; 2 the file, the user or the document is invalid: every error is printed on "
        "its own line with its JSON path, and nothing is written.",
    )
    cooperation_import.add_argument("file", type=Path)
    cooperation_import.add_argument(
        "--user",
        metavar="USERNAME",
        help="account that becomes the cooperation's administrator; only the actors it may see "
        "are matched (default: the operator, who sees everything)",
    )
    cooperation_import.add_argument(
        "--slug", help="identifier to give the cooperation instead of the document's"
    )
    cooperation_import.set_defaults(handler=cooperation_import_command)
    cooperation_schema = cooperation_commands.add_parser(
        "schema",
        help="print the JSON Schema of the interchange format",
        description="Print the JSON Schema (draft 2020-12) of the cooperation interchange "
        "format, built from the taxonomies; docs/schemas/cooperation.schema.json is this output.",
    )
    cooperation_schema.set_defaults(handler=cooperation_schema_command)

    for module in APP_COMMANDS:
        importlib.import_module(module).add_commands(groups)

    demo = groups.add_parser("demo", help="demonstration data")
    demo_commands = _subcommands(demo)
    demo_load = demo_commands.add_parser(
        "load",
        help="load the demonstration data set and accounts (idempotent)",
        description="Create the demonstration accounts and data set on top of the loaded "
        "geography. Idempotent: running it again changes nothing.",
    )
    demo_load.set_defaults(handler=demo_load_command)

    token = groups.add_parser("token", help="API tokens")
    token_commands = _subcommands(token)
    token_create = token_commands.add_parser(
        "create",
        help="create an API token for a user and print it",
        description="Create an API token for USERNAME and print it once (only its hash is "
        "stored). Send it as 'Authorization: Bearer <token>'.",
    )
    token_create.add_argument("username")
    token_create.add_argument("--name", default="", help="what the token is for")
    token_create.set_defaults(handler=token_create_command)

    manage = groups.add_parser(
        "manage",
        help="run a Django management command (migrate, createsuperuser, runserver, …)",
        description="Run a Django management command, e.g. 'terreau manage migrate'.",
        add_help=False,
    )
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the command and its options")
    manage.set_defaults(handler=manage_command)
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def write_output(content: bytes, output: Path | None) -> int:
    """Write a command's file to PATH (-o), else to standard output; the command's success."""
    if output:
        output.write_bytes(content)
    else:
        sys.stdout.buffer.write(content)
    return 0


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.config.settings")
    import django

    django.setup()


def _progress():
    from rich.console import Console

    console = Console(stderr=True)
    return console.status("")


def _run_load(service, **kwargs) -> int:
    from terreau.core.errors import DataFileError

    with _progress() as status:
        try:
            report = service(progress=lambda label: status.update(f"{label}…"), **kwargs)
        except DataFileError as error:
            print(f"terreau: {error}", file=sys.stderr)
            return EXIT_DATA_ERROR
    print(f"{report.source}")
    for name, counts in report.counts.items():
        print(
            f"  {name}: {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged"
        )
    for note in report.notes:
        print(f"  {note}")
    return 0


def geo_load(args) -> int:
    from django.conf import settings

    from terreau.territories.services import geography_load

    return _run_load(
        geography_load, package_dir=args.package_dir or settings.TERREAU_GEO_PACKAGE_DIR
    )


def geo_load_zonage(args) -> int:
    from terreau.territories.services import zonage_load

    return _run_load(
        zonage_load,
        path=args.file,
        bassin_labels=args.bassins_vie,
        zone_emploi_labels=args.zones_emploi,
    )


def geo_load_points(args) -> int:
    from terreau.territories.services import commune_points_load

    return _run_load(commune_points_load, path=args.file)


def territory_show(args) -> int:
    from terreau.territories.refs import TerritoryRefError, resolve
    from terreau.territories.serializers import territory_detail

    try:
        territory = resolve(args.ref)
    except TerritoryRefError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    detail = territory_detail(territory)
    if args.json:
        print(json.dumps(detail, ensure_ascii=False, indent=2))
    else:
        print(f"{detail['name']} ({detail['ref']})")
        print(f"  level: {detail['level']}")
        print(f"  population: {detail['population']}")
        print(f"  communes: {detail['commune_count']}")
        print(f"  parents: {', '.join(detail['parents']) or '-'}")
    return 0


def territory_search(args) -> int:
    from terreau.territories.queries import search_territories
    from terreau.territories.serializers import territory_summary

    results = [territory_summary(t) for t in search_territories(args.query, user=None)]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(f"{result['ref']:<24} {result['name']}")
    return 0


def _territory_or_exit(ref: str, user=None):
    from terreau.territories.refs import TerritoryRefError, resolve

    try:
        return resolve(ref, user=user)
    except TerritoryRefError as error:
        print(f"terreau: {error}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_REFERENCE) from error


def user_or_exit(username: str | None):
    """The account named by `--user`; None, the operator, when no name is given."""
    from django.contrib.auth import get_user_model

    if username is None:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        print(f"terreau: unknown user: {username}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_REFERENCE)
    return user


def actors_import_command(args) -> int:
    from terreau.actors.importers.spreadsheet import parse_mapping
    from terreau.actors.services import actors_import, public_by_default
    from terreau.core.errors import DataFileError

    user = user_or_exit(args.user)
    territory = _territory_or_exit(args.territory, user) if args.territory else None
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
        return 2
    status = _print_report(report, args.report)
    if report.created:
        print("  created actors are " + ("public" if is_public else "private"))
    return status


def _print_report(report, report_path) -> int:
    if report_path:
        report_path.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    status = "dry run" if report.dry_run else ("imported" if report.imported else "NOT imported")
    print(
        f"{report.source} ({status}): {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    for reason, count in sorted(report.skipped.items()):
        print(f"  skipped {reason}: {count}")
    for error in report.errors[:20]:
        print(f"  line {error.line}, {error.column} «{error.value}»: {error.message}")
    if len(report.errors) > 20:
        print(f"  … {len(report.errors) - 20} more errors (see --report)")
    if report.conflicts:
        from terreau.actors.history import field_label

        print(f"  {len(report.conflicts)} values entered in Terreau kept (conflicts):")
        for conflict in report.conflicts[:20]:
            print(
                f"  line {conflict['line']}, {field_label(conflict['field'])}: kept "
                f"«{conflict['kept']}», file «{conflict['incoming']}»"
            )
        if len(report.conflicts) > 20:
            print(f"  … {len(report.conflicts) - 20} more conflicts (see --report)")
    for note in report.notes:
        print(f"  {note}")
    return 1 if report.errors else 0


def actors_export_command(args) -> int:
    from terreau.actors.exports import export_actors
    from terreau.actors.queries import ActorFilters, actors_matching

    territory = _territory_or_exit(args.territory)
    content = export_actors(
        actors_matching(ActorFilters(territory=territory), user=None), args.file_format
    )
    return write_output(content, args.output)


def needs_import_command(args) -> int:
    from terreau.core.errors import DataFileError
    from terreau.diagnosis.needs_import import needs_import

    author = user_or_exit(args.user)
    territory = _territory_or_exit(args.territory, author)
    try:
        report = needs_import(
            path=args.file,
            territory=territory,
            author=author,
            atomic=args.atomic,
            dry_run=args.dry_run,
        )
    except DataFileError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return 2
    return _print_report(report, args.report)


def diagnose_command(args) -> int:
    from terreau.diagnosis.queries import France, diagnose

    territory = _territory_or_exit(args.ref)
    compare = None
    if args.compare:
        compare = France() if args.compare == "france" else _territory_or_exit(args.compare)
    result = diagnose(territory, compare_to=compare)
    if args.file_format == "json":
        content = (json.dumps(result.data, ensure_ascii=False, indent=2) + "\n").encode()
    else:
        from terreau.diagnosis.report import ReportError, report_html, report_pdf

        html = report_html(result, language=args.language)
        try:
            content = html.encode() if args.file_format == "html" else report_pdf(html)
        except ReportError as error:
            print(f"terreau: {error}", file=sys.stderr)
            return EXIT_DATA_ERROR
    return write_output(content, args.output)


def cooperation_export_command(args) -> int:
    from terreau.cooperations.models import Cooperation
    from terreau.interchange import cooperation_export, document_json

    cooperation = Cooperation.objects.filter(slug=args.slug).first()
    if cooperation is None:
        print(f"terreau: unknown cooperation: {args.slug}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    content = document_json(cooperation_export(cooperation)).encode()
    return write_output(content, args.output)


def cooperation_import_command(args) -> int:
    from terreau.core.errors import DataFileError
    from terreau.interchange import (
        InterchangeError,
        cooperation_import,
        read_document,
    )

    user = user_or_exit(args.user)
    try:
        document = read_document(args.file)
        cooperation = cooperation_import(
            document, by=user, slug=args.slug, source_name=args.file.name
        )
    except DataFileError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    except InterchangeError as error:
        for found in error.errors:
            print(f"{args.file}: {found}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    print(cooperation.slug)
    return 0


def cooperation_schema_command(args) -> int:
    from terreau.interchange.schema import schema_json

    sys.stdout.write(schema_json())
    return 0


def network_metrics_command(args) -> int:
    from terreau.network.graph import NetworkFilters
    from terreau.network.metrics import network_metrics
    from terreau.network.queries import (
        accessible_cooperation,
        cooperation_network,
        territory_network,
    )

    try:
        filters = NetworkFilters(kinds=tuple(args.kind), start=args.start, end=args.end)
    except ValueError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    if args.cooperation:
        cooperation = accessible_cooperation(args.cooperation, user=None)
        if cooperation is None:
            print(f"terreau: unknown cooperation: {args.cooperation}", file=sys.stderr)
            return EXIT_BAD_REFERENCE
        network = cooperation_network(cooperation, user=None, filters=filters)
    else:
        network = territory_network(_territory_or_exit(args.territory), user=None, filters=filters)
    print(json.dumps(network_metrics(network), ensure_ascii=False, indent=2))
    return 0


def demo_load_command(args) -> int:
    from terreau.demo import DemoError, demo_load

    try:
        accounts = demo_load()
    except DemoError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_DATA_ERROR
    print("Demonstration data loaded. Accounts:")
    for account in accounts:
        print(f"  {account.role}: {account.username} / {account.password}")
    return 0


def token_create_command(args) -> int:
    from django.contrib.auth import get_user_model

    from terreau.api.models import ApiToken

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        print(f"terreau: unknown user: {args.username}", file=sys.stderr)
        return EXIT_DATA_ERROR
    _token, secret = ApiToken.issue(user=user, name=args.name)
    print(secret)
    return 0


def manage_command(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["terreau manage", *args.args])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_django()
    return args.handler(args)


def reference_markdown() -> str:
    """docs/cli.md: the help of every command, as printed by `--help`."""
    parser = build_parser()
    sections = ["# `terreau` command reference", "", "Generated from `--help` by `make docs`.", ""]

    def walk(p: argparse.ArgumentParser, name: str) -> None:
        sections.extend([f"## `{name}`", "", "```", p.format_help().rstrip(), "```", ""])
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(sub, f"{name} {sub_name}")

    walk(parser, "terreau")
    return "\n".join(sections)


if __name__ == "__main__":
    sys.exit(main())
