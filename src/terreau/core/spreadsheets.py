"""Cells of the spreadsheets Terreau writes (CSV and XLSX exports), safe to open. A text that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by a
spreadsheet ("CSV injection", OWASP): an actor named `=HYPERLINK("http://x","y")` must reach the
reader as that text. Every CSV and XLSX export writes its rows through this module.

- CSV: such a text gets a leading single quote, which spreadsheets take as "this is text"
  (OWASP's advice); `core.tabular` removes it again when the file is imported back.
- XLSX: such a text is written as a string cell formatted as text, never as a formula.

Only texts are touched: numbers (a negative amount) stay numbers, and a text that is just a
number (`-120`, `+33`) cannot be a formula and stays as it is.
"""

import csv
import re

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
TEXT_MARK = "'"


def formula_like(value) -> bool:
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    )


def csv_cell(value):
    """`value` as a CSV export writes it."""
    return TEXT_MARK + value if formula_like(value) else value


def csv_unmarked(value: str) -> str:
    """A cell of an imported CSV file without the mark `csv_cell` added (an export read back)."""
    if value.startswith(TEXT_MARK) and formula_like(value[1:]):
        return value[1:]
    return value


class CsvWriter:
    """`csv.writer` whose rows go through `csv_cell`."""

    def __init__(self, buffer, **options):
        self.writer = csv.writer(buffer, **options)

    def writerow(self, row) -> None:
        self.writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_row(sheet, values) -> list:
    """`values` ready for `sheet.append` (a normal or a write-only sheet): formula-like texts
    become text cells."""
    return [_text_cell(sheet, value) if formula_like(value) else value for value in values]


def _text_cell(sheet, value: str):
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl takes a text starting with "=" for a formula
    cell.number_format = "@"  # and so would the spreadsheet if the cell were edited
    return cell
