"""The indicators of a year, computed by hand from a few lines (the pure function)."""

from decimal import Decimal as D

import pytest

from terreau.economy.indicators import CostLine, ResourceLine, readings, year_indicators

PANTIN, SHOP, MUTUAL = 1, 2, 3


def money(amount, category, **fields):
    return ResourceLine(amount=D(amount), category=category, **fields)


# La Butinerie's 2026 (the demo): €100,600 of money, €4,800 in kind, €21,300 of time.
BUTINERIE = [
    money("42000.00", "pay_what_you_can"),
    money("9600.00", "training_fees"),
    money("12000.00", "member_contributions", source_id=SHOP),
    money(
        "30000.00",
        "public_multi_year",
        source_id=PANTIN,
        funding_mode="multi_year_convention",
        earmark="animation",
    ),
    money("7000.00", "useful_effect_contribution", source_id=MUTUAL),
    money("4800.00", "member_in_kind", form="in_kind", source_id=SHOP),
    money("11400.00", "member_time", form="time", source_id=SHOP),
    money("2700.00", "member_time", form="time"),
    money("7200.00", "volunteering", form="time"),
]
BUTINERIE_COSTS = [
    CostLine(D("36000.00"), "animation"),
    CostLine(D("40000.00"), "staff"),
    CostLine(D("14400.00"), "premises"),
    CostLine(D("12000.00"), "purchases"),
    CostLine(D("2000.00"), "external_services"),
]


def test_la_butinerie_year_by_hand():
    data = year_indicators(2026, BUTINERIE, BUTINERIE_COSTS)
    assert data["resources_total"] == "100600.00"
    assert data["valued_total"] == "126700.00"
    assert (data["in_kind_total"], data["time_total"]) == ("4800.00", "21300.00")
    assert data["by_family"] == {
        "market": "51600.00",
        "members": "30900.00",
        "public": "30000.00",
        "philanthropic": "7200.00",
        "useful_effects": "7000.00",
    }
    assert data["by_category"]["member_time"] == "14100.00"
    assert data["by_category"]["sales"] == "0.00"
    assert data["costs_total"] == "104400.00"
    assert data["balance"] == "-3800.00"
    # Family shares .40726, .24388, .23678, .05683, .05525: Σs² = .28768,
    # (1 − .28768) / .8 = .8904.
    assert data["hybridisation"] == 0.8904
    # The city's €30,000 of €100,600 of money; sales without a source are nobody's.
    assert data["top_funder_share"] == 0.2982
    assert data["multi_year_share"] == 1.0
    assert data["call_for_projects_share"] == 0.0
    assert data["in_kind_share"] == 0.206  # 26,100 / 126,700
    assert data["useful_effects_share"] == 0.0552  # 7,000 / 126,700 = .055249 → .0552
    assert data["animation_coverage"] == 0.8333  # 30,000 / 36,000


def test_nothing_at_all_gives_zero_amounts_and_null_shares():
    data = year_indicators(2025, [], [])
    assert (data["resources_total"], data["valued_total"], data["balance"]) == (
        "0.00",
        "0.00",
        "0.00",
    )
    for key in (
        "hybridisation",
        "top_funder_share",
        "multi_year_share",
        "call_for_projects_share",
        "in_kind_share",
        "useful_effects_share",
        "animation_coverage",
    ):
        assert data[key] is None, key
    assert all(reading["value"] is None for reading in readings(data))


def test_costs_without_resources_give_a_negative_balance():
    data = year_indicators(2025, [], [CostLine(D("1200.50"), "animation")])
    assert (data["balance"], data["animation_coverage"]) == ("-1200.50", 0.0)


def test_in_kind_only():
    lines = [
        money("3000.00", "member_in_kind", form="in_kind", source_id=SHOP),
        money("1000.00", "volunteering", form="time"),
    ]
    data = year_indicators(2025, lines, [])
    assert (data["resources_total"], data["valued_total"]) == ("0.00", "4000.00")
    assert data["in_kind_share"] == 1.0
    # No money: no funder, no call for projects.
    assert (data["top_funder_share"], data["call_for_projects_share"]) == (None, None)
    # Members 3/4, philanthropic 1/4: (1 − (.5625 + .0625)) / .8 = .46875 → .4688.
    assert data["hybridisation"] == 0.4688


def test_a_single_family_is_not_hybrid_and_five_even_ones_are_fully():
    single = year_indicators(2025, [money("10.00", "sales"), money("20.00", "services")], [])
    assert single["hybridisation"] == 0.0
    even = [
        money("10.00", category)
        for category in (
            "sales",
            "member_contributions",
            "public_annual_subsidy",
            "donations",
            "useful_effect_contribution",
        )
    ]
    assert year_indicators(2025, even, [])["hybridisation"] == 1.0


def test_shares_of_calls_for_projects_and_multi_year_public_money():
    lines = [
        money("2000.00", "public_call_for_projects", funding_mode="call_for_projects"),
        money("6000.00", "public_multi_year", funding_mode="multi_year_convention"),
        money("1000.00", "foundation", funding_mode="call_for_projects"),
        money("1000.00", "sales"),
    ]
    data = year_indicators(2025, lines, [])
    assert data["multi_year_share"] == 0.75  # 6,000 / 8,000 of public money
    assert data["call_for_projects_share"] == 0.3  # 3,000 / 10,000 of money


def test_the_top_funder_adds_up_its_lines():
    lines = [
        money("100.01", "public_annual_subsidy", source_id=PANTIN, funding_mode="annual_subsidy"),
        money("100.01", "member_contributions", source_id=PANTIN),
        money("199.99", "member_contributions", source_id=SHOP),
    ]
    # Pantin 200.02 of 400.01: .500037… → .5000.
    assert year_indicators(2025, lines, [])["top_funder_share"] == 0.5


def test_amounts_keep_their_cents_exactly():
    lines = [money("0.10", "sales"), money("0.20", "sales")]  # 0.1 + 0.2 != 0.3 in floats
    data = year_indicators(2025, lines, [CostLine(D("0.30"), "other")])
    assert (data["resources_total"], data["balance"]) == ("0.30", "0.00")


@pytest.mark.parametrize(
    ("key", "value", "sentence"),
    [
        (
            "top_funder_share",
            0.38,
            "38 % des ressources financières dépendent d'un seul financeur.",
        ),
        (
            "hybridisation",
            0.8904,
            "Indice de 0,89 sur 1 : 0 quand une seule famille de ressources fait tout, 1 quand "
            "les cinq familles pèsent autant.",
        ),
    ],
)
def test_each_share_reads_as_a_plain_sentence(key, value, sentence):
    data = year_indicators(2025, [], [])
    data[key] = value
    reading = next(r for r in readings(data) if r["key"] == key)
    assert reading["sentence"] == sentence
