"""`terreau economy simulate …`: the simulators from the command line, with the pages' rules."""

import argparse
import json
import re
import sys
from decimal import Decimal

from terreau.core.cli import EXIT_BAD_REFERENCE

SIMULATORS = ("matched-crowdfunding", "pooled-fund", "shared-savings")
ROW_FIELD = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


def _amount(text: str) -> Decimal:
    from terreau.economy.simulators import parse_number

    try:
        return parse_number(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre") from None


def _ratio(text: str) -> tuple[Decimal, Decimal, Decimal]:
    parts = text.split(":")
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(
            f"« {text} » : trois nombres attendus, citoyens:collectivité:mécénat (ex. 1:1:1)"
        )
    citizens, public, companies = (_amount(part) for part in parts)
    return citizens, public, companies


def _contributor(text: str) -> tuple[str, Decimal, int]:
    parts = text.split(":")
    if len(parts) not in (2, 3):
        raise argparse.ArgumentTypeError(
            f"« {text} » : KIND:AMOUNT_PER_YEAR[:YEARS] attendu (ex. region:40000:3)"
        )
    years = 1
    if len(parts) == 3:
        try:
            years = int(parts[2])
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"« {text} » : le nombre d'années « {parts[2]} » n'est pas un entier"
            ) from None
    return parts[0], _amount(parts[1]), years


def _member(text: str) -> tuple[str, Decimal | None]:
    name, equals, weight = text.rpartition("=")
    if not equals:
        return text, None
    return name, _amount(weight)


def add_simulate(commands) -> None:
    simulate = commands.add_parser(
        "simulate",
        help="run an economic simulator (matched crowdfunding, pooled fund, shared savings)",
        description="Run one of the three economic simulators and print its inputs and results "
        "(amounts as decimal strings, to the cent; parts add up exactly to their total). The "
        "formulas are in docs/architecture.md ('Economy — simulators'). Exits with status 2 "
        "and a message naming the option when an input is wrong.",
    )
    simulators = simulate.add_subparsers(dest="simulator", required=True, metavar="SIMULATOR")

    def add(name, **kwargs):
        parser = simulators.add_parser(name, **kwargs)
        parser.add_argument(
            "--format", choices=["json", "text"], default="json", dest="output_format"
        )
        parser.set_defaults(handler=simulate_command)
        return parser

    matched = add(
        "matched-crowdfunding",
        help="how much citizens must raise when matchers add to each euro",
        description="Matched crowdfunding, as Okoté in Strasbourg: each euro from citizens "
        "triggers one euro from the collectivité and one euro of company mécénat (ratio 1:1:1), "
        "each matcher up to its optional cap. Prints what citizens must raise, what each "
        "matcher pays, which matcher is capped, and the multiplier (target ÷ citizens).\n\n"
        "Example: terreau economy simulate matched-crowdfunding --target 30000 "
        "--public-cap 5000",
    )
    matched.add_argument("--target", type=_amount, required=True, metavar="EUROS")
    matched.add_argument(
        "--ratio",
        type=_ratio,
        default=(Decimal(1), Decimal(1), Decimal(1)),
        metavar="C:P:M",
        help="citizens:collectivité:company mécénat (default 1:1:1)",
    )
    matched.add_argument("--public-cap", type=_amount, metavar="EUROS", help="collectivité's cap")
    matched.add_argument(
        "--companies-cap", type=_amount, metavar="EUROS", help="company mécénat's cap"
    )

    fund = add(
        "pooled-fund",
        help="experimentations a year, runway and shares of a territorial pooled fund",
        description="Territorial pooled fund, as the Fonds d'impulsion jurassien (about "
        "120,000 € a year from the Région, the Banque des Territoires, companies and citizens; "
        "about 30,000 € per experimentation; up to three a year). Prints experimentations "
        "funded a year, the runway (consecutive years from year 1 in which the fund can still "
        "commit that many grants, counting what it carries over), the year-by-year schedule and "
        "the share of each contributor kind.\n\n"
        "KIND is one of: region, banque_des_territoires, local_authority, state, companies, "
        "citizens, foundations, other.\n\n"
        "Example: terreau economy simulate pooled-fund --contributor region:40000:3 "
        "--contributor banque_des_territoires:40000:3 --contributor companies:30000:3 "
        "--contributor citizens:10000:3 --grant 30000 --max-per-year 3",
    )
    fund.add_argument(
        "--contributor",
        type=_contributor,
        action="append",
        required=True,
        metavar="KIND:EUROS[:YEARS]",
        help="a contributor: kind, amount a year, for how many years from year 1 (default 1); "
        "repeatable",
    )
    fund.add_argument("--grant", type=_amount, required=True, metavar="EUROS")
    fund.add_argument("--grant-months", type=int, default=12, metavar="MONTHS")
    fund.add_argument("--max-per-year", type=int, metavar="N", help="default: no maximum")

    savings = add(
        "shared-savings",
        help="savings a cooperation brings and their split between members",
        description="Shared savings: baseline cost minus the cost with the cooperation, split "
        "between members by the chosen key, to the cent (largest remainder). Negative or zero "
        "savings are reported and not split.\n\n"
        "Example: terreau economy simulate shared-savings --baseline-cost 48000 "
        "--cooperation-cost 39000 --key consumption --member École=120 --member Mairie=80 "
        "--member EHPAD=200",
    )
    savings.add_argument("--baseline-cost", type=_amount, required=True, metavar="EUROS")
    savings.add_argument("--cooperation-cost", type=_amount, required=True, metavar="EUROS")
    savings.add_argument(
        "--key",
        choices=["equal", "consumption", "contribution", "weight"],
        default="equal",
        help="how to split (default: equal shares)",
    )
    savings.add_argument(
        "--member",
        type=_member,
        action="append",
        required=True,
        metavar="NAME[=WEIGHT]",
        help="a member and its weight (consumption, contribution…); repeatable",
    )


