"""The observatory's distributions: the quartiles, over the observed cooperations, of animation
coverage, hybridisation and top-funder dependency in a year (docs/observatory.md)."""

import statistics
from decimal import Decimal

from terreau.economy.indicators import family_hybridisation, ratio
from terreau.economy.taxonomies import FAMILY_OF_CATEGORY, ResourceFamily, ResourceForm
from terreau.observatory.lines import YearLines
from terreau.observatory.table import euros

# A distribution (quartiles) is shown only over at least this many cooperations: with fewer, its
# quartiles would be the values of single cooperations.
MIN_DISTRIBUTION = 5
INDICATORS = ("animation_coverage", "hybridisation", "top_funder_share")
FAMILY = {category.value: family.value for category, family in FAMILY_OF_CATEGORY.items()}
FAMILIES = tuple(family.value for family in ResourceFamily)


def cooperation_shares(lines: YearLines) -> dict[str, dict[int, Decimal]]:
    """Each cooperation's animation coverage, hybridisation and top-funder dependency, with the
    formulas of the economy's indicators (docs/architecture.md, "Economic model")."""
    shares: dict[str, dict[int, Decimal]] = {name: {} for name in INDICATORS}
    for pk, amounts in lines.valued.items():
        by_family = dict.fromkeys(FAMILIES, 0)
        money = 0
        for (category, form, _mode), cents in amounts.items():
            by_family[FAMILY[category]] += cents
            if form == ResourceForm.MONEY:
                money += cents
        # Families with nothing add nothing to the index's sums: left out.
        value = family_hybridisation(euros(cents) for cents in by_family.values() if cents)
        if value is not None:
            shares["hybridisation"][pk] = value
        top = ratio(euros(max(lines.by_source.get(pk, {}).values(), default=0)), euros(money))
        if top is not None:
            shares["top_funder_share"][pk] = top
    for pk, costs in lines.animation_costs.items():
        coverage = ratio(euros(lines.animation_money.get(pk, 0)), euros(costs))
        if coverage is not None:
            shares["animation_coverage"][pk] = coverage
    return shares


def distributions(year: int, lines: YearLines) -> list[dict]:
    result = []
    for indicator, values in cooperation_shares(lines).items():
        count = len(values)
        item = {
            "dimensions": {"measure": "distribution", "year": year, "indicator": indicator},
            "cooperations": count,
            "suppressed": count < MIN_DISTRIBUTION,
        }
        if count >= MIN_DISTRIBUTION:
            q1, median, q3 = statistics.quantiles(
                sorted(float(v) for v in values.values()), n=4, method="inclusive"
            )
            item.update(
                {
                    "first_quartile": f"{q1:.4f}",
                    "median": f"{median:.4f}",
                    "third_quartile": f"{q3:.4f}",
                }
            )
        result.append(item)
    return result
