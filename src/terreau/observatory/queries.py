"""The observatory of financings: aggregates of the economic lines of the cooperations whose
administrators opted in (`Cooperation.observatory`), protected by statistical secrecy
(`secrecy.py`). `cells(territory=None, year=None)` is the one read others reuse (pages, API, CLI,
and later the territory's récit and plaidoyer pack): what it returns never carries the amount of a
suppressed cell, nor any cooperation's identity.

Resources count when agreed or received (as in the economy's indicators), each for its part of the
year (`economy.proration`). See docs/observatory.md for every dimension and margin.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum

from terreau.cooperations.models import Cooperation
from terreau.economy.indicators import family_hybridisation, ratio
from terreau.economy.models import Contribution, Cost, Resource
from terreau.economy.proration import year_shares
from terreau.economy.queries import MAX_YEARS
from terreau.economy.taxonomies import (
    CONFIRMED_STATUSES,
    FAMILY_OF_CATEGORY,
    ContributionStatus,
    CostCategory,
    Earmark,
    ResourceFamily,
    ResourceForm,
)
from terreau.observatory.secrecy import Cell, Margin, protect
from terreau.territories.models import Departement

ZERO = Decimal("0.00")
# A distribution (quartiles) is shown only over at least this many cooperations: with fewer, its
# quartiles would be the values of single cooperations.
MIN_DISTRIBUTION = 5
INDICATORS = ("animation_coverage", "hybridisation", "top_funder_share")
# Cooperation attributes that split a year's total, each cooperation in exactly one value.
ATTRIBUTES = ("stage", "cooperation_type", "economic_model", "carrier")
# Contributions to useful effects that count: agreed or paid, with an amount.
COUNTED_CONTRIBUTIONS = (ContributionStatus.AGREED, ContributionStatus.PAID)


@dataclass(frozen=True)
class Observation:
    """What the observatory publishes for a territory and a year (or every year)."""

    years: list[int]
    cells: list[dict]
    distributions: list[dict]
    cooperations: int
    places: dict[str, str]  # région and département codes → names, for labels


def observed(territory=None):
    """The opted-in cooperations (of `territory`: with at least one commune in it)."""
    cooperations = Cooperation.objects.filter(observatory=True)
    if territory is not None and connection.vendor == "postgresql":
        return cooperations.in_territory(territory)
    if territory is not None:
        # Read once, from the communes: `in_territory`'s correlated EXISTS, which PostgreSQL
        # plans well, takes seconds on SQLite over 10,000 cooperations (bench/observatory.py).
        located = Cooperation.communes.through.objects.filter(
            commune__in=territory.communes(), cooperation__observatory=True
        )
        ids = set(located.values_list("cooperation_id", flat=True))
        cooperations = Cooperation.objects.filter(pk__in=sorted(ids))
    return cooperations


def cells(territory=None, year=None) -> list[dict]:
    """The published cells, each {"dimensions", "cooperations", "amount", "suppressed"}; a
    suppressed cell has no "amount"."""
    return observe(territory, year).cells


def observe(territory=None, year: int | None = None) -> Observation:
    """Cells and distributions of `year`, or of every year with lines (at most MAX_YEARS, the
    latest) when `year` is None."""
    cooperations = observed(territory)
    profiles, places = _profiles(cooperations)
    years = [year] if year is not None else years_of(cooperations)
    all_cells, distributions = [], []
    for one_year in years:
        lines = _year_lines(cooperations, one_year)
        all_cells += _resource_cells(one_year, lines, profiles)
        distributions += _distributions(one_year, lines)
    all_cells += _contribution_cells(cooperations)
    return Observation(
        years=years,
        cells=all_cells,
        distributions=distributions,
        cooperations=len(profiles),
        places=places,
    )


def public(cell: Cell) -> dict:
    """The only form in which a cell leaves this module: no parts, no amount when suppressed."""
    data = {
        "dimensions": cell.dimensions,
        "cooperations": cell.cooperations,
        "suppressed": cell.suppressed,
    }
    if not cell.suppressed:
        data["amount"] = f"{cell.amount:.2f}"
    return data


def default_year(years: list[int]) -> int | None:
    """The year the page opens on: the latest of `years` up to the current one (else the
    earliest to come); None without years."""
    if not years:
        return None
    past = [y for y in years if y <= date.today().year]
    return (past or years)[-1]


def years_of(cooperations) -> list[int]:
    """The years with lines of `cooperations` (at most MAX_YEARS, the latest)."""
    bounds = [
        lines.filter(cooperation__in=cooperations).aggregate(
            first=Min("start_date"), last=Max("end_date")
        )
        for lines in (Resource.objects.filter(status__in=CONFIRMED_STATUSES), Cost.objects)
    ]
    firsts = [b["first"].year for b in bounds if b["first"]]
    lasts = [b["last"].year for b in bounds if b["last"]]
    if not firsts:
        return []
    last = max(lasts)
    return list(range(max(min(firsts), last - MAX_YEARS + 1), last + 1))


def _profiles(cooperations) -> tuple[dict[int, dict], dict[str, str]]:
    """Each cooperation's attributes, région and département (those of most of its communes,
    the smallest code on a tie; "" when it has none)."""
    profiles = {
        row["pk"]: {**row, "models": row["models"].split()}
        for row in cooperations.values("pk", "models", *ATTRIBUTES)
    }
    departements = {
        pk: (code, name, region_code, region_name)
        for pk, code, name, region_code, region_name in Departement.objects.values_list(
            "pk", "code", "name", "region__code", "region__name"
        )
    }
    counts: dict[int, dict] = defaultdict(dict)
    located = (
        Cooperation.communes.through.objects.filter(cooperation__in=cooperations)
        .values_list("cooperation_id", "commune__departement_id")
        .annotate(communes=Count("pk"))
        .order_by()
    )
    places: dict[str, str] = {}
    for pk, departement_id, communes in located:
        code, name, region, region_name = departements[departement_id]
        counts[pk][(region, code)] = communes
        places[f"region:{region}"] = region_name
        places[f"departement:{code}"] = name
    for pk, profile in profiles.items():
        where = counts.get(pk)
        region, departement = ("", "")
        if where:
            region, departement = min(where, key=lambda key: (-where[key], key[1]))
        profile["region"], profile["departement"] = region, departement
    return profiles, places


@dataclass
class YearLines:
    """A year's lines, per cooperation, each for its part of the year."""

    valued: dict  # cooperation → {(category, form, funding_mode): amount}
    by_source: dict  # cooperation → {source: money}
    animation_money: dict  # cooperation → money earmarked for animation
    animation_costs: dict  # cooperation → cost of the animation function


