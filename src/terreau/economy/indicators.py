"""The indicators of a cooperation's year: a pure function over the year's lines, already shared to
the year (`proration`), so that each value can be checked by hand.

Amounts are Decimal euros (strings with two decimals in JSON); shares are ratios rounded to four
decimals. A share with nothing to divide is None (null in JSON), never an error.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from terreau.economy.taxonomies import (
    FAMILY_OF_CATEGORY,
    CostCategory,
    Earmark,
    FundingMode,
    ResourceCategory,
    ResourceFamily,
    ResourceForm,
)

ZERO = Decimal("0.00")
RATIO = Decimal("0.0001")
FAMILY_COUNT = len(ResourceFamily)


@dataclass(frozen=True)
class ResourceLine:
    """A resource line as it counts in one year: `amount` is its part of that year."""

    amount: Decimal
    category: str
    form: str = ResourceForm.MONEY
    source_id: int | None = None
    funding_mode: str = FundingMode.OTHER
    earmark: str = ""

    @property
    def family(self) -> str:
        return FAMILY_OF_CATEGORY[ResourceCategory(self.category)].value

    @property
    def is_money(self) -> bool:
        return self.form == ResourceForm.MONEY


@dataclass(frozen=True)
class CostLine:
    amount: Decimal
    category: str


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (numerator / denominator).quantize(RATIO, rounding=ROUND_HALF_UP)


def family_hybridisation(amounts) -> Decimal | None:
    """The hybridisation index of resources whose families bring `amounts`: 1 − Σ shares², scaled
    so that one family alone gives 0 and the five families in equal parts give 1; None with
    nothing to share. Read by the year's indicators and by the observatory's distributions."""
    amounts = list(amounts)
    total = sum(amounts, ZERO)
    if not total:
        return None
    # Σ (amountᵢ ÷ total)² computed as Σ amountᵢ² ÷ total²: one division.
    concentration = sum((amount * amount for amount in amounts), ZERO) / (total * total)
    return ((1 - concentration) / (1 - Decimal(1) / FAMILY_COUNT)).quantize(
        RATIO, rounding=ROUND_HALF_UP
    )


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _share(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def year_indicators(year: int, resources: list[ResourceLine], costs: list[CostLine]) -> dict:
    """The indicators of `year` (see docs/architecture.md, "Economic model", for each formula)."""
    money = [line for line in resources if line.is_money]
    money_total = sum((line.amount for line in money), ZERO)
    valued_total = sum((line.amount for line in resources), ZERO)
    in_kind_total = sum(
        (line.amount for line in resources if line.form == ResourceForm.IN_KIND), ZERO
    )
    time_total = sum((line.amount for line in resources if line.form == ResourceForm.TIME), ZERO)

    by_family = {family.value: ZERO for family in ResourceFamily}
    by_category = {category.value: ZERO for category in ResourceCategory}
    for line in resources:
        by_family[line.family] += line.amount
        by_category[line.category] += line.amount

    hybridisation = family_hybridisation(by_family.values())

    by_source: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in money:
        # Lines without a source (sales to many customers…) are nobody's single funding.
        if line.source_id is not None:
            by_source[line.source_id] += line.amount
    top_funder_share = ratio(max(by_source.values(), default=ZERO), money_total)

    public_money = [line for line in money if line.family == ResourceFamily.PUBLIC]
    multi_year = sum(
        (x.amount for x in public_money if x.funding_mode == FundingMode.MULTI_YEAR_CONVENTION),
        ZERO,
    )
    calls = sum((x.amount for x in money if x.funding_mode == FundingMode.CALL_FOR_PROJECTS), ZERO)
    animation_resources = sum(
        (line.amount for line in money if line.earmark == Earmark.ANIMATION), ZERO
    )
    costs_total = sum((line.amount for line in costs), ZERO)
    by_cost_category = {category.value: ZERO for category in CostCategory}
    for line in costs:
        by_cost_category[line.category] += line.amount
    animation_costs = by_cost_category[CostCategory.ANIMATION]

    shares = {
        "hybridisation": hybridisation,
        "top_funder_share": top_funder_share,
        "multi_year_share": ratio(multi_year, sum((x.amount for x in public_money), ZERO)),
        "call_for_projects_share": ratio(calls, money_total),
        "in_kind_share": ratio(in_kind_total + time_total, valued_total),
        "useful_effects_share": ratio(by_family[ResourceFamily.USEFUL_EFFECTS], valued_total),
        "animation_coverage": ratio(animation_resources, animation_costs),
    }
    return {
        "year": year,
        "resources_total": _money(money_total),
        "in_kind_total": _money(in_kind_total),
        "time_total": _money(time_total),
        "valued_total": _money(valued_total),
        "by_family": {key: _money(value) for key, value in by_family.items()},
        "by_category": {key: _money(value) for key, value in by_category.items()},
        "costs_total": _money(costs_total),
        "costs_by_category": {key: _money(value) for key, value in by_cost_category.items()},
        "animation_costs": _money(animation_costs),
        "animation_resources": _money(animation_resources),
        "balance": _money(money_total - costs_total),
        **{key: _share(value) for key, value in shares.items()},
    }


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return _("%(number)s %%") % {"number": number_format(round(value * 100), 0)}


def readings(data: dict) -> list[dict]:
    """Each share of `year_indicators` with its plain-language reading, for pages and exports."""

    def item(key, label, sentence, empty):
        value = data[key]
        return {
            "key": key,
            "label": label,
            "value": value,
            "shown": percent(value) if key != "hybridisation" else _hybrid_shown(value),
            "sentence": empty
            if value is None
            else sentence % {"p": percent(value), "v": _hybrid_shown(value)},
        }

    return [
        item(
            "hybridisation",
            _("Hybridation des ressources"),
            _(
                "Indice de %(v)s sur 1 : 0 quand une seule famille de ressources fait tout, 1 "
                "quand les cinq familles pèsent autant."
            ),
            _("Aucune ressource comptée cette année : pas d'hybridation à mesurer."),
        ),
        item(
            "top_funder_share",
            _("Dépendance au premier financeur"),
            _("%(p)s des ressources financières dépendent d'un seul financeur."),
            _("Aucune ressource financière cette année."),
        ),
        item(
            "multi_year_share",
            _("Financements publics pluriannuels"),
            _("%(p)s de l'argent public vient de conventions pluriannuelles."),
            _("Aucun financement public cette année."),
        ),
        item(
            "call_for_projects_share",
            _("Part des appels à projets"),
            _("%(p)s des ressources financières viennent d'appels à projets (AAP, AMI)."),
            _("Aucune ressource financière cette année."),
        ),
        item(
            "in_kind_share",
            _("Contributions en nature et en temps"),
            _("%(p)s des ressources valorisées sont apportées en nature ou en temps."),
            _("Aucune ressource comptée cette année."),
        ),
        item(
            "useful_effects_share",
            _("Effets utiles financés"),
            _("%(p)s des ressources valorisées viennent de tiers qui paient des effets utiles."),
            _("Aucune ressource comptée cette année."),
        ),
        item(
            "animation_coverage",
            _("Couverture de l'animation"),
            _(
                "Les ressources affectées à l'animation couvrent %(p)s du coût de la fonction "
                "d'animation et de coordination."
            ),
            _("Aucune charge d'animation enregistrée cette année."),
        ),
    ]


def _hybrid_shown(value: float | None) -> str:
    return "—" if value is None else number_format(value, 2)
