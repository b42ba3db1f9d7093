"""`terreau economy …` commands, added to the `terreau` parser by terreau.cli."""

from terreau.cli import _subcommands


def add_commands(groups) -> None:
    economy = groups.add_parser("economy", help="the multi-actor economic model of cooperations")
    commands = _subcommands(economy)
    _add_indicators(commands)
    _add_simulate(commands)


def _add_indicators(commands) -> None:
    """`economy indicators SLUG`: the indicators of a cooperation's year."""


def _add_simulate(commands) -> None:
    """`economy simulate {matched-crowdfunding,pooled-fund,shared-savings}`."""
    from terreau.economy.simulator_cli import add_simulate

    add_simulate(commands)
