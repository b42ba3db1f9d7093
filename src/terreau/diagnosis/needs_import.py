"""Import a needs register from a spreadsheet, with the contract of actor imports: each row error
says line, column and value; one transaction; `atomic` imports nothing if a row fails; importing
the same file again changes nothing (a need is matched on its title and date among the author's
own needs)."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from terreau.actors.importers.base import unknown_life_function
from terreau.actors.models import life_functions_text
from terreau.actors.validators import RNA_PATTERN, normalize_identifier
from terreau.core.errors import DataFileError
from terreau.core.imports import ImportReport
from terreau.core.limits import overlong_fields, shortened
from terreau.core.tabular import read_table
from terreau.core.taxonomies import (
    LifeFunction,
    accepted_values,
    taxonomy_member,
    taxonomy_members,
)
from terreau.core.text import search_key
from terreau.diagnosis.models import Need
from terreau.diagnosis.needs import linkable_actors

COLUMNS = {
    "title": ["titre", "title", "besoin", "need"],
    "description": ["description"],
    "life_functions": ["fonctions de vie", "fonction de vie", "life functions"],
    "voiced_by": ["exprime par", "voiced by"],
    "channel": ["comment", "canal", "channel", "how"],
    "voiced_on": ["date"],
    "priority": ["priorite", "priority"],
    "status": ["etat", "statut", "status"],
    "actors": ["acteurs", "acteurs concernes", "actors"],
}
CHOICES = {"channel": Need.Channel, "priority": Need.Priority, "status": Need.Status}
ACTOR_SEPARATOR = re.compile(r"[|,]")
SIRET_PATTERN = re.compile(r"\d{14}")
LOOKUP_BATCH = 500  # identifiers per query when finding the file's actors


def needs_import(*, path: Path, territory, author, atomic=False, dry_run=False) -> ImportReport:
    """Raises DataFileError when the file cannot be read or has no title column."""
    report = ImportReport(source=Path(path).name, atomic=atomic, dry_run=dry_run)
    table = read_table(
        path,
        header_hint={s for names in COLUMNS.values() for s in names},
        max_rows=settings.TERREAU_IMPORT_MAX_ROWS,
    )
    columns = {}
    for column in table.header:
        field = next((f for f, names in COLUMNS.items() if search_key(column) in names), None)
        if field and field not in columns.values():
            columns[column] = field
    if "title" not in columns.values():
        raise DataFileError(path, _("colonne « titre » manquante"), line=1)
    # Every need says how it was voiced; the other columns have defaults.
    if "channel" not in columns.values():
        raise DataFileError(
            path,
            _("colonne « comment » manquante : comment chaque besoin a été exprimé (%(values)s)")
            % {"values": accepted_values(Need.Channel)},
            line=1,
        )
    report.total = len(table.rows)
    # Only the author's own needs (all of them for an administrator) may be updated: a need with
    # the same title and date by someone else is another need, perhaps private.
    editable = Need.objects.for_territory(territory)
    if not author.is_staff:
        editable = editable.filter(author=author)
    actors = _actors_named(table, columns, linkable_actors(territory, user=author))
    with report.writing():
        for line, row in table.rows:
            values = _clean(line, row, columns, report, actors)
            if values is None:
                continue
            # Without an actors column, the actors already linked are left as they are.
            actor_ids = values.pop("actors", None)
            need = editable.filter(title=values["title"], voiced_on=values["voiced_on"]).first()
            if need is None:
                need = Need.objects.create(territory_ref=territory.ref, author=author, **values)
                need.actors.set(actor_ids or [])
                report.created += 1
                continue
            changed = any(getattr(need, k) != v for k, v in values.items())
            if changed:
                Need.objects.filter(pk=need.pk).update(**values)
            if actor_ids is not None:
                # Links to actors the author may not see stay: the file cannot name them.
                hidden = need.actors.hidden_from(author).values_list("pk", flat=True)
                wanted = set(actor_ids) | set(hidden)
                if wanted != {a.pk for a in need.actors.all()}:
                    need.actors.set(wanted)
                    changed = True
            if changed:
                report.updated += 1
            else:
                report.unchanged += 1
    return report


def _identifiers(text: str) -> list[tuple[str, str]]:
    """The actors named in a cell, as (as written, normalised) pairs: "404 833 048 00022 | W6…"."""
    return [
        (token.strip(), normalize_identifier(token))
        for token in ACTOR_SEPARATOR.split(text)
        if token.strip()
    ]


def _actors_named(table, columns, actors) -> dict[str, int]:
    """SIRET and RNA numbers of the whole file → id of the actor each names among `actors`, in
    a few queries rather than one per row."""
    column = next((c for c, field in columns.items() if field == "actors"), None)
    if column is None:
        return {}
    wanted = sorted(
        {
            normal
            for _line, row in table.rows
            for _token, normal in _identifiers(row.get(column, "") or "")
        }
    )
    found = {}
    for start in range(0, len(wanted), LOOKUP_BATCH):
        batch = wanted[start : start + LOOKUP_BATCH]
        for pk, siret, rna in actors.filter(Q(siret__in=batch) | Q(rna__in=batch)).values_list(
            "pk", "siret", "rna"
        ):
            found.update({key: pk for key in (siret, rna) if key in batch})
    return found


def _clean(line, row, columns, report, actors: dict[str, int]) -> dict | None:
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
    members, unknown = taxonomy_members(LifeFunction, by_field.get("life_functions", ""))
    if unknown:
        fail("life_functions", unknown_life_function(unknown))
    values["life_functions"] = life_functions_text(member.value for member in members)
    defaults = {"priority": Need.Priority.MEDIUM, "status": Need.Status.OPEN}
    for field, choices in CHOICES.items():
        text = by_field.get(field, "")
        value = taxonomy_member(choices, text) if text else defaults.get(field)
        if value is None:
            message = (
                _("valeur inconnue ; valeurs acceptées : %(values)s")
                if text
                else _("valeur manquante ; valeurs acceptées : %(values)s")
            )
            fail(field, message % {"values": accepted_values(choices)})
        values[field] = value
    try:
        values["voiced_on"] = _date(by_field.get("voiced_on", ""))
    except ValueError:
        fail("voiced_on", _("date invalide (attendu JJ/MM/AAAA ou AAAA-MM-JJ)"))
    if "actors" in column_of:
        values["actors"] = []
        for written, normal in _identifiers(by_field["actors"]):
            if not (SIRET_PATTERN.fullmatch(normal) or RNA_PATTERN.match(normal)):
                message = _("ni un SIRET (14 chiffres) ni un numéro RNA (W suivi de 9 chiffres)")
            elif normal not in actors:
                message = _("aucun acteur de ce territoire que vous pouvez voir n'a ce numéro")
            else:
                if actors[normal] not in values["actors"]:
                    values["actors"].append(actors[normal])
                continue
            report.error(line, column_of["actors"], written, message)
    for field, limit in overlong_fields(Need, values).items():
        report.error(
            line,
            column_of.get(field, field),
            shortened(values[field]),
            _("trop long : %(max)s caractères au plus") % {"max": limit},
        )
    return None if len(report.errors) > errors else values


def _date(text: str) -> datetime.date:
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(text)
