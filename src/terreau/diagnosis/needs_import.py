"""Import a needs register from a spreadsheet, with the contract of actor imports: each row error
says line, column and value; one transaction; `atomic` imports nothing if a row fails; importing
the same file again changes nothing (a need is matched on its title and date among the author's
own needs)."""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from terreau.actors.importers.base import ImportReport, life_function_keys, taxonomy_choice
from terreau.actors.models import life_functions_text
from terreau.core.errors import DataFileError
from terreau.core.tabular import read_table
from terreau.core.text import search_key
from terreau.diagnosis.models import Need

COLUMNS = {
    "title": ["titre", "title", "besoin", "need"],
    "description": ["description"],
    "life_functions": ["fonctions de vie", "fonction de vie", "life functions"],
    "voiced_by": ["exprime par", "voiced by"],
    "channel": ["comment", "canal", "channel", "how"],
    "voiced_on": ["date"],
    "priority": ["priorite", "priority"],
    "status": ["etat", "statut", "status"],
}
CHOICES = {"channel": Need.Channel, "priority": Need.Priority, "status": Need.Status}


class _Rollback(Exception):
    pass


def needs_import(*, path: Path, territory, author, atomic=False, dry_run=False) -> ImportReport:
    """Raises DataFileError when the file cannot be read or has no title column."""
    report = ImportReport(source=Path(path).name, atomic=atomic, dry_run=dry_run)
    table = read_table(path, header_hint={s for names in COLUMNS.values() for s in names})
    columns = {}
    for column in table.header:
        field = next((f for f, names in COLUMNS.items() if search_key(column) in names), None)
        if field and field not in columns.values():
            columns[column] = field
    if "title" not in columns.values():
        raise DataFileError(path, _("colonne « titre » manquante"), line=1)
    report.total = len(table.rows)
    # Only the author's own needs (all of them for an administrator) may be updated: a need with
    # the same title and date by someone else is another need, perhaps private.
    editable = Need.objects.for_territory(territory)
    if not author.is_staff:
        editable = editable.filter(author=author)
    try:
        with transaction.atomic():
            for line, row in table.rows:
                values = _clean(line, row, columns, report)
                if values is None:
                    continue
                existing = editable.filter(title=values["title"], voiced_on=values["voiced_on"])
                need = existing.first()
                if need is None:
                    Need.objects.create(territory_ref=territory.ref, author=author, **values)
                    report.created += 1
                elif any(getattr(need, k) != v for k, v in values.items()):
                    existing.update(**values)
                    report.updated += 1
                else:
                    report.unchanged += 1
            if dry_run or (atomic and report.errors):
                raise _Rollback
    except _Rollback:
        if atomic and report.errors and not dry_run:
            report.imported = False
            report.created = report.updated = report.unchanged = 0
    return report


def _clean(line, row, columns, report) -> dict | None:
    by_field = {field: (row.get(column, "") or "").strip() for column, field in columns.items()}
    column_of = {field: column for column, field in columns.items()}
    errors = len(report.errors)

    def fail(field, message):
        report.error(line, column_of.get(field, field), by_field.get(field, ""), message)

    values = {
        "title": by_field.get("title", ""),
        "description": by_field.get("description", ""),
        "voiced_by": by_field.get("voiced_by", ""),
    }
    if not values["title"]:
        fail("title", _("titre manquant"))
    keys = life_function_keys(by_field.get("life_functions", ""))
    if keys is None:
        fail("life_functions", _("fonction de vie inconnue"))
    values["life_functions"] = life_functions_text(keys or [])
    defaults = {"channel": "", "priority": Need.Priority.MEDIUM, "status": Need.Status.OPEN}
    for field, choices in CHOICES.items():
        text = by_field.get(field, "")
        value = taxonomy_choice(choices, text) if text else defaults[field]
        if value is None or value == "":
            expected = ", ".join(str(label) for _value, label in choices.choices)
            fail(field, _("valeur inconnue ; attendu : %(choices)s") % {"choices": expected})
        values[field] = value
    try:
        values["voiced_on"] = _date(by_field.get("voiced_on", ""))
    except ValueError:
        fail("voiced_on", _("date invalide (attendu JJ/MM/AAAA ou AAAA-MM-JJ)"))
    return None if len(report.errors) > errors else values


def _date(text: str) -> datetime.date:
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(text)
