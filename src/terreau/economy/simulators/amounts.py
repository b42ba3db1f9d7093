"""Amounts for the simulators: limits, the formulas in plain language, parsing a typed number and
the one rounding to the cent (`split_cents`, largest remainder)."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000000")  # a billion euros: beyond, a typing mistake
# Ratios (euros of a co-funder, or of citizens, per euro): four decimals, at most a thousand.
MIN_RATIO, MAX_RATIO = Decimal("0.0001"), Decimal(1000)
MAX_YEARS = 50
MAX_PARTS = 50
# A fund that keeps its pace longer than this is shown as "at least HORIZON years".
HORIZON = 100

# The formula of each simulator in plain language, shown on its page and given with each result.
FORMULAS = {
    "matched_crowdfunding": gettext_lazy(
        "Pour chaque euro donné par les citoyens, chaque cofinanceur ajoute son ratio en euros, "
        "jusqu'à son plafond : collecte citoyenne C + Σ min(ratio × C, plafond) = objectif. "
        "Tant qu'aucun plafond n'est atteint, C = objectif ÷ (1 + somme des ratios). Une fois "
        "le plafond d'un cofinanceur atteint, il ne verse plus que son plafond et les citoyens "
        "doivent collecter davantage : C = (objectif − plafonds atteints) ÷ (1 + ratios des "
        "cofinanceurs non plafonnés). Effet multiplicateur = objectif ÷ C. Montants arrondis "
        "au centime de sorte que leur somme soit exactement l'objectif."
    ),
    "pooled_fund": gettext_lazy(
        "Rythme : nombre d'expérimentations par an = partie entière de (contributions de la "
        "première année ÷ montant par expérimentation), dans la limite du maximum par an. Chaque "
        "année, le fonds dispose du report de l'année précédente et des contributions de l'année ; "
        "il engage chaque subvention en entier l'année où l'expérimentation démarre et reporte le "
        "reste. Durée de vie (autonomie) : nombre d'années consécutives, depuis la première, "
        "pendant lesquelles il peut encore financer ce rythme. Part de chaque type de "
        "contributeur : ses apports sur toutes les années ÷ le total des apports."
    ),
    "shared_savings": gettext_lazy(
        "Économie = coût sans la coopération − coût avec la coopération. Part de chaque membre = "
        "économie × son poids ÷ somme des poids (parts égales : poids 1 chacun). Les parts sont "
        "arrondies au centime par la méthode du plus fort reste : chacun reçoit sa part exacte "
        "arrondie au centime inférieur, puis les centimes restants vont un à un aux plus forts "
        "restes, de sorte que la somme des parts soit exactement l'économie. Une économie nulle "
        "ou négative n'est pas répartie."
    ),
}


class SimulatorInputError(ValueError):
    """An input the simulator cannot use; `field` names it in the inputs' vocabulary
    (`target`, `matchers[1].cap`, `contributors[0].amount_per_year`, …)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# ---------------------------------------------------------------------------------------------
# Numbers

NUMBER_NOISE = re.compile(r"[\s\u00a0\u202f€]")


def parse_number(text: str) -> Decimal:
    """A number as people type it: '30 000', '30000,50', '30000.50 €' → Decimal; ValueError
    otherwise. No translation here: the command line calls it before Django is set up."""
    try:
        value = Decimal(NUMBER_NOISE.sub("", str(text)).replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


# ---------------------------------------------------------------------------------------------
# Rounding


def split_cents(total: Decimal, weights: list[Fraction]) -> list[Decimal]:
    """Split `total` euros (whole cents) in proportion to `weights`, to the cent, so that the parts
    add up exactly to `total`: each part first gets its exact share rounded down to the cent, then
    the cents left over go one by one to the parts whose dropped remainder was largest (ties: the
    part listed first). This is the largest-remainder (Hamilton) method."""
    cents = int(total / CENT)
    weight_sum = sum(weights, Fraction(0))
    if weight_sum <= 0:
        raise ValueError("weights must have a positive sum")
    exact = [Fraction(cents) * w / weight_sum for w in weights]
    floors = [math.floor(share) for share in exact]
    left = cents - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in order[:left]:
        floors[index] += 1
    return [Decimal(part) * CENT for part in floors]


def split_units(total_units: int, weights: list[Fraction]) -> list[int]:
    """The same largest-remainder split, in whole units (used for shares in tenths of a percent)."""
    return [int(part / CENT) for part in split_cents(Decimal(total_units) * CENT, weights)]


def _decimal(value: Fraction | Decimal) -> Decimal:
    """For display only: a fraction as a decimal (28 significant digits)."""
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value


def _euros(value: Fraction | Decimal) -> str:
    """An amount for a formula line: French thousands separator, cents only when there are some."""
    whole, _dot, cents = f"{_decimal(value).quantize(CENT):,.2f}".partition(".")
    whole = whole.replace(",", "\u202f")
    return f"{whole} €" if cents == "00" else f"{whole},{cents} €"


def _number(value: Fraction | Decimal) -> str:
    """A ratio for a formula line: up to four decimals, French decimal comma."""
    text = f"{_decimal(value).quantize(Decimal('0.0001')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _check_amount(name: str, value: Decimal, *, allow_zero: bool = True) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise SimulatorInputError(name, _("un montant en euros est attendu."))
    if value < 0 or (value == 0 and not allow_zero):
        raise SimulatorInputError(
            name,
            _("le montant doit être positif.")
            if allow_zero
            else _("le montant doit être supérieur à zéro."),
        )
    # The bound before the cents: quantizing 1e30 to the cent would exceed the precision of
    # decimal arithmetic (InvalidOperation).
    if value > MAX_AMOUNT:
        raise SimulatorInputError(name, _("montant trop élevé (au plus un milliard d'euros)."))
    if value != value.quantize(CENT):
        raise SimulatorInputError(name, _("au plus deux décimales (les centimes)."))


def _share_percents(amounts: list[Decimal]) -> list[Decimal]:
    """Shares of a total in percent with one decimal, adding up to exactly 100.0."""
    if sum(amounts) <= 0:
        return [Decimal(0) for _amount in amounts]
    tenths = split_units(1000, [Fraction(a) for a in amounts])
    return [(Decimal(t) / 10).quantize(Decimal("0.1")) for t in tenths]
