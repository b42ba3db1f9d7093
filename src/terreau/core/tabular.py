"""Read the spreadsheets people and administrations publish: CSV (`;`, `,` or tab; UTF-8, UTF-16
or Windows-1252) and XLSX, with the header row found even below a block of title rows, empty rows
skipped. Whatever the file holds, reading it gives text rows or a located DataFileError
(docs/data-formats.md, "Reading files and limits of imports")."""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from terreau.core.archives import ArchiveTooLarge, check_archive
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


def read_table(
    path: Path, *, header_hint: set[str], head: bytes | None = None, max_rows: int | None = None
) -> Table:
    """Read `path`; the header is the first row holding one of the `header_hint` column names
    (compared without case, accents or punctuation). `head`: read these bytes (the beginning of
    a CSV file) instead of the whole file. `max_rows`: refuse a file with more data rows (rows
    beyond are not even read). Empty rows are skipped."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, _("fichier introuvable"))
    if head is None and path.stat().st_size == 0:
        raise DataFileError(path, _("fichier vide (0 octet)"))
    hint = {search_key(h) for h in header_hint}
    # Enough rows to find the header and tell that there are more than `max_rows` after it.
    cap = None if max_rows is None else max_rows + HEADER_SEARCH_ROWS + 1
    sheet = None
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        sheet, lines = _xlsx_rows(path, hint, cap)
    else:
        lines = _csv_rows(path, path.read_bytes() if head is None else head, hint, cap)
    for index, (_line_number, cells) in enumerate(lines[:HEADER_SEARCH_ROWS]):
        if hint & {search_key(c) for c in cells}:
            header = [c.strip() for c in cells]
            rows = [
                (n, {h: v.strip() for h, v in zip(header, values, strict=False) if h})
                for n, values in lines[index + 1 :]
            ]
            if max_rows is not None and len(rows) > max_rows:
                raise DataFileError(
                    path,
                    _(
                        "plus de %(max)s lignes de données, la limite d'un import : découpez le "
                        "fichier (ou relevez le réglage TERREAU_IMPORT_MAX_ROWS)"
                    )
                    % {"max": number_format(max_rows, force_grouping=True)},
                )
            return Table(path, header, rows, sheet)
    raise DataFileError(
        path,
        _("aucune ligne d'en-tête avec l'une des colonnes attendues (%(columns)s)")
        % {"columns": ", ".join(sorted(header_hint))},
    )


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # "Unicode text" of spreadsheet software; an odd last byte is a line cut by `head`.
        return data[: len(data) // 2 * 2].decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


DELIMITERS = (",", ";", "\t")


def _delimiter(text: str, hint: set[str]) -> str:
    """The delimiter that splits the header row into a known column name (trying, on each of the
    first lines, the most frequent delimiter first: a title row may hold commas, data rows decimal
    commas); without a header, the most frequent on the first line."""
    lines = text[: 1 << 16].splitlines()[:HEADER_SEARCH_ROWS]
    for line in lines:
        for delimiter in sorted(DELIMITERS, key=line.count, reverse=True):
            if hint & {search_key(cell.strip().strip('"')) for cell in line.split(delimiter)}:
                return delimiter
    first = lines[0] if lines else ""
    return max(DELIMITERS, key=first.count)


def _csv_rows(path: Path, data: bytes, hint: set[str], cap: int | None) -> list:
    try:
        text = _decode(data)
    except UnicodeDecodeError as error:
        raise DataFileError(
            path,
            _("encodage illisible (ni UTF-8, ni UTF-16, ni Windows-1252) : %(error)s")
            % {"error": error},
        ) from error
    if (nul := text.find("\x00")) >= 0:
        # PostgreSQL cannot store NUL; a text file never holds one, a binary file does.
        raise DataFileError(
            path,
            _("caractère nul : ce n'est pas un fichier CSV (un classeur XLS ? un binaire ?)"),
            line=text.count("\n", 0, nul) + 1,
        )
    delimiter = _delimiter(text, hint)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                # An export read back: its formula-like cells lost the mark that kept them as text.
                rows.append((reader.line_num, [csv_unmarked(cell) for cell in cells]))
                if cap is not None and len(rows) >= cap:
                    break
    except csv.Error as error:
        raise DataFileError(
            path, _("CSV mal formé : %(error)s") % {"error": error}, line=reader.line_num
        ) from error
    return rows


def _xlsx_rows(path: Path, hint: set[str], cap: int | None) -> tuple[str | None, list]:
    from openpyxl import load_workbook

    try:
        check_archive(path, max_bytes=settings.TERREAU_IMPORT_ZIP_MAX_BYTES)
    except ArchiveTooLarge as error:
        raise DataFileError(path, str(error)) from error
    except (zipfile.BadZipFile, OSError):
        pass  # openpyxl says what is wrong with the file, below
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a corrupt file
        raise DataFileError(
            path, _("classeur XLSX illisible : %(error)s") % {"error": error}
        ) from error
    try:
        # INSEE workbooks hold a documentation sheet before the data: take the first sheet whose
        # first rows contain an expected column, without reading the others further.
        for sheet in workbook.worksheets:
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(value) for value in values]
                if not any(cell.strip() for cell in cells):
                    continue
                rows.append((number, cells))
                if len(rows) == HEADER_SEARCH_ROWS and not _has_header(rows, hint):
                    break
                if cap is not None and len(rows) >= cap:
                    break
            if _has_header(rows, hint):
                return sheet.title, rows
    except Exception as error:  # a sheet's XML can be as damaged as the archive
        raise DataFileError(
            path, _("classeur XLSX illisible : %(error)s") % {"error": error}
        ) from error
    finally:
        workbook.close()
    return None, []


def _has_header(rows: list, hint: set[str]) -> bool:
    return any(hint & {search_key(c) for c in cells} for _n, cells in rows[:HEADER_SEARCH_ROWS])


def _cell_text(value) -> str:
    """A cell as the text a CSV export of the sheet would hold: dates as AAAA-MM-JJ, whole
    numbers without ".0" (a SIRET or a commune code typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