@lru_cache(maxsize=65536)
def _shares(amount: Decimal, start: date, end: date) -> dict[int, Decimal]:
    return year_shares(amount, start, end)


def _year_lines(cooperations, year: int) -> YearLines:
    first, last = date(year, 1, 1), date(year, 12, 31)
    within = Q(start_date__gte=first, end_date__lte=last)
    overlapping = Q(start_date__lte=last, end_date__gte=first)
    resources = Resource.objects.filter(cooperation__in=cooperations, status__in=CONFIRMED_STATUSES)
    costs = Cost.objects.filter(
        cooperation__in=cooperations, category=CostCategory.ANIMATION
    ).filter(overlapping)
    lines = YearLines(
        valued=defaultdict(lambda: defaultdict(lambda: ZERO)),
        by_source=defaultdict(lambda: defaultdict(lambda: ZERO)),
        animation_money=defaultdict(lambda: ZERO),
        animation_costs=defaultdict(lambda: ZERO),
    )
    # Lines within the year count whole: summed by the database.
    inside = resources.filter(within).order_by()
    for row in inside.values("cooperation_id", "category", "form", "funding_mode").annotate(
        total=Sum("amount")
    ):
        key = (row["category"], row["form"], row["funding_mode"])
        lines.valued[row["cooperation_id"]][key] += row["total"]
    money = inside.filter(form=ResourceForm.MONEY)
    for row in (
        money.filter(source__isnull=False)
        .values("cooperation_id", "source_id")
        .annotate(total=Sum("amount"))
    ):
        lines.by_source[row["cooperation_id"]][row["source_id"]] += row["total"]
    for row in (
        money.filter(earmark=Earmark.ANIMATION)
        .values("cooperation_id")
        .annotate(total=Sum("amount"))
    ):
        lines.animation_money[row["cooperation_id"]] += row["total"]
    # Lines over several years count for their part of this one.
    spanning = resources.filter(overlapping).exclude(within)
    for row in spanning.values(
        "cooperation_id",
        "category",
        "form",
        "funding_mode",
        "source_id",
        "earmark",
        "amount",
        "start_date",
        "end_date",
    ):
        part = _shares(row["amount"], row["start_date"], row["end_date"])[year]
        pk = row["cooperation_id"]
        lines.valued[pk][(row["category"], row["form"], row["funding_mode"])] += part
        if row["form"] == ResourceForm.MONEY:
            if row["source_id"] is not None:
                lines.by_source[pk][row["source_id"]] += part
            if row["earmark"] == Earmark.ANIMATION:
                lines.animation_money[pk] += part
    for row in costs.values("cooperation_id", "amount", "start_date", "end_date"):
        part = _shares(row["amount"], row["start_date"], row["end_date"])[year]
        lines.animation_costs[row["cooperation_id"]] += part
    return lines


