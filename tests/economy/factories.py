"""Economic models for tests, made through the same services as the pages."""

from datetime import date
from decimal import Decimal

from terreau.economy.models import Contribution, Cost, Resource, UsefulEffect
from terreau.economy.services import (
    contribution_save,
    cost_save,
    resource_save,
    useful_effect_save,
)


def make_resource(
    cooperation, label="Ventes", *, category="sales", amount="1000.00", year=2025, **fields
) -> Resource:
    values = {
        "start_date": date(year, 1, 1),
        "end_date": date(year, 12, 31),
        "status": "received",
        **fields,
    }
    amount = None if amount is None else Decimal(amount)
    for name in ("hours", "hourly_value"):
        if name in values:
            values[name] = Decimal(values[name])
    return resource_save(
        resource=Resource(
            cooperation=cooperation, label=label, category=category, amount=amount, **values
        )
    )


def make_cost(
    cooperation, label="Animation", *, category="animation", amount="1000.00", year=2025
) -> Cost:
    return cost_save(
        cost=Cost(
            cooperation=cooperation,
            label=label,
            category=category,
            amount=Decimal(amount),
            start_date=date(year, 1, 1),
            end_date=date(year, 12, 31),
        )
    )


def make_effect(cooperation, name="Prévention santé", *, effect_type="health", **fields):
    return useful_effect_save(
        effect=UsefulEffect(cooperation=cooperation, name=name, effect_type=effect_type, **fields)
    )


def make_contribution(effect, beneficiary, **fields) -> Contribution:
    return contribution_save(
        contribution=Contribution(effect=effect, beneficiary=beneficiary, **fields)
    )


def make_under_funded_animation(cooperation) -> None:
    """6,000 of multi-year money earmarked for animation and 4,000 from a call for projects (10,000
    of public money), against 10,000 of animation costs: 60 % multi-year, 40 % from calls, the
    animation covered at 60 %."""
    make_resource(
        cooperation,
        "Convention",
        category="public_multi_year",
        amount="6000.00",
        funding_mode="multi_year_convention",
        earmark="animation",
    )
    make_resource(
        cooperation,
        "AAP",
        category="public_call_for_projects",
        amount="4000.00",
        funding_mode="call_for_projects",
    )
    make_cost(cooperation, "Coordination", category="animation", amount="10000.00")
