"""A year's economic lines of the observed cooperations, summed per cooperation in whole cents.

Speed (issue 20: 200,000 lines in under a second): the database sums the lines within the year
(grouped by cooperation and by what the cells and distributions split on) and sends the lines over
several years one by one, which Python prorates (`economy.proration.year_cents`, the rule of the
economy's pages, in integers). Rows are read with the database cursor, without the ORM's per-row
conversions, and amounts travel as integer cents (`CENTS`: exact on both databases, and integer
sums in Python), so that no Decimal is made per line. docs/observatory.md, "Performance".
"""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.db import connections
from django.db.models import BigIntegerField, F, Q
from django.db.models.functions import Cast, Round

from terreau.economy.models import Cost, Resource
from terreau.economy.proration import year_cents
from terreau.economy.taxonomies import CONFIRMED_STATUSES, CostCategory, Earmark, ResourceForm

# A line's amount in whole cents (amounts have two decimals; ROUND guards SQLite's binary floats).
CENTS = Cast(Round(F("amount") * 100), BigIntegerField())
MONEY, ANIMATION = ResourceForm.MONEY.value, Earmark.ANIMATION.value
# What a resource is split on: (category, form, funding mode), its source, its earmark.
RESOURCE_FIELDS = ("cooperation_id", "category", "form", "funding_mode", "source_id", "earmark")


@dataclass
class YearLines:
    """A year's lines, per cooperation id, each for its part of the year, in cents."""

    valued: dict = field(default_factory=dict)  # → {(category, form, funding mode): cents}
    by_source: dict = field(default_factory=dict)  # → {source actor id: money}
    animation_money: dict = field(default_factory=dict)  # → money earmarked for animation
    animation_costs: dict = field(default_factory=dict)  # → cost of the animation function

    def add_resources(self, rows) -> None:
        """`rows`: (cooperation id, category, form, funding mode, source id, earmark, cents)."""
        valued, by_source, animation = self.valued, self.by_source, self.animation_money
        for pk, category, form, mode, source, earmark, cents in rows:
            amounts = valued.get(pk)
            if amounts is None:
                amounts = valued[pk] = {}
            key = (category, form, mode)
            amounts[key] = amounts.get(key, 0) + cents
            if form != MONEY:
                continue
            if source is not None:
                sources = by_source.get(pk)
                if sources is None:
                    sources = by_source[pk] = {}
                sources[source] = sources.get(source, 0) + cents
            if earmark == ANIMATION:
                animation[pk] = animation.get(pk, 0) + cents


def rows(queryset) -> list[tuple]:
    """The rows of a `values_list` queryset as the database sends them (no ORM conversion)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@lru_cache(maxsize=4096)
def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _prorated(lines, year: int):
    """`lines` ending with (cents, start, end), as (…, cents of `year`)."""
    for *fields, cents, start, end in lines:
        yield (*fields, year_cents(cents, _date(start), _date(end)).get(year, 0))


def year_lines(cooperations, year: int) -> YearLines:
    """The confirmed resources and the animation costs of `cooperations` counting in `year`."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    within = Q(start_date__gte=first, end_date__lte=last)
    overlapping = Q(start_date__lte=last, end_date__gte=first)
    resources = (
        Resource.objects.filter(
            overlapping, cooperation__in=cooperations, status__in=CONFIRMED_STATUSES
        )
        .order_by()
        .annotate(cents=CENTS)
    )
    lines = YearLines()
    lines.add_resources(rows(resources.filter(within).values_list(*RESOURCE_FIELDS, "cents")))
    dated = ("cents", "start_date", "end_date")
    spanning = resources.exclude(within).values_list(*RESOURCE_FIELDS, *dated)
    lines.add_resources(_prorated(rows(spanning), year))
    costs = Cost.objects.filter(
        overlapping, cooperation__in=cooperations, category=CostCategory.ANIMATION
    ).annotate(cents=CENTS)
    animation = lines.animation_costs
    for pk, cents in _prorated(rows(costs.order_by().values_list("cooperation_id", *dated)), year):
        animation[pk] = animation.get(pk, 0) + cents
    return lines
