"""The observatory's fast path (lines read raw in cents, prorated in integers, cells kept as count,
sum and largest part) gives exactly what the straightforward computation gives: each cooperation's
lines as its economy pages read them (`economy.queries.year_lines`, Decimal `year_share`), every
cell with each cooperation's part (`secrecy.Cell`), the indicators of `economy.indicators`."""

import random
import statistics
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest

from terreau.core.taxonomies import Carrier, CooperationType, EconomicModel, Stage
from terreau.economy.indicators import year_indicators
from terreau.economy.models import Cost, Resource
from terreau.economy.queries import year_lines
from terreau.economy.taxonomies import (
    FUNDING_MODE_OF_CATEGORY,
    CostCategory,
    Earmark,
    FundingMode,
    ResourceCategory,
    ResourceForm,
)
from terreau.observatory.distributions import FAMILY, INDICATORS, MIN_DISTRIBUTION
from terreau.observatory.queries import ATTRIBUTES, LINE_BREAKDOWNS, observe, resource_margins
from terreau.observatory.secrecy import Cell
from terreau.observatory.table import TOTAL, CellTable
from tests.cooperations.factories import make_actor, make_cooperation

pytestmark = pytest.mark.django_db

YEAR = 2025
PLACES = ("commune:62057", "commune:93055", "epci:246200844", "departement:39", "commune:62041")
PERIODS = (
    (date(2025, 1, 1), date(2025, 12, 31)),
    (date(2025, 3, 15), date(2025, 9, 30)),
    (date(2023, 7, 1), date(2026, 6, 30)),
    (date(2024, 9, 1), date(2025, 8, 31)),
    (date(2025, 11, 2), date(2027, 2, 28)),
    (date(2024, 1, 1), date(2024, 12, 31)),  # another year: counts nowhere in 2025
)


def random_data(rng: random.Random, user) -> None:
    funders = [make_actor(f"Financeur {n}", kind="local_authority") for n in range(4)]
    for n in range(16):
        cooperation = make_cooperation(
            user,
            name=f"Coopération {n}",
            territory_ref=rng.choice(PLACES),
            cooperation_type=rng.choice(CooperationType.values),
            economic_model=rng.choice(EconomicModel.values),
            carrier=rng.choice(Carrier.values),
            stage=rng.choice(Stage.values),
            models=rng.choice([" pat ", " pat tiers_lieu ", ""]),
        )
        cooperation.observatory = n != 0  # one stays out
        cooperation.save()
        resources = []
        for _line in range(rng.randint(0, 9)):
            category = rng.choice(ResourceCategory.values)
            form = rng.choice([ResourceForm.MONEY, ResourceForm.MONEY, ResourceForm.IN_KIND])
            hours = value = None
            if rng.random() < 0.15:
                form, hours, value = ResourceForm.TIME, Decimal(rng.randint(1, 90)), Decimal("14.5")
            start, end = rng.choice(PERIODS)
            cents = rng.choice([rng.randint(1, 999), rng.randint(1000, 9_000_000)])
            resources.append(
                Resource(
                    cooperation=cooperation,
                    label="Ligne",
                    category=category,
                    form=form,
                    amount=hours * value if hours else Decimal(cents) / 100,
                    hours=hours,
                    hourly_value=value,
                    source=rng.choice([None, *funders]),
                    start_date=start,
                    end_date=end,
                    funding_mode=FUNDING_MODE_OF_CATEGORY.get(category, FundingMode.OTHER),
                    earmark=rng.choice(["", Earmark.ANIMATION]),
                    status=rng.choice(["agreed", "received", "expected"]),
                )
            )
        Resource.objects.bulk_create(resources)
        Cost.objects.bulk_create(
            Cost(
                cooperation=cooperation,
                label="Charge",
                category=rng.choice([CostCategory.ANIMATION, CostCategory.STAFF]),
                amount=Decimal(rng.randint(100, 5_000_000)) / 100,
                start_date=rng.choice(PERIODS)[0],
                end_date=date(2026, 6, 30),
            )
            for _cost in range(rng.randint(0, 2))
        )


def straightforward(cooperations) -> tuple[list[dict], dict[str, list[float]]]:
    """The resource cells and each indicator's values, one cooperation at a time."""
    cells: dict[tuple, Cell] = {}
    values = defaultdict(list)
    for cooperation in cooperations:
        resources, costs = year_lines(cooperation, YEAR)
        indicators = year_indicators(YEAR, resources, costs)
        for indicator in INDICATORS:
            if indicators[indicator] is not None:
                values[indicator].append(indicators[indicator])
        departements = Counter(
            (commune.departement.region.code, commune.departement.code)
            for commune in cooperation.communes.select_related("departement__region")
        )
        place = min(departements, key=lambda k: (-departements[k], k[1]), default=("", ""))
        brought = defaultdict(Decimal)
        for line in resources:
            fields = {
                "form": line.form,
                "family": FAMILY[line.category],
                "category": line.category,
                "funding_mode": line.funding_mode,
            }
            for names in LINE_BREAKDOWNS:
                brought[(names, tuple(fields[name] for name in names))] += line.amount
        total = sum((line.amount for line in resources), Decimal(0))
        brought[TOTAL] = total
        for name in ATTRIBUTES:
            brought[((name,), (getattr(cooperation, name),))] = total
        for model in cooperation.models.split():
            brought[(("model",), (model,))] = total
        brought[(("region",), (place[0],))] = total
        brought[(("region", "departement"), place)] = total
        for key, amount in brought.items():
            cells.setdefault(key, Cell(dimensions={})).add(cooperation.pk, amount)
    table = CellTable({"measure": "resources", "year": YEAR})
    table.stats = {
        key: [cell.cooperations, int(cell.amount * 100), int(cell.largest * 100)]
        for key, cell in cells.items()
        if cell.cooperations
    }
    return resource_margins(table).protected(), values


def quartiles(values: list[float]) -> dict:
    if len(values) < MIN_DISTRIBUTION:
        return {"cooperations": len(values), "suppressed": True}
    q1, median, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return {
        "cooperations": len(values),
        "suppressed": False,
        "first_quartile": f"{q1:.4f}",
        "median": f"{median:.4f}",
        "third_quartile": f"{q3:.4f}",
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_path_equals_the_straightforward_computation(seed, alice):
    from terreau.cooperations.models import Cooperation

    random_data(random.Random(seed), alice)
    observation = observe(None, YEAR)
    expected_cells, values = straightforward(Cooperation.objects.filter(observatory=True))
    resources = [c for c in observation.cells if c["dimensions"]["measure"] == "resources"]
    assert resources == expected_cells
    assert sum(not cell["suppressed"] for cell in resources) > 3  # secrecy did not hide all
    for distribution in observation.distributions:
        indicator = distribution["dimensions"]["indicator"]
        expected = quartiles(values[indicator])
        assert {k: v for k, v in distribution.items() if k != "dimensions"} == expected