def _run(args):
    from terreau.economy import simulators as sim

    if args.simulator == "matched-crowdfunding":
        citizens, public, companies = args.ratio
        return sim.matched_crowdfunding(
            sim.MatchedCrowdfundingInputs(
                target=args.target,
                citizens_ratio=citizens,
                matchers=sim.okote_matchers(
                    public_ratio=public,
                    companies_ratio=companies,
                    public_cap=args.public_cap,
                    companies_cap=args.companies_cap,
                ),
            )
        )
    if args.simulator == "pooled-fund":
        return sim.pooled_fund(
            sim.PooledFundInputs(
                contributions=tuple(sim.Contribution(*row) for row in args.contributor),
                grant=args.grant,
                grant_months=args.grant_months,
                max_per_year=args.max_per_year,
            )
        )
    return sim.shared_savings(
        sim.SharedSavingsInputs(
            baseline_cost=args.baseline_cost,
            cooperation_cost=args.cooperation_cost,
            members=tuple(sim.Saver(name, weight) for name, weight in args.member),
            key=args.key,
        )
    )


OPTIONS = {
    "target": "--target",
    "citizens_ratio": "--ratio",
    "matchers[0].ratio": "--ratio",
    "matchers[1].ratio": "--ratio",
    "matchers[0].cap": "--public-cap",
    "matchers[1].cap": "--companies-cap",
    "contributions": "--contributor",
    "grant": "--grant",
    "grant_months": "--grant-months",
    "max_per_year": "--max-per-year",
    "baseline_cost": "--baseline-cost",
    "cooperation_cost": "--cooperation-cost",
    "key": "--key",
    "members": "--member",
}
ROW_OPTIONS = {"contributions": "--contributor", "members": "--member"}


def _option(field: str) -> str:
    """The option an input error is about: `contributions[1].years` → `--contributor #2`."""
    if field in OPTIONS:
        return OPTIONS[field]
    if match := ROW_FIELD.match(field):
        return f"{ROW_OPTIONS.get(match[1], match[1])} #{int(match[2]) + 1}"
    return field


def simulate_command(args) -> int:
    from terreau.economy import simulators as sim

    try:
        result = _run(args)
    except sim.SimulatorInputError as error:
        print(f"terreau: {_option(error.field)}: {error.message}", file=sys.stderr)
        return EXIT_BAD_REFERENCE
    data = sim.as_json(args.simulator, result)
    if args.output_format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_text(data))
    return 0


def _text(data: dict) -> str:
    results = data["results"]
    lines = [results["applied"], ""]
    for part in results.get("parts") or []:
        capped = " (plafond atteint)" if part.get("capped") else ""
        lines.append(f"  {part['name']}: {part['amount']} € ({part['share']} %){capped}")
    for share in results.get("shares") or []:
        lines.append(f"  {share['label']}: {share['total']} € ({share['share']} %)")
    for year in results.get("years") or []:
        lines.append(
            f"  année {year['year']}: {year['available']} € disponibles, {year['funded']} "
            f"expérimentation(s), {year['carried_over']} € reportés"
        )
    lines.extend(["", results["formula"]])
    return "\n".join(lines)
