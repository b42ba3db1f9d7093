"""Readers of our own JSON and CSV offer files: each turns its file into records (our field
names, raw values) with their location."""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from terreau.core import jsonfile
from terreau.core.errors import DataFileError
from terreau.core.tabular import read_table
from terreau.core.text import search_key
from terreau.offers.importers.records import (
    CSV_DEFAULT_SEPARATOR,
    CSV_SEPARATORS,
    FILE_FIELDS,
    LIST_FIELDS,
    OfferRecord,
)


def _load_json(path: Path):
    return jsonfile.read_json(path, parse_float=Decimal)


def _json_items(path: Path, data, list_keys: tuple[str, ...]) -> list:
    if isinstance(data, dict):
        data = next((data[k] for k in list_keys if isinstance(data.get(k), list)), data)
    if isinstance(data, list):
        if len(data) > settings.TERREAU_IMPORT_MAX_ROWS:
            raise DataFileError(
                path,
                _("plus de %(max)s offres, la limite d'un import : découpez le fichier")
                % {"max": number_format(settings.TERREAU_IMPORT_MAX_ROWS, force_grouping=True)},
            )
        return data
    raise DataFileError(
        path,
        _("le fichier doit contenir une liste d'offres (ou un objet avec la clé %(keys)s)")
        % {"keys": " / ".join(f"« {key} »" for key in list_keys)},
    )


def read_json(path: Path) -> list[OfferRecord]:
    items = _json_items(path, _load_json(path), ("offers",))
    return [
        OfferRecord(number, item if isinstance(item, dict) else {"__not_object__": item})
        for number, item in enumerate(items, start=1)
    ]


def read_csv(path: Path) -> list[OfferRecord]:
    table = read_table(
        path,
        header_hint={name for names in FILE_FIELDS.values() for name in names},
        max_rows=settings.TERREAU_IMPORT_MAX_ROWS,
    )
    columns = {}
    for column in table.header:
        folded = search_key(column)
        found = next((f for f, names in FILE_FIELDS.items() if folded in names), None)
        if found and found not in columns.values():
            columns[column] = found
    if "name" not in columns.values():
        raise DataFileError(path, _("colonne « name » (ou « nom ») manquante"), line=1)
    records = []
    for line, row in table.rows:
        values = {}
        for column, name in columns.items():
            text = (row.get(column) or "").strip()
            if name in LIST_FIELDS:
                separator = CSV_SEPARATORS.get(name, CSV_DEFAULT_SEPARATOR)
                items = [item.strip() for item in separator.split(text) if item.strip()]
                values[name] = items or None
            else:
                values[name] = text or None
        records.append(OfferRecord(line, values, {f: c for c, f in columns.items()}))
    return records
