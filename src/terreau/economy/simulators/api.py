"""/api/v1/economy/simulate/…: the simulators as JSON, for everyone (they read no stored data).

The body mirrors the simulator's inputs; the answer is the CLI's JSON. A malformed body is
pydantic's 422; a value the simulator refuses is a 422 of the same shape whose `loc` names the
field (`["body", "matchers", 0, "cap"]`)."""

import re
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.errors import ValidationError

from terreau.economy import simulators as sim

router = Router(tags=["economy"])
PATH_PART = re.compile(r"(\w+)(?:\[(\d+)\])?")


class MatcherIn(Schema):
    name: str = Field(max_length=200)
    ratio: Decimal = Decimal(1)
    cap: Decimal | None = None


class MatchedCrowdfundingIn(Schema):
    target: Decimal
    citizens_ratio: Decimal = Decimal(1)
    matchers: list[MatcherIn] | None = Field(
        None,
        description="Default: Okoté's collectivité and company mécénat, 1 € each per citizen "
        "euro, without cap.",
    )


class ContributionIn(Schema):
    kind: str
    amount_per_year: Decimal
    years: int = 1
    name: str = Field("", max_length=200)


class PooledFundIn(Schema):
    contributions: list[ContributionIn]
    grant: Decimal
    grant_months: int = 12
    max_per_year: int | None = None


class SaverIn(Schema):
    name: str = Field(max_length=200)
    weight: Decimal | None = None


class SharedSavingsIn(Schema):
    baseline_cost: Decimal
    cooperation_cost: Decimal
    key: str = sim.SplitKey.EQUAL.value
    members: list[SaverIn]


def _answer(name: str, simulate, inputs):
    try:
        result = simulate(inputs)
    except sim.SimulatorInputError as error:
        loc: list = ["body"]
        for part in error.field.split("."):
            match = PATH_PART.fullmatch(part)
            loc.append(match[1])
            if match[2] is not None:
                loc.append(int(match[2]))
        raise ValidationError([{"loc": loc, "msg": error.message, "type": "value_error"}]) from None
    return sim.as_json(name, result)


@router.post("/matched-crowdfunding", response=dict, summary="Matched crowdfunding (Okoté)")
def matched_crowdfunding(request, body: MatchedCrowdfundingIn):
    matchers = (
        sim.okote_matchers()
        if body.matchers is None
        else tuple(sim.Matcher(m.name, m.ratio, m.cap) for m in body.matchers)
    )
    inputs = sim.MatchedCrowdfundingInputs(
        target=body.target, citizens_ratio=body.citizens_ratio, matchers=matchers
    )
    return _answer("matched-crowdfunding", sim.matched_crowdfunding, inputs)


@router.post("/pooled-fund", response=dict, summary="Territorial pooled fund")
def pooled_fund(request, body: PooledFundIn):
    inputs = sim.PooledFundInputs(
        contributions=tuple(
            sim.Contribution(c.kind, c.amount_per_year, c.years, c.name) for c in body.contributions
        ),
        grant=body.grant,
        grant_months=body.grant_months,
        max_per_year=body.max_per_year,
    )
    return _answer("pooled-fund", sim.pooled_fund, inputs)


@router.post("/shared-savings", response=dict, summary="Shared savings")
def shared_savings(request, body: SharedSavingsIn):
    inputs = sim.SharedSavingsInputs(
        baseline_cost=body.baseline_cost,
        cooperation_cost=body.cooperation_cost,
        members=tuple(sim.Saver(m.name, m.weight) for m in body.members),
        key=body.key,
    )
    return _answer("shared-savings", sim.shared_savings, inputs)
