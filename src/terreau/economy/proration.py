"""How a dated line is shared between calendar years.

The rule: a line from `start` to `end` (both days included) of amount A gives each year the part
of A in proportion to its days falling in that year. Amounts are counted in cents: each year first
gets the whole cents of its exact part (rounded down), then the cents left over go one by one to
the years with the largest remainders (the earlier year first on a tie). So the years of a line
always add up exactly to its amount, and a line within one year gives that year its whole amount.

Example: €1,000.00 from 1 July 2023 to 30 June 2024 (366 days: 184 in 2023, 182 in 2024):
2023 gets 100,000 × 184 / 366 = 50,273.2 cents → 50,273, 2024 gets 49,726.7 → 49,726; the
cent left goes to 2024 (larger remainder): €502.73 and €497.27.
"""

from datetime import date
from decimal import Decimal

CENTS = Decimal(100)
CENT = Decimal("0.01")


def days_in_year(start: date, end: date, year: int) -> int:
    """Days of [start, end] falling in `year`."""
    first = max(start, date(year, 1, 1))
    last = min(end, date(year, 12, 31))
    return max((last - first).days + 1, 0)


def year_shares(amount: Decimal, start: date, end: date) -> dict[int, Decimal]:
    """The part of `amount` falling in each year from `start` to `end` (see the module's rule)."""
    total_days = (end - start).days + 1
    cents = int((amount * CENTS).to_integral_value())
    years = range(start.year, end.year + 1)
    exact = {year: cents * days_in_year(start, end, year) for year in years}
    shares = {year: value // total_days for year, value in exact.items()}
    left = cents - sum(shares.values())
    by_remainder = sorted(years, key=lambda year: (-(exact[year] % total_days), year))
    for year in by_remainder[:left]:
        shares[year] += 1
    return {year: (Decimal(share) / CENTS).quantize(CENT) for year, share in shares.items()}


def year_share(amount: Decimal, start: date, end: date, year: int) -> Decimal:
    """The part of `amount` falling in `year` (zero outside the line's period)."""
    if not start.year <= year <= end.year:
        return Decimal("0.00")
    return year_shares(amount, start, end)[year]
