"""Read the spreadsheets people and administrations publish: CSV (`;` or `,`, UTF-8 or
Windows-1252) and XLSX, with the header row found even below a block of title rows."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from terreau.core.errors import DataFileError
from terreau.core.spreadsheets import csv_unmarked
from terreau.core.text import search_key

HEADER_SEARCH_ROWS = 20


@dataclass
class Table:
    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, values by column)
    sheet: str | None = None  # the XLSX sheet read

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)


def read_table(path: Path, *, header_hint: set[str], head: bytes | None = None) -> Table:
    """Read `path`; the header is the first row holding one of the `header_hint` column names
    (compared without case, accents or punctuation). `head`: read these bytes (the beginning of
    a CSV file) instead of the whole file."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, _("fichier introuvable"))
    if head is None and path.stat().st_size == 0:
        raise DataFileError(path, _("fichier vide (0 octet)"))
    hint = {search_key(h) for h in header_hint}
    sheet = None
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        sheet, lines = _xlsx_rows(path, hint)
    else:
        lines = _csv_rows(path, path.read_bytes() if head is None else head)
    for index, (_line_number, cells) in enumerate(lines):
        if index >= HEADER_SEARCH_ROWS:
            break
        if hint & {search_key(c) for c in cells}:
            header = [c.strip() for c in cells]
            rows = [
                (n, {h: (v or "").strip() for h, v in zip(header, values, strict=False) if h})
                for n, values in lines
                if any((v or "").strip() for v in values)
            ]
            return Table(path, header, rows, sheet)
    raise DataFileError(
        path,
        _("aucune ligne d'en-tête avec l'une des colonnes attendues (%(columns)s)")
        % {"columns": ", ".join(sorted(header_hint))},
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def _csv_rows(path: Path, data: bytes):
    try:
        text = _decode(data)
    except UnicodeDecodeError as error:
        raise DataFileError(
            path, _("encodage illisible (ni UTF-8 ni Windows-1252) : %(error)s") % {"error": error}
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        # An export read back: its formula-like cells lost the mark that kept them as text.
        rows = [(reader.line_num, [csv_unmarked(cell) for cell in cells]) for cells in reader]
    except csv.Error as error:
        raise DataFileError(path, str(error), line=reader.line_num) from error
    return _LineIterator(rows)


def _xlsx_rows(path: Path, hint: set[str]) -> tuple[str | None, "_LineIterator"]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a corrupt file
        raise DataFileError(
            path, _("classeur XLSX illisible : %(error)s") % {"error": error}
        ) from error
    # INSEE workbooks hold a documentation sheet before the data: take the first sheet whose
    # first rows contain an expected column.
    for sheet in workbook.worksheets:
        rows = [
            (number, ["" if v is None else str(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        if any(hint & {search_key(c) for c in cells} for _n, cells in rows[:HEADER_SEARCH_ROWS]):
            workbook.close()
            return sheet.title, _LineIterator(rows)
    workbook.close()
    return None, _LineIterator([])


class _LineIterator:
    """Numbered rows that can be walked once to find the header and then continued from there."""

    def __init__(self, rows):
        self._rows = rows
        self._position = 0

    def __iter__(self):
        while self._position < len(self._rows):
            row = self._rows[self._position]
            self._position += 1
            yield row


PREVIEW_BYTES = 256 * 1024


def preview_table(path: Path, *, header_hint: set[str], limit: int = 10) -> Table:
    """The header and first rows of a file, reading only its beginning (SIRENE files are large)."""
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        table = read_table(path, header_hint=header_hint)
        table.rows = table.rows[:limit]
        return table
    with path.open("rb") as f:
        head = f.read(PREVIEW_BYTES)
    # Cut at the last complete line so that no row is truncated.
    head = head[: head.rfind(b"\n") + 1] if b"\n" in head else head
    table = read_table(path, header_hint=header_hint, head=head)
    table.rows = table.rows[:limit]
    return table
