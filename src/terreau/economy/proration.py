"""How a dated line is shared between calendar years.

The rule: a line from `start` to `end` (both days included) gives each year a weight, the
fraction of that year it covers (its days in the year ÷ the days of the year, 365 or 366), and
each year gets the part of the amount in proportion to its weight. So a line over whole calendar
years gives each of them the same amount (a 3-year convention of €90,000 from January 2024 to
December 2026 gives €30,000 a year, leap year or not), and a line over part of a year counts by
its days.

Amounts are counted in cents: each year first gets the whole cents of its exact part (rounded
down), then the cents left over go one by one to the years with the largest remainders (the
earlier year first on a tie). So the years of a line always add up exactly to its amount, and a
line within one year gives that year its whole amount.

Example: €1,000.00 from 1 July 2023 to 30 June 2024. Weights: 184/365 for 2023 and 182/366 for
2024 (leap year); 2023 gets 100,000 cents × (184/365) ÷ (184/365 + 182/366) = 50,341.62 cents
→ 50,341 and 2024 gets 49,658.38 → 49,658; the cent left goes to 2023 (larger remainder):
€503.42 and €496.58.
"""

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

CENTS = Decimal(100)
CENT = Decimal("0.01")


def days_in_year(start: date, end: date, year: int) -> int:
    """Days of [start, end] falling in `year`."""
    first = max(start, date(year, 1, 1))
    last = min(end, date(year, 12, 31))
    return max((last - first).days + 1, 0)


def year_length(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


@lru_cache(maxsize=4096)
def _weights(start: date, end: date) -> tuple[tuple[int, ...], int]:
    """Each year's weight ÷ their total, as numerators over one common denominator."""
    years = range(start.year, end.year + 1)
    weights = [Fraction(days_in_year(start, end, y), year_length(y)) for y in years]
    total = sum(weights)
    fractions = [weight / total for weight in weights]
    denominator = math.lcm(*(f.denominator for f in fractions))
    return tuple(f.numerator * (denominator // f.denominator) for f in fractions), denominator


def year_cents(cents: int, start: date, end: date) -> dict[int, int]:
    """The cents of a line of `cents` (≥ 0, as amounts are) falling in each year from `start` to
    `end` (the module's rule, in integers: the observatory prorates thousands of lines with it)."""
    if start.year == end.year:
        return {start.year: cents}
    numerators, denominator = _weights(start, end)
    exact = [divmod(cents * numerator, denominator) for numerator in numerators]
    shares = {start.year + index: whole for index, (whole, _rest) in enumerate(exact)}
    left = cents - sum(shares.values())
    if not left:
        return shares
    by_remainder = sorted(range(len(exact)), key=lambda index: (-exact[index][1], index))
    for index in by_remainder[:left]:
        shares[start.year + index] += 1
    return shares


def year_shares(amount: Decimal, start: date, end: date) -> dict[int, Decimal]:
    """The part of `amount` falling in each year from `start` to `end` (see the module's rule)."""
    cents = int((amount * CENTS).to_integral_value())
    return {
        year: (Decimal(share) / CENTS).quantize(CENT)
        for year, share in year_cents(cents, start, end).items()
    }


def year_share(amount: Decimal, start: date, end: date, year: int) -> Decimal:
    """The part of `amount` falling in `year` (zero outside the line's period)."""
    if not start.year <= year <= end.year:
        return Decimal("0.00")
    return year_shares(amount, start, end)[year]
