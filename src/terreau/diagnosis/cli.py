"""`terreau diagnose REF` and `terreau needs …` commands.

Two groups, added apart (`add_diagnose`, `add_needs`) so that `--help` keeps its order.
"""

import json
from pathlib import Path

from terreau.core.cli import (
    EXIT_BAD_REFERENCE,
    EXIT_DATA_ERROR,
    fail,
    print_report,
    subcommands,
    user_or_exit,
    write_output,
)
from terreau.territories.cli import comparison_or_exit, territory_or_exit


def add_diagnose(groups) -> None:
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


def add_needs(groups) -> None:
    needs = groups.add_parser("needs", help="needs registers")
    need_commands = subcommands(needs)
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


def add_diagnosis(groups) -> None:
    diagnosis = groups.add_parser("diagnosis", help="diagnosis figures computed ahead")
    commands = subcommands(diagnosis)
    refresh = commands.add_parser(
        "refresh-aggregates",
        help="recompute the aggregates of the large territories' diagnoses (scheduled job)",
        description="Count the public actors of every commune by kind, legal form family, ESS, "
        "life functions and source file (diagnosis.aggregates): the diagnoses of départements, "
        "régions, France and territories of 300 communes or more read these counts, and say when "
        "they were computed. Does nothing when no actor changed since the latest computation. "
        "Run it hourly (docs/deployment.md, Tâches planifiées). Exits with status 1 when the "
        "computation failed.",
    )
    refresh.add_argument(
        "--force", action="store_true", help="recompute even when no actor changed"
    )
    refresh.set_defaults(handler=refresh_aggregates_command)


def refresh_aggregates_command(args) -> int:
    from terreau.diagnosis.aggregates import refresh

    job = refresh(force=args.force)
    if job is None:
        print("diagnosis aggregates up to date")
        return 0
    if job.status != job.Status.DONE:
        print(f"diagnosis aggregates not computed: {job.error}")
        return 1
    print(
        f"diagnosis aggregates computed: {job.report['rows']} rows at {job.report['computed_at']}"
    )
    return 0


def diagnose_command(args) -> int:
    from terreau.diagnosis.queries import diagnose

    territory = territory_or_exit(args.ref)
    compare = comparison_or_exit(args.compare) if args.compare else None
    result = diagnose(territory, compare_to=compare)
    if args.file_format == "json":
        content = (json.dumps(result.data, ensure_ascii=False, indent=2) + "\n").encode()
    else:
        from terreau.core.pdf import PdfError, pdf_from_html
        from terreau.diagnosis.report import report_html

        html = report_html(result, language=args.language)
        try:
            content = html.encode() if args.file_format == "html" else pdf_from_html(html)
        except PdfError as error:
            return fail(error, EXIT_DATA_ERROR)
    return write_output(content, args.output)


def needs_import_command(args) -> int:
    from terreau.core.errors import DataFileError
    from terreau.diagnosis.needs_import import needs_import

    author = user_or_exit(args.user)
    territory = territory_or_exit(args.territory, author)
    try:
        report = needs_import(
            path=args.file,
            territory=territory,
            author=author,
            atomic=args.atomic,
            dry_run=args.dry_run,
        )
    except DataFileError as error:
        return fail(error, EXIT_BAD_REFERENCE)
    return print_report(report, args.report)
