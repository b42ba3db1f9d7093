"""Statistical secrecy of the observatory's cells, as INSEE applies it to business statistics.

A cell adds up the amounts of several cooperations. It is shown only when:

- **frequency rule**: at least `MIN_COOPERATIONS` (3) cooperations contribute to it, and
- **dominance rule**: no single cooperation weighs more than `DOMINANCE` (85 %) of its amount.

Otherwise it is suppressed (*secret primaire*). Then **secondary suppression** (*secret
secondaire*): the published cells are linked by sums (`Margin`: a parent cell is the sum of its
children, such as a year's total and its resource families). When exactly one cell of a margin is
suppressed, it could be recomputed as the parent minus the shown children (or, when the parent is
the one suppressed, as the sum of the children); so the smallest shown child of that margin is
suppressed too, or the parent when no child is left shown. This is repeated until every margin has
no suppressed cell or at least two, since a secondary suppression can leave another margin with a
single one. It is the rule INSEE states for tables, not an audit by linear programming of every
combination of margins: docs/observatory.md says what it guards against and what it does not.

Pure functions over `Cell`s: no database, so that each case can be computed by hand in the tests.
The rules read only a cell's number of cooperations, amount and largest part: the observatory
gives them as a `Summary` (its cooperations' parts summed as it goes, never kept).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

MIN_COOPERATIONS = 3
DOMINANCE = Decimal("0.85")

FREQUENCY = "frequency"
DOMINANT = "dominance"
SECONDARY = "secondary"


@dataclass
class Cell:
    """One aggregate: its dimensions (keys, such as {"year": 2025, "family": "public"}) and the
    amount each contributing cooperation brings to it."""

    dimensions: dict
    parts: dict[int, Decimal] = field(default_factory=dict)
    suppressed_by: str = ""

    def add(self, cooperation_id: int, amount: Decimal) -> None:
        if amount:
            self.parts[cooperation_id] = self.parts.get(cooperation_id, Decimal(0)) + amount
            self.__dict__.pop("amount", None)

    @property
    def cooperations(self) -> int:
        return len(self.parts)

    @cached_property
    def amount(self) -> Decimal:
        return sum(self.parts.values(), Decimal(0))

    @property
    def largest(self) -> Decimal:
        return max(self.parts.values())

    @property
    def suppressed(self) -> bool:
        return bool(self.suppressed_by)


@dataclass
class Summary:
    """A cell known by what the rules read: its number of cooperations, amount and largest part
    (the largest amount one cooperation brings)."""

    dimensions: dict
    cooperations: int
    amount: Decimal
    largest: Decimal
    suppressed_by: str = ""

    @property
    def suppressed(self) -> bool:
        return bool(self.suppressed_by)


@dataclass(frozen=True)
class Margin:
    """`parent` is the sum of `children` (indexes into the list of cells)."""

    parent: int
    children: tuple[int, ...]


def primary_reason(cell: Cell | Summary) -> str:
    """Why the cell is suppressed on its own ("" when it may be shown)."""
    if cell.cooperations < MIN_COOPERATIONS:
        return FREQUENCY
    total = cell.amount
    if total > 0 and cell.largest > DOMINANCE * total:
        return DOMINANT
    return ""


def protect(cells: list[Cell | Summary], margins: list[Margin]) -> list[Cell | Summary]:
    """Mark the cells to suppress, primary then secondary (see the module); returns `cells`."""
    for cell in cells:
        cell.suppressed_by = primary_reason(cell)
    changed = True
    while changed:
        changed = False
        for margin in margins:
            members = (margin.parent, *margin.children)
            hidden = [index for index in members if cells[index].suppressed]
            if len(hidden) != 1:
                continue
            shown = [index for index in margin.children if not cells[index].suppressed]
            if shown:
                victim = min(shown, key=lambda index: (cells[index].amount, index))
            else:
                victim = margin.parent
            cells[victim].suppressed_by = SECONDARY
            changed = True
    return cells
