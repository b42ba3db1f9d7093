"""How a line spanning several years is shared between them, checked by hand."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from terreau.economy.proration import (
    days_in_year,
    year_cents,
    year_length,
    year_share,
    year_shares,
)


def test_a_line_within_one_year_gives_it_its_whole_amount():
    assert year_shares(Decimal("1234.56"), date(2025, 3, 1), date(2025, 5, 31)) == {
        2025: Decimal("1234.56")
    }


def test_whole_calendar_years_get_the_same_amount_leap_year_or_not():
    # 2024 has 366 days: by days alone it would get more than 2025 and 2026.
    assert year_shares(Decimal("90000.00"), date(2024, 1, 1), date(2026, 12, 31)) == {
        2024: Decimal("30000.00"),
        2025: Decimal("30000.00"),
        2026: Decimal("30000.00"),
    }


def test_a_line_across_two_years_counts_by_the_fraction_of_each_year():
    # 184 days of 2023 (184/365) and 182 days of 2024 (182/366): 2023 gets
    # 100,000 × (184/365) / (184/365 + 182/366) = 50,341.62 cents, 2024 49,658.38 cents;
    # floors 50,341 + 49,658 = 99,999, the cent left goes to the larger remainder (2023).
    assert year_shares(Decimal("1000.00"), date(2023, 7, 1), date(2024, 6, 30)) == {
        2023: Decimal("503.42"),
        2024: Decimal("496.58"),
    }


def test_cents_that_cannot_be_shared_evenly_go_to_the_earlier_year_on_a_tie():
    # 10,000 cents in three equal thirds: 3,333 each, one cent left for the first year.
    assert year_shares(Decimal("100.00"), date(2021, 1, 1), date(2023, 12, 31)) == {
        2021: Decimal("33.34"),
        2022: Decimal("33.33"),
        2023: Decimal("33.33"),
    }


def test_a_september_to_august_line():
    # 122 days of 2026 and 243 of 2027, both of 365 days: 1,500,000 × 122/365 = 501,369.86
    # cents → 501,369, 2027 998,630.14 → 998,630; the cent left goes to 2026 (.86 > .14).
    assert year_share(Decimal("15000.00"), date(2026, 9, 1), date(2027, 8, 31), 2026) == Decimal(
        "5013.70"
    )
    assert year_share(Decimal("15000.00"), date(2026, 9, 1), date(2027, 8, 31), 2027) == Decimal(
        "9986.30"
    )


def test_a_year_outside_the_line_gets_nothing():
    assert year_share(Decimal("500.00"), date(2024, 1, 1), date(2024, 12, 31), 2025) == Decimal(
        "0.00"
    )


@given(
    cents=st.integers(min_value=1, max_value=10**14 - 1),
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    days=st.integers(min_value=0, max_value=4000),
)
def test_the_years_of_a_line_always_add_up_exactly_to_its_amount(cents, start, days):
    amount = Decimal(cents) / 100
    end = date.fromordinal(start.toordinal() + days)
    shares = year_shares(amount, start, end)
    assert sum(shares.values()) == amount
    assert all(share >= 0 for share in shares.values())
    assert list(shares) == list(range(start.year, end.year + 1))


def fraction_year_cents(cents: int, start: date, end: date) -> dict[int, int]:
    """The module's rule computed with fractions, as it was before `year_cents`."""
    years = range(start.year, end.year + 1)
    weights = {y: Fraction(days_in_year(start, end, y), year_length(y)) for y in years}
    total = sum(weights.values())
    exact = {year: cents * weight / total for year, weight in weights.items()}
    shares = {year: int(value) for year, value in exact.items()}
    left = cents - sum(shares.values())
    for year in sorted(years, key=lambda year: (-(exact[year] - shares[year]), year))[:left]:
        shares[year] += 1
    return shares


@given(
    cents=st.integers(min_value=1, max_value=10**14 - 1),
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    days=st.integers(min_value=0, max_value=4000),
)
def test_year_cents_in_integers_equals_the_rule_in_fractions(cents, start, days):
    end = date.fromordinal(start.toordinal() + days)
    assert year_cents(cents, start, end) == fraction_year_cents(cents, start, end)