class _Table:
    """Cells keyed by (names, values) of their dimensions, each with the amount every cooperation
    brings, and the margins between them."""

    def __init__(self, base: dict):
        self.base = base
        self.parts: dict[tuple, dict[int, Decimal]] = {}
        self.sums: list[tuple[tuple, list[tuple]]] = []

    def add_cooperation(self, cooperation: int, amounts: dict[tuple, Decimal]) -> None:
        """`amounts`: what one cooperation brings to each cell, all its lines already summed."""
        parts = self.parts
        for key, amount in amounts.items():
            if amount:
                parts.setdefault(key, {})[cooperation] = amount

    def margin(self, parent: tuple, name: str) -> None:
        """The cell `parent` is the sum of the cells with its dimensions plus `name`."""
        if parent not in self.parts:
            return
        names, values = parent
        wanted = {*names, name}
        fixed = dict(zip(names, values, strict=True))
        children = [
            key
            for key in self.parts
            if len(key[0]) == len(wanted)
            and set(key[0]) == wanted
            and all(dict(zip(*key, strict=True))[k] == v for k, v in fixed.items())
        ]
        self.sums.append((parent, children))

    def margins_below(self, names: tuple[str, ...], name: str) -> None:
        for key in [key for key in self.parts if key[0] == names]:
            self.margin(key, name)

    def protected(self) -> list[dict]:
        keys = list(self.parts)
        index = {key: position for position, key in enumerate(keys)}
        cells = [
            Cell(dimensions={**self.base, **dict(zip(*key, strict=True))}, parts=self.parts[key])
            for key in keys
        ]
        margins = [
            Margin(index[parent], tuple(index[child] for child in children))
            for parent, children in self.sums
        ]
        return [public(cell) for cell in protect(cells, margins)]


TOTAL = ((), ())
# Breakdowns read from each line (the cooperation's attributes come from its profile).
LINE_BREAKDOWNS = (
    ("form",),
    ("family",),
    ("family", "category"),
    ("form", "family"),
    ("form", "family", "category"),
    ("funding_mode",),
)
FAMILY = {category.value: family.value for category, family in FAMILY_OF_CATEGORY.items()}


@lru_cache(maxsize=1024)
def _line_keys(line: tuple[str, str, str]) -> tuple[tuple, ...]:
    """The cells of LINE_BREAKDOWNS a (category, form, funding mode) line counts in."""
    category, form, mode = line
    values = {"form": form, "family": FAMILY[category], "category": category}
    values["funding_mode"] = mode
    return tuple((names, tuple(values[name] for name in names)) for names in LINE_BREAKDOWNS)


