"""The three simulators on hand-computed cases: Okoté's 1:1:1, the Fonds d'impulsion jurassien,
caps, rounding to the cent, and the properties users rely on (parts add up to the total)."""

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terreau.economy import simulators as sim


def matched(target, *, ratio=("1", "1", "1"), public_cap=None, companies_cap=None):
    citizens, public, companies = (D(r) for r in ratio)
    return sim.matched_crowdfunding(
        sim.MatchedCrowdfundingInputs(
            target=D(target),
            citizens_ratio=citizens,
            matchers=sim.okote_matchers(
                public_ratio=public,
                companies_ratio=companies,
                public_cap=None if public_cap is None else D(public_cap),
                companies_cap=None if companies_cap is None else D(companies_cap),
            ),
        )
    )


def amounts(result):
    return [part.amount for part in result.parts]


# Matched crowdfunding ------------------------------------------------------------------------


def test_okote_each_citizen_euro_triggers_one_from_the_collectivite_and_one_of_mecenat():
    result = matched("30000")
    assert result.citizens == D("10000.00")
    assert amounts(result) == [D("10000.00"), D("10000.00"), D("10000.00")]
    assert result.multiplier == D("3.00")  # "un effet multiplicateur de 3"
    assert result.capped == []
    assert "objectif ÷ (1 + somme des ratios)" in result.formula
    assert result.applied == "C = (30\u202f000 € − 0 €) ÷ (1 + 2) = 10\u202f000 €"


def test_a_capped_collectivite_makes_citizens_raise_more():
    # 30,000 with the collectivité capped at 5,000: once citizens pass 5,000 the collectivité
    # stops, so C + 5,000 + C = 30,000 → C = 12,500 and mécénat pays 12,500.
    result = matched("30000", public_cap="5000")
    assert amounts(result) == [D("12500.00"), D("5000.00"), D("12500.00")]
    assert result.capped == ["Collectivité"]
    public = result.parts[1]
    assert public.capped and public.capped_from == D("5000.00")
    assert result.multiplier == D("2.40")  # 30,000 ÷ 12,500
    assert result.applied == "C = (30\u202f000 € − 5\u202f000 €) ÷ (1 + 1) = 12\u202f500 €"


def test_both_matchers_capped_leave_the_rest_to_citizens():
    # Caps 2,000 and 3,000: C = 30,000 − 5,000 = 25,000.
    result = matched("30000", public_cap="2000", companies_cap="3000")
    assert amounts(result) == [D("25000.00"), D("2000.00"), D("3000.00")]
    assert result.capped == ["Collectivité", "Mécénat d'entreprise"]
    assert result.multiplier == D("1.20")


def test_a_cap_that_is_not_reached_changes_nothing():
    result = matched("30000", public_cap="10000")  # reached exactly at the solution
    assert amounts(result) == [D("10000.00"), D("10000.00"), D("10000.00")]
    result = matched("30000", public_cap="15000")
    assert result.capped == [] and amounts(result)[0] == D("10000.00")


def test_unequal_ratios():
    # 1 € of citizens triggers 2 € of the collectivité and 0.5 € of mécénat: C = 35,000 ÷ 3.5.
    result = matched("35000", ratio=("1", "2", "0.5"))
    assert amounts(result) == [D("10000.00"), D("20000.00"), D("5000.00")]
    assert result.multiplier == D("3.50")
    # Ratio 2:1:1 is "1 € of each matcher for 2 € of citizens": C = 20,000 ÷ 2 × 2 ... = 10,000.
    result = matched("20000", ratio=("2", "1", "1"))
    assert amounts(result) == [D("10000.00"), D("5000.00"), D("5000.00")]


