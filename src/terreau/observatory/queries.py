"""The observatory of financings: aggregates of the economic lines of the cooperations whose
administrators opted in (`Cooperation.observatory`), protected by statistical secrecy
(`secrecy.py`). `cells(territory=None, year=None)` is the one read others reuse (pages, API, CLI,
the territory's récit): what it returns never carries the amount of a suppressed cell, nor any
cooperation's identity.

Resources count when agreed or received (as in the economy's indicators), each for its part of the
year (`economy.proration`). See docs/observatory.md for every dimension and margin, and for why it
is fast: `lines.py` reads a year's lines summed per cooperation in cents, `table.py` keeps each
cell's count, sum and largest part as the cooperations are added.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db.models import Count, Max, Min

from terreau.cooperations.models import Cooperation
from terreau.economy.models import Contribution, Cost, Resource
from terreau.economy.queries import MAX_YEARS
from terreau.economy.taxonomies import CONFIRMED_STATUSES, ContributionStatus
from terreau.observatory.distributions import FAMILY, distributions
from terreau.observatory.lines import CENTS, YearLines, rows, year_lines
from terreau.observatory.table import TOTAL, CellTable
from terreau.territories.models import Departement

# Cooperation attributes that split a year's total, each cooperation in exactly one value.
ATTRIBUTES = ("stage", "cooperation_type", "economic_model", "carrier")
# Contributions to useful effects that count: agreed or paid, with an amount.
COUNTED_CONTRIBUTIONS = (ContributionStatus.AGREED, ContributionStatus.PAID)
# Breakdowns read from each line (the cooperation's attributes come from its profile).
LINE_BREAKDOWNS = (
    ("form",),
    ("family",),
    ("family", "category"),
    ("form", "family"),
    ("form", "family", "category"),
    ("funding_mode",),
)


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
    if territory is not None:
        cooperations = cooperations.in_territory(territory)
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
    all_cells, all_distributions = [], []
    for one_year in years:
        lines = year_lines(cooperations, one_year)
        all_cells += resource_cells(one_year, lines, profiles)
        all_distributions += distributions(one_year, lines)
    all_cells += _contribution_cells(cooperations)
    return Observation(
        years=years,
        cells=all_cells,
        distributions=all_distributions,
        cooperations=len(profiles),
        places=places,
    )


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


def _profiles(cooperations) -> tuple[dict[int, list[tuple]], dict[str, str]]:
    """Each cooperation's cells besides its lines' (keys of `CellTable`): its attributes, models,
    région and département (those of most of its communes, the smallest code on a tie; "" when it
    has none); and the names of the places."""
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
    for pk, departement_id, communes in rows(located):
        code, name, region, region_name = departements[departement_id]
        counts[pk][(region, code)] = communes
        places[f"region:{region}"] = region_name
        places[f"departement:{code}"] = name
    profiles = {}
    for pk, models, *attributes in rows(
        cooperations.order_by().values_list("pk", "models", *ATTRIBUTES)
    ):
        where = counts.get(pk)
        place = ("", "")
        if where:
            place = min(where, key=lambda key: (-where[key], key[1]))
        profiles[pk] = [
            *map(_attribute_key, ATTRIBUTES, attributes),
            *(_attribute_key("model", model) for model in models.split()),
            _attribute_key("region", place[0]),
            (("region", "departement"), place),
        ]
    return profiles, places


@lru_cache(maxsize=1024)
def _attribute_key(name: str, value: str) -> tuple:
    return ((name,), (value,))


@lru_cache(maxsize=1024)
def _line_keys(line: tuple[str, str, str]) -> tuple[tuple, ...]:
    """The cells of LINE_BREAKDOWNS a (category, form, funding mode) line counts in."""
    category, form, mode = line
    values = {"form": form, "family": FAMILY[category], "category": category}
    values["funding_mode"] = mode
    return tuple((names, tuple(values[name] for name in names)) for names in LINE_BREAKDOWNS)


def resource_cells(year: int, lines: YearLines, profiles: dict[int, list[tuple]]) -> list[dict]:
    table = CellTable({"measure": "resources", "year": year})
    for pk, amounts in lines.valued.items():
        brought: dict[tuple, int] = {}
        total = 0
        for line, cents in amounts.items():
            for key in _line_keys(line):
                brought[key] = brought.get(key, 0) + cents
            total += cents
        brought[TOTAL] = total
        for key in profiles[pk]:
            brought[key] = total
        table.add_cooperation(brought)
    return resource_margins(table).protected()


def resource_margins(table: CellTable) -> CellTable:
    """The sums a reader could use to recompute a suppressed cell (models overlap: no sum)."""
    for name in ("form", "family", "funding_mode", *ATTRIBUTES, "region"):
        table.margin(TOTAL, name)
    table.margins_below(("family",), "category")
    table.margins_below(("family",), "form")
    table.margins_below(("form",), "family")
    table.margins_below(("form", "family"), "category")
    table.margins_below(("family", "category"), "form")
    table.margins_below(("region",), "departement")
    return table


def _contribution_cells(cooperations) -> list[dict]:
    """Contributions sought from third parties for useful effects, agreed or paid, by effect type
    and kind of third party (the register is not dated: no year)."""
    table = CellTable({"measure": "contributions"})
    counted = Contribution.objects.filter(
        effect__cooperation__in=cooperations,
        status__in=COUNTED_CONTRIBUTIONS,
        amount__gt=0,
    ).annotate(cents=CENTS)
    by_cooperation: dict[int, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    for pk, effect_type, kind, cents in rows(
        counted.order_by().values_list(
            "effect__cooperation_id", "effect__effect_type", "beneficiary__kind", "cents"
        )
    ):
        brought = by_cooperation[pk]
        for key in (
            TOTAL,
            (("effect_type",), (effect_type,)),
            (("third_party_kind",), (kind,)),
            (("effect_type", "third_party_kind"), (effect_type, kind)),
        ):
            brought[key] += cents
    for brought in by_cooperation.values():
        table.add_cooperation(brought)
    table.margin(TOTAL, "effect_type")
    table.margin(TOTAL, "third_party_kind")
    table.margins_below(("effect_type",), "third_party_kind")
    table.margins_below(("third_party_kind",), "effect_type")
    return table.protected()