def _resource_cells(year: int, lines: YearLines, profiles: dict[int, dict]) -> list[dict]:
    table = _Table({"measure": "resources", "year": year})
    for pk, amounts in lines.valued.items():
        profile = profiles[pk]
        brought: dict[tuple, Decimal] = {}
        total = ZERO
        for line, amount in amounts.items():
            for key in _line_keys(line):
                brought[key] = brought.get(key, ZERO) + amount
            total += amount
        brought[TOTAL] = total
        for name in (*ATTRIBUTES, "region"):
            brought[((name,), (profile[name],))] = total
        for model in profile["models"]:
            brought[(("model",), (model,))] = total
        place = (profile["region"], profile["departement"])
        brought[(("region", "departement"), place)] = total
        table.add_cooperation(pk, brought)
    # The sums a reader could use to recompute a suppressed cell (models overlap: no sum).
    for name in ("form", "family", "funding_mode", *ATTRIBUTES, "region"):
        table.margin(TOTAL, name)
    table.margins_below(("family",), "category")
    table.margins_below(("family",), "form")
    table.margins_below(("form",), "family")
    table.margins_below(("form", "family"), "category")
    table.margins_below(("family", "category"), "form")
    table.margins_below(("region",), "departement")
    return table.protected()


def _contribution_cells(cooperations) -> list[dict]:
    """Contributions sought from third parties for useful effects, agreed or paid, by effect type
    and kind of third party (the register is not dated: no year)."""
    table = _Table({"measure": "contributions"})
    rows = Contribution.objects.filter(
        effect__cooperation__in=cooperations,
        status__in=COUNTED_CONTRIBUTIONS,
        amount__gt=0,
    ).values_list("effect__cooperation_id", "effect__effect_type", "beneficiary__kind", "amount")
    by_cooperation: dict[int, dict[tuple, Decimal]] = defaultdict(dict)
    for pk, effect_type, kind, amount in rows:
        brought = by_cooperation[pk]
        for key in (
            TOTAL,
            (("effect_type",), (effect_type,)),
            (("third_party_kind",), (kind,)),
            (("effect_type", "third_party_kind"), (effect_type, kind)),
        ):
            brought[key] = brought.get(key, ZERO) + amount
    for pk, brought in by_cooperation.items():
        table.add_cooperation(pk, brought)
    table.margin(TOTAL, "effect_type")
    table.margin(TOTAL, "third_party_kind")
    table.margins_below(("effect_type",), "third_party_kind")
    table.margins_below(("third_party_kind",), "effect_type")
    return table.protected()


def cooperation_shares(lines: YearLines) -> dict[str, dict[int, Decimal]]:
    """Each cooperation's animation coverage, hybridisation and top-funder dependency, with the
    formulas of the economy's indicators (docs/architecture.md, "Economic model")."""
    shares: dict[str, dict[int, Decimal]] = {name: {} for name in INDICATORS}
    for pk, amounts in lines.valued.items():
        by_family = defaultdict(lambda: ZERO)
        money = ZERO
        for (category, form, _mode), amount in amounts.items():
            by_family[FAMILY_OF_CATEGORY[category]] += amount
            if form == ResourceForm.MONEY:
                money += amount
        value = family_hybridisation(by_family.get(f, ZERO) for f in ResourceFamily)
        if value is not None:
            shares["hybridisation"][pk] = value
        top = ratio(max(lines.by_source.get(pk, {}).values(), default=ZERO), money)
        if top is not None:
            shares["top_funder_share"][pk] = top
    for pk, costs in lines.animation_costs.items():
        coverage = ratio(lines.animation_money.get(pk, ZERO), costs)
        if coverage is not None:
            shares["animation_coverage"][pk] = coverage
    return shares


def _distributions(year: int, lines: YearLines) -> list[dict]:
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
