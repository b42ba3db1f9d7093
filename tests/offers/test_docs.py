"""docs/offers-matching.md describes the criteria declared in `offers/criteria.py` (`CRITERIA`):
its table of the rule names each one by its key, with its weight and whether it is an eligibility
criterion, in the order of the reasons."""

import re
from pathlib import Path

from terreau.offers.criteria import CRITERIA

DOC = Path(__file__).parent.parent.parent / "docs" / "offers-matching.md"
# A row of the rule's table: | `key` (qualifier) | weight | …
ROW = re.compile(r"^\| `(?P<key>\w+)`(?P<qualifier>[^|]*)\| (?P<weight>\d+) \|", re.MULTILINE)


def test_the_rule_table_lists_every_declared_criterion_with_its_weight():
    rows = [
        (row["key"], int(row["weight"]), "(eligibility)" in row["qualifier"])
        for row in ROW.finditer(DOC.read_text())
    ]
    assert rows == [(c.key, c.weight, c.eligibility) for c in CRITERIA]


def test_the_table_gives_the_stage_weights():
    """A criterion weighing differently at some stages says so in its row: `(weight N at the
    stages a, b)`."""
    text = DOC.read_text()
    for criterion in CRITERIA:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{criterion.key}`"))
        by_weight: dict[int, list[str]] = {}
        for stage, weight in criterion.stage_weights:
            by_weight.setdefault(weight, []).append(stage)
        stated = re.findall(r"weight (\d+) at the stages ([a-z_, ]+)\)", row)
        assert {int(w): s.split(", ") for w, s in stated} == by_weight, row
