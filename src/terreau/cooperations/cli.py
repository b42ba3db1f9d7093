"""`terreau cooperation …` commands, and the cooperation argument of the other apps' commands."""

import sys
from pathlib import Path

from terreau.core.cli import EXIT_BAD_REFERENCE, fail, subcommands, user_or_exit, write_output


def add_commands(groups) -> None:
    cooperation = groups.add_parser(
        "cooperation",
        help="export and import whole cooperations (JSON interchange format)",
    )
    cooperation_commands = subcommands(cooperation)
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
    refresh = cooperation_commands.add_parser(
        "refresh-suggestions",
        help="recompute the kept partner suggestions whose data changed (scheduled job)",
        description="Recompute now the partner suggestions kept for the cooperations of large "
        "territories (cooperations.suggestions, TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES), for "
        "each reader who asked for them and is still a member, when the data they are read "
        "from changed since; the rows of readers no longer members are deleted. Run it hourly "
        "(docs/deployment.md, Tâches planifiées). Exits with status 2 when the cooperation is "
        "unknown, 1 when a computation failed.",
    )
    refresh.add_argument("--cooperation", metavar="SLUG", help="only this cooperation's")
    refresh.add_argument(
        "--force", action="store_true", help="recompute even the suggestions that are up to date"
    )
    refresh.set_defaults(handler=refresh_suggestions_command)


def cooperation_or_exit(slug: str, *, status: int = EXIT_BAD_REFERENCE):
    """The cooperation a SLUG argument names (the operator sees them all); else exit `status`."""
    from terreau.cooperations.models import Cooperation

    cooperation = Cooperation.objects.filter(slug=slug).first()
    if cooperation is None:
        raise SystemExit(fail(f"unknown cooperation: {slug}", status))
    return cooperation


def cooperation_export_command(args) -> int:
    from terreau.interchange import cooperation_export, document_json

    cooperation = cooperation_or_exit(args.slug)
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
        return fail(error, EXIT_BAD_REFERENCE)
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


def refresh_suggestions_command(args) -> int:
    from terreau.cooperations.suggestions import refresh

    cooperation = cooperation_or_exit(args.cooperation) if args.cooperation else None
    done = refresh(cooperation=cooperation, force=args.force)
    for row in done:
        reader = row.created_by.get_username() if row.created_by else "staff"
        print(f"{row.cooperation.slug} ({reader}): {row.state}")
    print(f"{len(done)} partner suggestion lists recomputed")
    return 0 if all(row.status == row.Status.DONE for row in done) else 1
