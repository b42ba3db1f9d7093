"""A table of the observatory's cells, filled one cooperation at a time, then protected.

Statistical secrecy reads a cell's number of cooperations, amount and largest part only
(`secrecy.Summary`), so the table keeps those three per cell as it goes, in integer cents, not
every cooperation's part: adding 10,000 cooperations is a few dictionary updates each.

A cell's key is (names, values) of its dimensions, such as (("family",), ("public",)); cells are
published in the order of their keys (fewer dimensions first), the order in which secondary
suppression breaks a tie between two equal amounts.
"""

from decimal import Decimal

from terreau.observatory.secrecy import Margin, Summary, protect

TOTAL = ((), ())


def euros(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def public(cell: Summary) -> dict:
    """The only form in which a cell leaves the observatory: no parts, no amount when
    suppressed."""
    data = {
        "dimensions": cell.dimensions,
        "cooperations": cell.cooperations,
        "suppressed": cell.suppressed,
    }
    if not cell.suppressed:
        data["amount"] = f"{cell.amount:.2f}"
    return data


def _order(key: tuple) -> tuple:
    names, values = key
    return len(names), names, tuple("" if value is None else str(value) for value in values)


class CellTable:
    """Cells with, for each, [cooperations, cents, largest part in cents], and the margins (sums)
    between them."""

    def __init__(self, base: dict):
        self.base = base
        self.stats: dict[tuple, list[int]] = {}
        self.sums: list[tuple[tuple, list[tuple]]] = []

    def add_cooperation(self, brought: dict[tuple, int]) -> None:
        """`brought`: the cents one cooperation brings to each cell, all its lines summed."""
        stats = self.stats
        for key, cents in brought.items():
            if not cents:
                continue
            found = stats.get(key)
            if found is None:
                stats[key] = [1, cents, cents]
                continue
            found[0] += 1
            found[1] += cents
            if cents > found[2]:
                found[2] = cents

    def margin(self, parent: tuple, name: str) -> None:
        """The cell `parent` is the sum of the cells with its dimensions plus `name`."""
        if parent not in self.stats:
            return
        names, values = parent
        wanted = {*names, name}
        fixed = dict(zip(names, values, strict=True))
        children = [
            key
            for key in self.stats
            if len(key[0]) == len(wanted)
            and set(key[0]) == wanted
            and all(dict(zip(*key, strict=True))[k] == v for k, v in fixed.items())
        ]
        self.sums.append((parent, children))

    def margins_below(self, names: tuple[str, ...], name: str) -> None:
        for key in [key for key in self.stats if key[0] == names]:
            self.margin(key, name)

    def protected(self) -> list[dict]:
        keys = sorted(self.stats, key=_order)
        index = {key: position for position, key in enumerate(keys)}
        cells = []
        for key in keys:
            count, cents, largest = self.stats[key]
            dimensions = {**self.base, **dict(zip(*key, strict=True))}
            cells.append(Summary(dimensions, count, euros(cents), euros(largest)))
        margins = [
            Margin(index[parent], tuple(sorted(index[child] for child in children)))
            for parent, children in self.sums
        ]
        return [public(cell) for cell in protect(cells, margins)]