def test_amounts_are_rounded_to_the_cent_and_add_up_to_the_target():
    # 100 ÷ 3 = 33.333…: the leftover cent goes to the first part (equal remainders).
    result = matched("100")
    assert amounts(result) == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(amounts(result)) == D("100")
    assert [part.share for part in result.parts] == [D("33.4"), D("33.3"), D("33.3")]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"target": "0"}, "target"),
        ({"target": "-5"}, "target"),
        ({"target": "10.001"}, "target"),
        ({"target": "100", "ratio": ("0", "1", "1")}, "citizens_ratio"),
        ({"target": "100", "ratio": ("1", "-1", "1")}, "matchers[0].ratio"),
        ({"target": "100", "companies_cap": "-1"}, "matchers[1].cap"),
    ],
)
def test_bad_matched_inputs_name_their_field(kwargs, field):
    with pytest.raises(sim.SimulatorInputError) as error:
        matched(**kwargs)
    assert error.value.field == field and error.value.message


cents = st.integers(min_value=1, max_value=10**10).map(lambda c: D(c) / 100)
ratios = st.integers(min_value=0, max_value=400).map(lambda r: D(r) / 100)


@settings(max_examples=300, deadline=None)
@given(
    target=cents,
    public=ratios,
    companies=ratios,
    public_cap=st.none() | cents,
    companies_cap=st.none() | cents,
)
def test_matched_parts_add_up_to_the_target_and_respect_ratios_and_caps(
    target, public, companies, public_cap, companies_cap
):
    result = matched(
        target, ratio=("1", public, companies), public_cap=public_cap, companies_cap=companies_cap
    )
    parts = amounts(result)
    assert sum(parts) == target
    assert all(part >= 0 and part == part.quantize(D("0.01")) for part in parts)
    citizens = parts[0]
    for part, ratio, cap in zip(
        result.parts[1:], (public, companies), (public_cap, companies_cap), strict=True
    ):
        # The exact amounts follow the rule; rounding moves each part by less than a cent.
        assert part.amount <= ratio * (citizens + D("0.01")) + D("0.01")
        if cap is not None:
            assert part.amount <= cap
        if part.capped:
            assert part.amount == cap


# Pooled fund ---------------------------------------------------------------------------------

JURA = (
    sim.Contribution("region", D("40000"), 3),
    sim.Contribution("banque_des_territoires", D("40000"), 3),
    sim.Contribution("companies", D("30000"), 3),
    sim.Contribution("citizens", D("10000"), 3),
)


def test_fonds_d_impulsion_jurassien_funds_three_experimentations_a_year():
    # 120,000 € a year, 30,000 € per experimentation, up to three a year (source §002).
    result = sim.pooled_fund(sim.PooledFundInputs(JURA, D("30000"), 12, 3))
    assert result.first_year_total == D("120000.00")
    assert result.per_year == 3 and result.limited_by_maximum
    # Each year 120,000 come in and 90,000 go out: 30,000 carried over each year, and in year 4
    # the 90,000 carried over fund three more. Year 5 has nothing left.
    assert [(y.year, y.available, y.funded, y.carried_over) for y in result.years] == [
        (1, D("120000.00"), 3, D("30000.00")),
        (2, D("150000.00"), 3, D("60000.00")),
        (3, D("180000.00"), 3, D("90000.00")),
        (4, D("90000.00"), 3, D("0.00")),
    ]
    assert result.runway_years == 4 and result.total_funded == 12
    assert result.running_at_once == 3
    assert [(s.kind, s.total, s.share) for s in result.shares] == [
        ("region", D("120000.00"), D("33.4")),  # 33.33…: the leftover tenth goes first
        ("banque_des_territoires", D("120000.00"), D("33.3")),
        ("companies", D("90000.00"), D("25.0")),
        ("citizens", D("30000.00"), D("8.3")),
    ]


def test_without_a_maximum_the_fund_spends_what_it_has():
    result = sim.pooled_fund(sim.PooledFundInputs(JURA[:1], D("30000"), 12, None))
    # 40,000 a year for 3 years: one a year, 10,000 carried over each year, 30,000 after year 3
    # fund a fourth in year 4.
    assert result.per_year == 1 and not result.limited_by_maximum
    assert [y.funded for y in result.years] == [1, 1, 1, 1]
    assert result.runway_years == 4


