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
