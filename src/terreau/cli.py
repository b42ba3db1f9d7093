"""The `terreau` command: each app's commands (its `cli.py`) assembled, documented in docs/cli.md.

Shared parser, exit codes and output helpers are in `terreau.core.cli`; an app adds its group(s)
with a function listed in APP_COMMANDS, in the order `terreau --help` shows them.
"""

import argparse
import importlib
import sys

from terreau.core.cli import (
    EXIT_BAD_REFERENCE,  # noqa: F401 (kept importable from here)
    EXIT_DATA_ERROR,
    CommandParser,
    fail,
    setup_django,
    subcommands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="terreau",
        description="Terreau: territorial cooperation platform. Every command works on the "
        "database configured by DATABASE_URL (default: SQLite in $TERREAU_DATA_DIR).",
    )
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")
    for entry in APP_COMMANDS:
        if isinstance(entry, str):
            module, _sep, function = entry.partition(":")
            entry = getattr(importlib.import_module(module), function or "add_commands")
        entry(groups)
    return parser


def add_demo(groups) -> None:
    demo = groups.add_parser("demo", help="demonstration data")
    demo_commands = subcommands(demo)
    demo_load = demo_commands.add_parser(
        "load",
        help="load the demonstration data set and accounts (idempotent)",
        description="Create the demonstration accounts and data set on top of the loaded "
        "geography. Idempotent: running it again changes nothing.",
    )
    demo_load.set_defaults(handler=demo_load_command)


def add_manage(groups) -> None:
    manage = groups.add_parser(
        "manage",
        help="run a Django management command (migrate, createsuperuser, runserver, …)",
        description="Run a Django management command, e.g. 'terreau manage migrate'.",
        add_help=False,
    )
    manage.add_argument("args", nargs=argparse.REMAINDER, help="the command and its options")
    manage.set_defaults(handler=manage_command)


# Who adds which group(s) to the parser, in the order of `terreau --help`: "module" (its
# add_commands), "module:function", or a function of this module. Imported when the parser is built.
APP_COMMANDS = (
    "terreau.territories.cli",
    "terreau.actors.cli",
    "terreau.diagnosis.cli:add_diagnose",
    "terreau.network.cli",
    "terreau.diagnosis.cli:add_needs",
    "terreau.diagnosis.cli:add_diagnosis",
    "terreau.cooperations.cli",
    "terreau.economy.cli",
    "terreau.observatory.cli",
    "terreau.offers.cli",
    "terreau.maturity.cli",
    "terreau.monographs.cli",
    add_demo,
    "terreau.core.jobs_cli",
    "terreau.accounts.cli",
    "terreau.api.cli",
    "terreau.core.backup_cli",
    add_manage,
)


def demo_load_command(args) -> int:
    from terreau.demo import DemoError, demo_load

    try:
        accounts = demo_load()
    except DemoError as error:
        return fail(error, EXIT_DATA_ERROR)
    print("Demonstration data loaded. Accounts:")
    for account in accounts:
        print(f"  {account.role}: {account.username} / {account.password}")
    return 0


def manage_command(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["terreau manage", *args.args])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_django()
    try:
        return args.handler(args)
    except SystemExit as exit_:
        # The shared helpers (terreau.core.cli, territories.cli, cooperations.cli) end a command
        # early with SystemExit(status) after printing why; callers of main() get the status.
        return exit_.code


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
