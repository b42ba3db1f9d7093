"""The three economic simulators: matched crowdfunding, territorial pooled fund, shared savings.

Pure functions over dataclasses, shared by the pages, `terreau economy simulate` and
/api/v1/economy/simulate/…. Amounts come in and go out as `Decimal` euros with cents; inside, every
division is done on exact fractions (`Fraction` of the `Decimal` inputs), so that nothing is rounded
before the one documented rounding to the cent (`split_cents`, largest remainder), and the parts of
a result always add up exactly to its total. Each result carries its formula in plain language and
the same formula with the figures of the case.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.economy.simulators.amounts import (
    CENT,
    FORMULAS,
    HORIZON,
    MAX_AMOUNT,
    MAX_PARTS,
    MAX_RATIO,
    MAX_YEARS,
    MIN_RATIO,
    SimulatorInputError,
    _check_amount,
    _euros,
    _number,
    _share_percents,
    split_cents,
)

# ---------------------------------------------------------------------------------------------
# Matched crowdfunding


class MatcherKind(models.TextChoices):
    PUBLIC = "public", gettext_lazy("Collectivité")
    COMPANIES = "companies", gettext_lazy("Mécénat d'entreprise")


@dataclass(frozen=True)
class Matcher:
    """A co-funder who adds `ratio` euros for every euro of citizens' `citizens_ratio`, up to
    `cap` (None: no cap)."""

    name: str
    ratio: Decimal = Decimal(1)
    cap: Decimal | None = None


@dataclass(frozen=True)
class MatchedCrowdfundingInputs:
    target: Decimal
    matchers: tuple[Matcher, ...]
    citizens_ratio: Decimal = Decimal(1)


def okote_matchers(
    *, public_ratio=Decimal(1), companies_ratio=Decimal(1), public_cap=None, companies_cap=None
) -> tuple[Matcher, ...]:
    """The two matchers of Okoté (Strasbourg): the collectivité and company mécénat."""
    return (
        Matcher(str(MatcherKind.PUBLIC.label), public_ratio, public_cap),
        Matcher(str(MatcherKind.COMPANIES.label), companies_ratio, companies_cap),
    )


@dataclass(frozen=True)
class Part:
    name: str
    amount: Decimal
    share: Decimal  # percent, one decimal
    capped: bool = False
    cap: Decimal | None = None
    # Citizens' amount from which this matcher's cap is reached (None without a cap).
    capped_from: Decimal | None = None


@dataclass(frozen=True)
class MatchedCrowdfundingResult:
    inputs: MatchedCrowdfundingInputs
    citizens: Decimal
    parts: list[Part]  # citizens first, then each matcher
    multiplier: Decimal | None  # target ÷ citizens' amount, two decimals
    capped: list[str]
    formula: str
    applied: str


def matched_crowdfunding(inputs: MatchedCrowdfundingInputs) -> MatchedCrowdfundingResult:
    """How much citizens must raise so that, with each matcher adding its ratio of the citizens'
    euros up to its cap, the campaign reaches its target.

    With C the citizens' amount and rᵢ = matcher ratio ÷ citizens' ratio, matcher i pays
    min(rᵢ × C, capᵢ) and C + Σ min(rᵢ × C, capᵢ) = target. The left side is piecewise linear and
    increasing in C, with a break where each matcher reaches its cap (C = capᵢ ÷ rᵢ): walking the
    breaks in order, the segment holding the target gives C = (target − Σ caps reached) ÷
    (1 + Σ rᵢ not capped), exactly."""
    _check_amount("target", inputs.target, allow_zero=False)
    if not inputs.citizens_ratio.is_finite() or inputs.citizens_ratio <= 0:
        raise SimulatorInputError(
            "citizens_ratio", _("la part des citoyens doit être supérieure à zéro.")
        )
    # A vanishing citizens' part would make the multiplier too large to round to the cent.
    if not MIN_RATIO <= inputs.citizens_ratio <= MAX_RATIO:
        raise SimulatorInputError(
            "citizens_ratio", _("la part des citoyens doit être comprise entre 0,0001 et 1000.")
        )
    if not inputs.matchers:
        raise SimulatorInputError("matchers", _("au moins un cofinanceur est nécessaire."))
    for index, matcher in enumerate(inputs.matchers):
        if not matcher.ratio.is_finite() or matcher.ratio < 0 or matcher.ratio > MAX_RATIO:
            raise SimulatorInputError(
                f"matchers[{index}].ratio", _("le ratio doit être compris entre 0 et 1000.")
            )
        if matcher.cap is not None:
            _check_amount(f"matchers[{index}].cap", matcher.cap)
    target = Fraction(inputs.target)
    rates = [Fraction(m.ratio) / Fraction(inputs.citizens_ratio) for m in inputs.matchers]
    caps = [None if m.cap is None else Fraction(m.cap) for m in inputs.matchers]
    breaks = {
        i: caps[i] / rates[i] for i in range(len(rates)) if caps[i] is not None and rates[i] > 0
    }
    capped: set[int] = set()
    # Matchers with a zero ratio never pay; a zero cap is reached at once.
    for i in sorted(breaks, key=lambda i: (breaks[i], i)):
        below = sum((caps[j] for j in capped), Fraction(0))
        rate = 1 + sum((rates[j] for j in range(len(rates)) if j not in capped), Fraction(0))
        # Total at this break, had the matchers capped so far been the only ones capped.
        if below + rate * breaks[i] > target:
            break
        capped.add(i)
    caps_reached = sum((caps[j] for j in capped), Fraction(0))
    open_rate = sum((rates[j] for j in range(len(rates)) if j not in capped), Fraction(0))
    citizens = (target - caps_reached) / (1 + open_rate)
    exact = [citizens] + [
        caps[j] if j in capped else rates[j] * citizens for j in range(len(rates))
    ]
    amounts = split_cents(inputs.target, exact)
    shares = _share_percents(amounts)
    names = [_("Citoyens")] + [m.name for m in inputs.matchers]
    parts = [Part(name=names[0], amount=amounts[0], share=shares[0])] + [
        Part(
            name=names[j + 1],
            amount=amounts[j + 1],
            share=shares[j + 1],
            capped=j in capped,
            cap=inputs.matchers[j].cap,
            capped_from=None if j not in breaks else _to_decimal_up(breaks[j]),
        )
        for j in range(len(rates))
    ]
    multiplier = (Fraction(inputs.target) / Fraction(amounts[0])) if amounts[0] else None
    applied = _("C = (%(target)s − %(caps)s) ÷ (1 + %(rate)s) = %(citizens)s") % {
        "target": _euros(target),
        "caps": _euros(caps_reached),
        "rate": _number(open_rate),
        "citizens": _euros(amounts[0]),
    }
    return MatchedCrowdfundingResult(
        inputs=inputs,
        citizens=amounts[0],
        parts=parts,
        multiplier=_quantize(multiplier) if multiplier is not None else None,
        capped=[parts[j + 1].name for j in sorted(capped)],
        formula=str(FORMULAS["matched_crowdfunding"]),
        applied=applied,
    )


def _quantize(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT)


def _to_decimal_up(value: Fraction) -> Decimal:
    """An exact amount rounded up to the cent (the citizens' amount from which a cap is reached)."""
    return Decimal(math.ceil(value * 100)) * CENT


# ---------------------------------------------------------------------------------------------
# Territorial pooled fund


class ContributorKind(models.TextChoices):
    REGION = "region", gettext_lazy("Région")
    BANQUE_DES_TERRITOIRES = "banque_des_territoires", gettext_lazy("Banque des Territoires")
    LOCAL_AUTHORITY = (
        "local_authority",
        gettext_lazy("Autre collectivité (département, EPCI, commune)"),
    )
    STATE = "state", gettext_lazy("État")
    COMPANIES = "companies", gettext_lazy("Entreprises (mécénat)")
    CITIZENS = "citizens", gettext_lazy("Citoyens (dons)")
    FOUNDATIONS = "foundations", gettext_lazy("Fondations")
    OTHER = "other", gettext_lazy("Autre")


@dataclass(frozen=True)
class Contribution:
    kind: str
    amount_per_year: Decimal
    years: int = 1  # from year 1
    name: str = ""


@dataclass(frozen=True)
class PooledFundInputs:
    contributions: tuple[Contribution, ...]
    grant: Decimal
    grant_months: int = 12
    max_per_year: int | None = None


@dataclass(frozen=True)
class FundYear:
    year: int
    contributions: Decimal
    available: Decimal  # carried over + contributions of the year
    funded: int
    granted: Decimal
    carried_over: Decimal  # left at the end of the year


@dataclass(frozen=True)
class KindShare:
    kind: str
    label: str
    first_year: Decimal
    total: Decimal
    share: Decimal  # percent of all contributions over the years, one decimal


@dataclass(frozen=True)
class PooledFundResult:
    inputs: PooledFundInputs
    first_year_total: Decimal
    total_contributions: Decimal
    per_year: int  # the pace: experimentations a year
    limited_by_maximum: bool
    running_at_once: int
    runway_years: int
    runway_is_lower_bound: bool  # the pace holds past the horizon
    total_funded: int
    years: list[FundYear]
    shares: list[KindShare]
    formula: str
    applied: str


def pooled_fund(inputs: PooledFundInputs) -> PooledFundResult:
    """How many experimentations a year a territorial pooled fund finances, for how long, and who
    pays for it.

    Pace: n = ⌊contributions of year 1 ÷ grant⌋, at most the maximum per year. Each year the fund
    has what it carried over plus the year's contributions, commits n grants (each in full in the
    year its experimentation starts) while it can, and carries the rest over. Runway: the number of
    consecutive years from year 1 in which it can still commit n grants."""
    if not inputs.contributions:
        raise SimulatorInputError("contributions", _("au moins un contributeur est nécessaire."))
    if len(inputs.contributions) > MAX_PARTS:
        raise SimulatorInputError(
            "contributions", _("au plus %(max)s lignes.") % {"max": MAX_PARTS}
        )
    kinds = set(ContributorKind.values)
    for index, c in enumerate(inputs.contributions):
        if c.kind not in kinds:
            raise SimulatorInputError(
                f"contributions[{index}].kind",
                _("type inconnu « %(kind)s » (attendu : %(kinds)s).")
                % {"kind": c.kind, "kinds": ", ".join(ContributorKind.values)},
            )
        _check_amount(f"contributions[{index}].amount_per_year", c.amount_per_year)
        if not 1 <= c.years <= MAX_YEARS:
            raise SimulatorInputError(
                f"contributions[{index}].years",
                _("entre 1 et %(max)s années.") % {"max": MAX_YEARS},
            )
    _check_amount("grant", inputs.grant, allow_zero=False)
    if not 1 <= inputs.grant_months <= 120:
        raise SimulatorInputError("grant_months", _("entre 1 et 120 mois."))
    if inputs.max_per_year is not None and not 1 <= inputs.max_per_year <= 1000:
        raise SimulatorInputError("max_per_year", _("entre 1 et 1000 par an."))

    def contributed(year: int) -> Decimal:
        return sum((c.amount_per_year for c in inputs.contributions if c.years >= year), Decimal(0))

    first_year = contributed(1)
    if first_year == 0:
        raise SimulatorInputError(
            "contributions", _("les contributions de la première année sont nulles.")
        )
    affordable = int(first_year // inputs.grant)
    pace = affordable if inputs.max_per_year is None else min(affordable, inputs.max_per_year)
    last_contribution_year = max(c.years for c in inputs.contributions)
    years: list[FundYear] = []
    balance = Decimal(0)
    runway = 0
    keeps_pace = True
    year = 1
    while year <= HORIZON:
        income = contributed(year)
        available = balance + income
        funded = min(pace, int(available // inputs.grant)) if pace else 0
        if keeps_pace and pace and funded == pace:
            runway += 1
        else:
            keeps_pace = False
        if year > last_contribution_year and funded == 0:
            break
        balance = available - funded * inputs.grant
        years.append(
            FundYear(
                year,
                income.quantize(CENT),
                available.quantize(CENT),
                funded,
                (funded * inputs.grant).quantize(CENT),
                balance.quantize(CENT),
            )
        )
        if pace == 0 and year >= last_contribution_year:
            break
        year += 1
    lower_bound = year > HORIZON
    totals: dict[str, Decimal] = {}
    first: dict[str, Decimal] = {}
    for c in inputs.contributions:
        totals[c.kind] = totals.get(c.kind, Decimal(0)) + c.amount_per_year * c.years
        first[c.kind] = first.get(c.kind, Decimal(0)) + c.amount_per_year
    ordered = [k for k in ContributorKind.values if k in totals]
    percents = _share_percents([totals[k] for k in ordered])
    labels = dict(ContributorKind.choices)
    shares = [
        KindShare(k, str(labels[k]), first[k].quantize(CENT), totals[k].quantize(CENT), percent)
        for k, percent in zip(ordered, percents, strict=True)
    ]
    running = math.ceil(Fraction(pace * inputs.grant_months, 12)) if pace else 0
    applied = _(
        "⌊%(first)s ÷ %(grant)s⌋ = %(affordable)s expérimentation(s) possibles, %(pace)s par an "
        "retenue(s) ; autonomie : %(runway)s an(s)"
    ) % {
        "first": _euros(first_year),
        "grant": _euros(inputs.grant),
        "affordable": affordable,
        "pace": pace,
        "runway": runway,
    }
    return PooledFundResult(
        inputs=inputs,
        first_year_total=first_year.quantize(CENT),
        total_contributions=sum(totals.values(), Decimal(0)).quantize(CENT),
        per_year=pace,
        limited_by_maximum=inputs.max_per_year is not None and affordable > inputs.max_per_year,
        running_at_once=running,
        runway_years=runway,
        runway_is_lower_bound=lower_bound and keeps_pace and pace > 0,
        total_funded=sum(y.funded for y in years),
        years=years,
        shares=shares,
        formula=str(FORMULAS["pooled_fund"]),
        applied=applied,
    )


# ---------------------------------------------------------------------------------------------
# Shared savings


class SplitKey(models.TextChoices):
    EQUAL = "equal", gettext_lazy("Parts égales")
    CONSUMPTION = "consumption", gettext_lazy("Au prorata de la consommation")
    CONTRIBUTION = "contribution", gettext_lazy("Au prorata de la contribution")
    WEIGHT = "weight", gettext_lazy("Au prorata d'un autre poids")


@dataclass(frozen=True)
class Saver:
    name: str
    weight: Decimal | None = None  # ignored by equal shares


@dataclass(frozen=True)
class SharedSavingsInputs:
    baseline_cost: Decimal
    cooperation_cost: Decimal
    members: tuple[Saver, ...]
    key: str = SplitKey.EQUAL


@dataclass(frozen=True)
class SharedSavingsResult:
    inputs: SharedSavingsInputs
    savings: Decimal  # negative: the cooperation costs more
    savings_rate: Decimal | None  # percent of the baseline, one decimal
    split: bool  # False when there is nothing to split
    parts: list[Part] = field(default_factory=list)
    formula: str = ""
    applied: str = ""

    @property
    def extra_cost(self) -> Decimal:
        """How much more the cooperation costs, when it saves nothing."""
        return max(-self.savings, Decimal(0)).quantize(CENT)


def shared_savings(inputs: SharedSavingsInputs) -> SharedSavingsResult:
    """The savings a cooperation brings (cost without it − cost with it) and their split between
    members by the chosen key, to the cent (largest remainder). Negative or zero savings are
    reported, never split."""
    _check_amount("baseline_cost", inputs.baseline_cost)
    _check_amount("cooperation_cost", inputs.cooperation_cost)
    if inputs.key not in SplitKey.values:
        raise SimulatorInputError(
            "key",
            _("clé inconnue « %(key)s » (attendu : %(keys)s).")
            % {"key": inputs.key, "keys": ", ".join(SplitKey.values)},
        )
    if not inputs.members:
        raise SimulatorInputError("members", _("au moins un membre est nécessaire."))
    if len(inputs.members) > MAX_PARTS:
        raise SimulatorInputError("members", _("au plus %(max)s membres.") % {"max": MAX_PARTS})
    seen: set[str] = set()
    for index, member in enumerate(inputs.members):
        name = member.name.strip()
        if not name:
            raise SimulatorInputError(f"members[{index}].name", _("le nom est obligatoire."))
        if name.casefold() in seen:
            raise SimulatorInputError(
                f"members[{index}].name", _("« %(name)s » figure deux fois.") % {"name": name}
            )
        seen.add(name.casefold())
        if inputs.key == SplitKey.EQUAL:
            continue
        if member.weight is None:
            raise SimulatorInputError(
                f"members[{index}].weight", _("le poids est obligatoire avec cette clé.")
            )
        if not member.weight.is_finite() or member.weight < 0 or member.weight > MAX_AMOUNT:
            raise SimulatorInputError(
                f"members[{index}].weight", _("le poids doit être un nombre positif.")
            )
    weights = [
        Fraction(1) if inputs.key == SplitKey.EQUAL else Fraction(m.weight) for m in inputs.members
    ]
    if sum(weights) == 0:
        raise SimulatorInputError("members", _("la somme des poids doit être supérieure à zéro."))
    savings = (inputs.baseline_cost - inputs.cooperation_cost).quantize(CENT)
    rate = (
        (savings * 100 / inputs.baseline_cost).quantize(Decimal("0.1"))
        if inputs.baseline_cost
        else None
    )
    key_label = dict(SplitKey.choices)[inputs.key]
    if savings <= 0:
        applied = _("%(baseline)s − %(cooperation)s = %(savings)s : rien à répartir") % {
            "baseline": _euros(inputs.baseline_cost),
            "cooperation": _euros(inputs.cooperation_cost),
            "savings": _euros(savings),
        }
        return SharedSavingsResult(
            inputs, savings, rate, False, [], str(FORMULAS["shared_savings"]), applied
        )
    amounts = split_cents(savings, weights)
    shares = _share_percents(amounts)
    parts = [
        Part(name=m.name.strip(), amount=a, share=s)
        for m, a, s in zip(inputs.members, amounts, shares, strict=True)
    ]
    applied = _("%(baseline)s − %(cooperation)s = %(savings)s ; clé de répartition : %(key)s") % {
        "baseline": _euros(inputs.baseline_cost),
        "cooperation": _euros(inputs.cooperation_cost),
        "savings": _euros(savings),
        "key": str(key_label).lower(),
    }
    return SharedSavingsResult(
        inputs, savings, rate, True, parts, str(FORMULAS["shared_savings"]), applied
    )


def as_json(simulator: str, result) -> dict:
    """The JSON contract of `terreau economy simulate` and the API: the simulator's name, its
    inputs and its results; amounts and ratios as decimal strings, as everywhere in Terreau."""

    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return value

    data = dataclasses.asdict(result)
    inputs = data.pop("inputs")
    return {"simulator": simulator, "inputs": plain(inputs), "results": plain(data)}
