"""`terreau economy …` commands, listed in terreau.cli.APP_COMMANDS."""

from terreau.core.cli import subcommands


def add_commands(groups) -> None:
    economy = groups.add_parser("economy", help="the multi-actor economic model of cooperations")
    commands = subcommands(economy)
    _add_indicators(commands)
    _add_simulate(commands)


def _add_indicators(commands) -> None:
    """`economy indicators SLUG`: the indicators of a cooperation's year."""
    indicators = commands.add_parser(
        "indicators",
        help="indicators of a cooperation's economic model for one year",
        description="Print the indicators of a cooperation's economic model for one year as JSON "
        "with the keys cooperation, include_expected, year, resources_total (money), "
        "in_kind_total, time_total, valued_total (money + in kind + time), by_family, "
        "by_category, costs_total, costs_by_category, animation_costs, animation_resources, "
        "balance (money resources − costs), hybridisation, top_funder_share, "
        "multi_year_share, call_for_projects_share, in_kind_share, useful_effects_share, "
        "animation_coverage (see docs/data-formats.md). Amounts are strings in euros with "
        "cents; a line spanning several years counts for the share of its days in the year; "
        "a share with nothing to divide is null. Only agreed and received resources count "
        "unless --include-expected. Default year: the current one when the cooperation has "
        "lines in it, else the last year with lines. Exits with status 2 when the "
        "cooperation is unknown.",
    )
    indicators.add_argument("slug", help="the cooperation's identifier (as in its URL)")
    indicators.add_argument(
        "--year", type=int, metavar="YYYY", help="the year (default: see above)"
    )
    indicators.add_argument(
        "--include-expected", action="store_true", help="count expected resources too"
    )
    indicators.add_argument(
        "--format", choices=["json"], default="json", dest="file_format", help="output format"
    )
    indicators.set_defaults(handler=indicators_command)


def indicators_command(args) -> int:
    import json

    from terreau.cooperations.cli import cooperation_or_exit
    from terreau.economy.queries import cooperation_indicators

    cooperation = cooperation_or_exit(args.slug)
    data = cooperation_indicators(cooperation, args.year, include_expected=args.include_expected)
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def _add_simulate(commands) -> None:
    """`economy simulate {matched-crowdfunding,pooled-fund,shared-savings}`."""
    from terreau.economy.simulators.cli import add_simulate

    add_simulate(commands)