def test_a_single_year_of_contributions_has_a_runway_of_one_year():
    one_year = tuple(sim.Contribution(c.kind, c.amount_per_year, 1) for c in JURA)
    result = sim.pooled_fund(sim.PooledFundInputs(one_year, D("30000"), 12, 3))
    # Year 1: three, 30,000 carried; year 2: one more, not the pace of three.
    assert [y.funded for y in result.years] == [3, 1]
    assert result.runway_years == 1 and result.total_funded == 4


def test_contributions_below_one_grant_fund_none_a_year():
    result = sim.pooled_fund(
        sim.PooledFundInputs((sim.Contribution("citizens", D("10000"), 2),), D("30000"), 12, 3)
    )
    assert result.per_year == 0 and result.runway_years == 0
    assert [y.carried_over for y in result.years] == [D("10000.00"), D("20000.00")]


def test_eighteen_month_experimentations_overlap():
    result = sim.pooled_fund(sim.PooledFundInputs(JURA, D("30000"), 18, 3))
    assert result.running_at_once == 5  # ⌈3 × 18 ÷ 12⌉


@pytest.mark.parametrize(
    "contributions, grant, months, maximum, field",
    [
        ((), "30000", 12, 3, "contributions"),
        ((sim.Contribution("mairie", D(1000)),), "30000", 12, 3, "contributions[0].kind"),
        ((sim.Contribution("region", D(-1)),), "30000", 12, 3, "contributions[0].amount_per_year"),
        ((sim.Contribution("region", D(1), 0),), "30000", 12, 3, "contributions[0].years"),
        ((sim.Contribution("region", D(0)),), "30000", 12, 3, "contributions"),
        (JURA, "0", 12, 3, "grant"),
        (JURA, "30000", 0, 3, "grant_months"),
        (JURA, "30000", 12, 0, "max_per_year"),
    ],
)
def test_bad_fund_inputs_name_their_field(contributions, grant, months, maximum, field):
    with pytest.raises(sim.SimulatorInputError) as error:
        sim.pooled_fund(sim.PooledFundInputs(contributions, D(grant), months, maximum))
    assert error.value.field == field


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(sim.ContributorKind.values), cents, st.integers(1, 10)),
        min_size=1,
        max_size=6,
    ),
    grant=cents,
    maximum=st.none() | st.integers(1, 10),
)
def test_fund_never_commits_more_than_it_has_and_shares_add_up(rows, grant, maximum):
    contributions = tuple(sim.Contribution(*row) for row in rows)
    result = sim.pooled_fund(sim.PooledFundInputs(contributions, grant, 12, maximum))
    committed = sum((y.granted for y in result.years), D(0))
    left = result.years[-1].carried_over if result.years else D(0)
    assert committed + left == result.total_contributions
    assert all(y.carried_over >= 0 and y.funded <= result.per_year for y in result.years)
    assert sum(s.share for s in result.shares) == D("100.0")
    assert result.runway_years <= len(result.years)


# Shared savings ------------------------------------------------------------------------------


def savings(baseline, cooperation, members, key="equal"):
    return sim.shared_savings(
        sim.SharedSavingsInputs(
            D(baseline),
            D(cooperation),
            tuple(sim.Saver(name, None if w is None else D(w)) for name, w in members),
            key,
        )
    )


def test_wood_boiler_savings_split_by_consumption():
    # 48,000 − 39,000 = 9,000 split 120 : 80 : 200 MWh → 2,700, 1,800, 4,500.
    result = savings(
        "48000", "39000", [("École", "120"), ("Mairie", "80"), ("EHPAD", "200")], "consumption"
    )
    assert result.savings == D("9000.00") and result.savings_rate == D("18.8")
    assert [(p.name, p.amount, p.share) for p in result.parts] == [
        ("École", D("2700.00"), D("30.0")),
        ("Mairie", D("1800.00"), D("20.0")),
        ("EHPAD", D("4500.00"), D("50.0")),
    ]


