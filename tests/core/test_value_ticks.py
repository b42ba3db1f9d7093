from decimal import Decimal

from terreau.core.charts import horizontal_bars, stacked_columns, value_ticks


def test_value_ticks_are_round_and_cover_the_highest_value():
    assert value_ticks(12300) == [0, 5000, 10000, 15000]
    assert value_ticks(Decimal("0.35")) == [
        0,
        Decimal("0.1"),
        Decimal("0.2"),
        Decimal("0.3"),
        Decimal("0.4"),
    ]
    assert value_ticks(0) == [0, 1]


def test_stacked_columns_scale_to_the_top_tick():
    chart = stacked_columns([("2025", [10000.0])])
    ticks = chart["ticks"]
    assert [tick["value"] for tick in ticks] == [0, 2500, 5000, 7500, 10000]
    assert ticks[0]["y"] == chart["base_y"] and ticks[-1]["y"] == chart["top_y"]
    assert chart["columns"][0]["segments"][0]["y"] == chart["top_y"]


def test_bars_of_counts_have_whole_ticks_without_a_unit():
    chart = horizontal_bars([("Émergence", 1), ("Création", 0)], unit="", whole=True)
    assert [tick["value"] for tick in chart["ticks"]] == [0, 1]
    assert {tick["unit"] for tick in chart["ticks"]} == {""}
    assert chart["bars"][0]["width"] == chart["ticks"][-1]["x"] - chart["bars"][0]["x"]
