"""Statistical secrecy by hand: each case's amounts are small enough to check on paper."""

from decimal import Decimal

from terreau.observatory.secrecy import (
    DOMINANT,
    FREQUENCY,
    SECONDARY,
    Cell,
    Margin,
    primary_reason,
    protect,
)


def cell(name: str, **parts) -> Cell:
    """A cell named `name` whose cooperations (c1, c2…) bring the given euros."""
    made = Cell(dimensions={"name": name})
    for cooperation, amount in parts.items():
        made.add(int(cooperation[1:]), Decimal(amount))
    return made


def test_three_cooperations_none_dominant_is_shown():
    # 100 + 100 + 100 = 300; the largest weighs 33 %.
    assert primary_reason(cell("a", c1=100, c2=100, c3=100)) == ""


def test_two_cooperations_is_suppressed_whatever_the_amounts():
    assert primary_reason(cell("a", c1=100, c2=100)) == FREQUENCY


def test_one_cooperation_over_85_percent_is_suppressed():
    # 900 of 1,000 = 90 % > 85 %.
    assert primary_reason(cell("a", c1=900, c2=50, c3=50)) == DOMINANT


def test_exactly_85_percent_is_still_shown():
    # 850 of 1,000 = 85 %: the rule suppresses *more* than 85 %.
    assert primary_reason(cell("a", c1=850, c2=100, c3=50)) == ""


def test_a_cooperations_lines_in_one_cell_count_once():
    made = cell("a", c1=100, c2=100)
    made.add(1, Decimal(50))
    assert (made.cooperations, made.amount) == (2, Decimal(250))


def test_one_suppressed_child_takes_the_next_smallest_with_it():
    # Total 1,000 = A 600 + B 300 + C 100 (C: two cooperations). Publishing the total, A and B
    # would give C = 1,000 − 600 − 300: so B, the smallest shown, goes too.
    cells = [
        cell("total", c1=200, c2=200, c3=200, c4=100, c5=100, c6=100, c7=50, c8=50),
        cell("A", c1=200, c2=200, c3=200),
        cell("B", c4=100, c5=100, c6=100),
        cell("C", c7=50, c8=50),
    ]
    protect(cells, [Margin(0, (1, 2, 3))])
    assert [c.suppressed_by for c in cells] == ["", "", SECONDARY, FREQUENCY]


def test_two_suppressed_children_need_nothing_more():
    cells = [
        cell("total", c1=100, c2=100, c3=100, c4=10, c5=10),
        cell("A", c1=100, c2=100, c3=100),
        cell("B", c4=10),
        cell("C", c5=10),
    ]
    protect(cells, [Margin(0, (1, 2, 3))])
    assert [c.suppressed for c in cells] == [False, False, True, True]


def test_a_parent_hidden_by_another_margin_hides_one_of_its_children():
    # Total 1,000 = P 700 + Q 300 (Q: two cooperations), and P = a 400 + b 300. Q is suppressed,
    # so P goes with it (the only other child); then P = a + b would be recomputed from a and b:
    # b, the smaller, goes. A dominant parent needs no such case: a cooperation weighing more than
    # 85 % of a sum weighs more than 85 % of one of its parts, which is then suppressed already.
    cells = [
        cell("total", c1=200, c2=200, c3=300, c4=150, c5=150),
        cell("P", c1=200, c2=200, c3=300),
        cell("Q", c4=150, c5=150),
        cell("a", c1=100, c2=100, c3=200),
        cell("b", c1=100, c2=100, c3=100),
    ]
    protect(cells, [Margin(0, (1, 2)), Margin(1, (3, 4))])
    assert [c.suppressed_by for c in cells] == ["", SECONDARY, FREQUENCY, "", SECONDARY]


def test_an_only_child_and_its_parent_go_together():
    cells = [cell("parent", c1=10, c2=10), cell("only", c1=10, c2=10)]
    protect(cells, [Margin(0, (1,))])
    assert [c.suppressed for c in cells] == [True, True]


def test_secondary_suppression_carries_over_to_the_next_margin():
    # Total = F1 + F2; F1 = a + b. b is suppressed (two cooperations); a goes with it
    # (secondary) in F1's margin. F1 and F2 stay shown: no margin has a single suppression.
    cells = [
        cell("total", c1=301, c2=301, c3=301, c4=100, c5=100, c6=50, c7=50),
        cell("F1", c1=300, c2=300, c3=300, c6=50, c7=50),
        cell("F2", c4=100, c5=100, c1=1, c2=1, c3=1),
        cell("a", c1=300, c2=300, c3=300),
        cell("b", c6=50, c7=50),
    ]
    protect(cells, [Margin(0, (1, 2)), Margin(1, (3, 4))])
    assert [c.suppressed_by for c in cells] == ["", "", "", SECONDARY, FREQUENCY]


def test_a_secondary_suppression_that_leaves_another_margin_with_one_is_followed():
    # Two margins share cell x: total1 = x + y, total2 = x + z. y is suppressed, so x goes (the
    # only other child of margin 1); then margin 2 has x alone suppressed: z goes too.
    cells = [
        cell("total1", c1=10, c2=10, c3=10, c4=10, c5=10),
        cell("x", c1=10, c2=10, c3=10),
        cell("y", c4=10, c5=10),
        cell("total2", c1=10, c2=10, c3=10, c6=10, c7=10, c8=10),
        cell("z", c6=10, c7=10, c8=10),
    ]
    protect(cells, [Margin(0, (1, 2)), Margin(3, (1, 4))])
    assert [c.suppressed_by for c in cells] == ["", SECONDARY, FREQUENCY, "", SECONDARY]