def test_equal_shares_give_the_leftover_cents_to_the_largest_remainders():
    # 100.00 in three: 33.33 each and one cent left, to the first (equal remainders).
    result = savings("300", "200", [("A", None), ("B", None), ("C", None)])
    assert [p.amount for p in result.parts] == [D("33.34"), D("33.33"), D("33.33")]
    # 10.00 by weights 1, 1, 1, 3 → exact 1.666…, 1.666…, 1.666…, 5.00: floors 1.66 ×3 and 5.00
    # leave 2 cents, to the first two.
    result = savings("10", "0", [("A", 1), ("B", 1), ("C", 1), ("D", 3)], "weight")
    assert [p.amount for p in result.parts] == [D("1.67"), D("1.67"), D("1.66"), D("5.00")]


def test_the_largest_remainder_wins_the_cent_not_the_first_listed():
    # 0.10 by weights 1 and 2: exact 0.0333… and 0.0666…, floors 3 and 6 cents; the second's
    # remainder (0.666… cent) beats the first's (0.333… cent).
    result = savings("0.10", "0", [("A", 1), ("B", 2)], "contribution")
    assert [p.amount for p in result.parts] == [D("0.03"), D("0.07")]


def test_negative_savings_are_reported_not_split():
    result = savings("10000", "11500.50", [("A", None), ("B", None)])
    assert result.savings == D("-1500.50") and result.extra_cost == D("1500.50")
    assert not result.split and result.parts == []
    assert "rien à répartir" in result.applied


def test_zero_savings_are_not_split():
    result = savings("500", "500", [("A", None)])
    assert result.savings == D("0.00") and not result.split


@pytest.mark.parametrize(
    "members, key, field",
    [
        ([], "equal", "members"),
        ([("A", None), ("", None)], "equal", "members[1].name"),
        ([("A", None), ("a", None)], "equal", "members[1].name"),
        ([("A", "1"), ("B", None)], "consumption", "members[1].weight"),
        ([("A", "-1")], "weight", "members[0].weight"),
        ([("A", "0"), ("B", "0")], "weight", "members"),
        ([("A", None)], "surface", "key"),
    ],
)
def test_bad_savings_inputs_name_their_field(members, key, field):
    with pytest.raises(sim.SimulatorInputError) as error:
        savings("100", "50", members, key)
    assert error.value.field == field


@settings(max_examples=300, deadline=None)
@given(
    baseline=cents,
    saved=cents,
    weights=st.lists(st.integers(0, 10**6).map(D), min_size=1, max_size=12).filter(any),
)
def test_parts_add_up_exactly_to_the_savings(baseline, saved, weights):
    result = savings(
        baseline + saved, baseline, [(f"M{i}", w) for i, w in enumerate(weights)], "weight"
    )
    parts = [p.amount for p in result.parts]
    assert sum(parts) == saved
    total = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(saved) * Fraction(weight) / Fraction(total)
        assert abs(Fraction(part) - exact) < Fraction(1, 100)  # within a cent of the exact share


def test_split_cents_is_the_documented_largest_remainder():
    assert sim.split_cents(D("1.00"), [Fraction(1)] * 3) == [D("0.34"), D("0.33"), D("0.33")]
    assert sim.split_cents(D("0.05"), [Fraction(1), Fraction(0)]) == [D("0.05"), D("0.00")]


def test_results_as_json_keep_amounts_as_decimal_strings():
    data = sim.as_json("matched-crowdfunding", matched("30000", public_cap="5000"))
    assert data["simulator"] == "matched-crowdfunding"
    assert data["inputs"]["target"] == "30000"
    assert data["inputs"]["matchers"][0] == {"name": "Collectivité", "ratio": "1", "cap": "5000"}
    assert data["results"]["citizens"] == "12500.00"
    assert data["results"]["multiplier"] == "2.40"
    assert data["results"]["capped"] == ["Collectivité"]
