"""Reads of a cooperation's economic model, for its page, the API, the CLI and the XLSX export."""

import csv
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.db.models import Max, Min, Q
from django.utils import translation

from terreau.actors.models import Actor
from terreau.core.text import search_key
from terreau.economy.indicators import CostLine, ResourceLine, year_indicators
from terreau.economy.proration import year_share, year_shares
from terreau.economy.taxonomies import CONFIRMED_STATUSES, EffectType, ResourceFamily
from terreau.territories.models import Commune
from terreau.territories.refs import TerritoryRefError, resolve

# A chart or an export never spans more years than this (a mistyped 2204 stays readable).
MAX_YEARS = 15
# The years a page or the API may ask indicators for (beyond, a date the database cannot hold).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def counted(resources, include_expected: bool):
    """Agreed and received lines count; expected ones only when asked for."""
    return resources if include_expected else resources.filter(status__in=CONFIRMED_STATUSES)


def overlapping(lines, first: int, last: int):
    """The lines (resources or costs) running for at least a day between the years `first` and
    `last`."""
    return lines.filter(start_date__lte=date(last, 12, 31), end_date__gte=date(first, 1, 1))


RESOURCE_FIELDS = (
    "amount",
    "start_date",
    "end_date",
    "category",
    "form",
    "source_id",
    "funding_mode",
    "earmark",
)


def year_lines(cooperation, year: int, *, include_expected: bool = False):
    """The resource and cost lines of `year`, each with its part of that year."""
    resources = counted(overlapping(cooperation.resources.all(), year, year), include_expected)
    costs = overlapping(cooperation.costs.all(), year, year)
    resource_lines = [
        ResourceLine(
            amount=year_share(r["amount"], r["start_date"], r["end_date"], year),
            category=r["category"],
            form=r["form"],
            source_id=r["source_id"],
            funding_mode=r["funding_mode"],
            earmark=r["earmark"],
        )
        for r in resources.values(*RESOURCE_FIELDS)
    ]
    cost_lines = [
        CostLine(
            amount=year_share(c["amount"], c["start_date"], c["end_date"], year),
            category=c["category"],
        )
        for c in costs.values("amount", "start_date", "end_date", "category")
    ]
    return resource_lines, cost_lines


def year_range(cooperation) -> list[int]:
    """The years the cooperation's lines cover, first to last (at most MAX_YEARS, the latest)."""
    bounds = [
        lines.aggregate(first=Min("start_date"), last=Max("end_date"))
        for lines in (cooperation.resources.all(), cooperation.costs.all())
    ]
    firsts = [b["first"].year for b in bounds if b["first"]]
    lasts = [b["last"].year for b in bounds if b["last"]]
    if not firsts:
        return []
    first, last = min(firsts), max(lasts)
    return list(range(max(first, last - MAX_YEARS + 1), last + 1))


def default_year(cooperation, today: date | None = None) -> int:
    """The current year when the cooperation has lines in it, else the last year it has lines
    in before it, else the first after it; the current year when it has none at all."""
    current = (today or date.today()).year
    years = year_range(cooperation)
    if not years or current in years:
        return current
    before = [y for y in years if y < current]
    return before[-1] if before else years[0]


def cooperation_indicators(cooperation, year: int | None = None, *, include_expected=False):
    """The JSON contract of `terreau economy indicators` and of the API."""
    year = year or default_year(cooperation)
    resources, costs = year_lines(cooperation, year, include_expected=include_expected)
    return {
        "cooperation": cooperation.slug,
        "include_expected": include_expected,
        **year_indicators(year, resources, costs),
    }


def family_mix(cooperation, years: list[int], *, include_expected: bool = False) -> list[dict]:
    """For each year, the valued resources of each family (from one query over the period)."""
    if not years:
        return []
    period = overlapping(cooperation.resources.all(), years[0], years[-1])
    lines = counted(period, include_expected)
    mix = {year: {family.value: 0 for family in ResourceFamily} for year in years}
    for line in lines:
        for year, share in year_shares(line.amount, line.start_date, line.end_date).items():
            if year in mix:
                mix[year][line.family.value] += share
    return [{"year": year, "families": mix[year]} for year in years]


@dataclass
class ThirdPartyKind:
    """A kind of third party typically concerned by an effect type, and the actors of the
    cooperation's territory (or its members) that match it."""

    label: str
    actor_kinds: list[str]
    keywords: list[str]
    members_only: bool = False
    actors: list = field(default_factory=list)


THIRD_PARTIES_FILE = Path(__file__).parent / "data" / "effect_third_parties.csv"


@cache
def _third_party_rows() -> list[dict]:
    with THIRD_PARTIES_FILE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def third_party_kinds(effect_type: str) -> list[ThirdPartyKind]:
    """The kinds of third parties the table (economy/data/effect_third_parties.csv) suggests for
    an effect type, labelled in the active language."""
    EffectType(effect_type)  # an unknown key is a programming error
    label = "third_party_en" if translation.get_language() == "en" else "third_party_fr"
    kinds = []
    for row in _third_party_rows():
        if row["effect_type"] != effect_type:
            continue
        actor_kinds = row["actor_kinds"].split()
        kinds.append(
            ThirdPartyKind(
                label=row[label],
                actor_kinds=[k for k in actor_kinds if k != "members"],
                keywords=[search_key(k) for k in row["name_keywords"].split("|") if k],
                members_only=actor_kinds == ["members"],
            )
        )
    return kinds


def _named(keywords: list[str]) -> Q:
    """Actors whose folded name holds one of the keywords as whole words."""
    found = Q()
    for word in keywords:
        found |= (
            Q(search_name=word)
            | Q(search_name__startswith=f"{word} ")
            | Q(search_name__endswith=f" {word}")
            | Q(search_name__contains=f" {word} ")
        )
    return found


def suggested_third_parties(effect, *, user, limit: int = 10) -> list[ThirdPartyKind]:
    """The kinds of third parties an effect's type suggests, each with the matching actors the
    user may see in the départements of the cooperation's territory (members of the cooperation
    for shared savings), leaving out those already asked to contribute to this effect."""
    cooperation = effect.cooperation
    asked = effect.contributions.values("beneficiary")
    try:
        territory = resolve(cooperation.territory_ref, user=None)
    except TerritoryRefError:
        territory = None
    else:
        # Third parties such as the CAF, the health insurance or the département sit at the
        # département's level: look in the départements holding the territory.
        area = Commune.objects.filter(departement__in=territory.communes().values("departement"))
    kinds = third_party_kinds(effect.effect_type)
    for kind in kinds:
        if kind.members_only:
            actors = Actor.objects.filter(memberships__cooperation=cooperation)
        elif territory is None:
            continue
        else:
            actors = Actor.objects.visible_to(user).filter(commune__in=area)
            actors = actors.filter(kind__in=kind.actor_kinds)
            if kind.keywords:
                actors = actors.filter(_named(kind.keywords))
        kind.actors = list(
            actors.exclude(pk__in=asked)
            .select_related("commune")
            .order_by("search_name", "pk")[:limit]
        )
    return kinds
