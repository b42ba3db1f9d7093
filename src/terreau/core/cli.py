"""What every `terreau` command shares: the parser, exit codes and output helpers.

Each app owns its commands in its own `cli.py` (an `add_commands(groups)` function) and imports
only this module; `terreau.cli` assembles them. Nothing here needs Django to be set up at import
time, so `terreau --help` stays fast; helpers that read the database import it when called.
"""

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from terreau.config.data_dir import prepare

EXIT_DATA_ERROR = 1
EXIT_BAD_REFERENCE = 2
HELP_WIDTH = 100


class CommandParser(argparse.ArgumentParser):
    """Every command and subcommand keeps its descriptions' line breaks, at the same width."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "formatter_class",
            lambda prog: argparse.RawDescriptionHelpFormatter(prog, width=HELP_WIDTH),
        )
        super().__init__(*args, **kwargs)


def subcommands(parser: argparse.ArgumentParser):
    """The subcommands of a command group (`terreau GROUP SUBCOMMAND`)."""
    return parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")


def parse_date(text: str) -> date:
    """An argparse type: a YYYY-MM-DD day."""
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def fail(message, status: int) -> int:
    """Print `terreau: MESSAGE` on standard error; the command's exit status."""
    print(f"terreau: {message}", file=sys.stderr)
    return status


def write_output(content: bytes, output: Path | None) -> int:
    """Write a command's file to PATH (-o), else to standard output; the command's success."""
    if output:
        output.write_bytes(content)
    else:
        sys.stdout.buffer.write(content)
    return 0


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.config.settings")
    import django

    prepare()

    django.setup()


def progress():
    """A status line on standard error for long loads (`with progress() as status:`)."""
    from rich.console import Console

    console = Console(stderr=True)
    return console.status("")


def user_or_exit(username: str | None):
    """The account named by `--user`; None, the operator, when no name is given."""
    from django.contrib.auth import get_user_model

    if username is None:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise SystemExit(fail(f"unknown user: {username}", EXIT_BAD_REFERENCE))
    return user


def print_report(
    report,
    report_path,
    *,
    field_label=str,
    row: str = "line",
    count_errors: bool = False,
    notes_limit: int | None = None,
) -> int:
    """Print an import report (and write it as JSON to `--report`); 1 when rows were rejected.

    In the words of the app that imported it: `field_label` names a conflict's field, `row` what
    an error's location counts (an offer of a JSON file); `count_errors` adds the number of
    errors to the summary line, and `notes_limit` shows that many notes, then how many more.
    """
    if report_path:
        report_path.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    status = "dry run" if report.dry_run else ("imported" if report.imported else "NOT imported")
    errors = f", {len(report.errors)} errors" if count_errors else ""
    print(
        f"{report.source} ({status}): {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged{errors}"
    )
    for reason, count in sorted(report.skipped.items()):
        print(f"  skipped {reason}: {count}")
    for error in report.errors[:20]:
        print(f"  {row} {error.line}, {error.column} «{error.value}»: {error.message}")
    if len(report.errors) > 20:
        print(f"  … {len(report.errors) - 20} more errors (see --report)")
    if report.conflicts:
        print(f"  {len(report.conflicts)} values entered in Terreau kept (conflicts):")
        for conflict in report.conflicts[:20]:
            print(
                f"  {row} {conflict['line']}, {field_label(conflict['field'])}: kept "
                f"«{conflict['kept']}», file «{conflict['incoming']}»"
            )
        if len(report.conflicts) > 20:
            print(f"  … {len(report.conflicts) - 20} more conflicts (see --report)")
    for note in report.notes[:notes_limit]:
        print(f"  {note}")
    if notes_limit is not None and len(report.notes) > notes_limit:
        print(f"  … {len(report.notes) - notes_limit} more notes (see --report)")
    return EXIT_DATA_ERROR if report.errors else 0
