"""Any spreadsheet (CSV or XLSX): columns are recognised by name, in French or English, or mapped
explicitly with `--map column=field`."""

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from terreau.actors.importers.base import ActorRecord
from terreau.core.errors import DataFileError
from terreau.core.imports import ImportReport
from terreau.core.tabular import read_table
from terreau.core.text import search_key

# Column names recognised for each actor field, compared without case, accents or punctuation.
SYNONYMS: dict[str, list[str]] = {
    "name": [
        "nom",
        "name",
        "raison sociale",
        "denomination",
        "structure",
        "organisation",
        "acteur",
    ],
    "siret": ["siret", "n siret", "numero siret"],
    "siren": ["siren"],
    "rna": ["rna", "numero rna", "n rna", "rna id"],
    "external_id": ["id", "identifiant", "ref", "reference"],
    # A commune column may hold INSEE codes or names; a name column helps a code-less file.
    "commune": ["code commune", "commune", "code insee", "insee", "depcom", "codgeo"],
    "commune_name": [
        "nom commune",
        "nom de la commune",
        "commune nom",
        "libelle commune",
        "ville",
        "localite",
        "city",
        "town",
    ],
    "postal_code": ["code postal", "cp", "postal code", "zip"],
    "address": ["adresse", "address"],
    "kind": ["type", "kind", "type d acteur", "actor kind"],
    "legal_form_code": ["categorie juridique", "forme juridique", "legal form", "cj"],
    "naf_code": ["naf", "ape", "code naf", "code ape", "naf code"],
    "is_ess": ["ess"],
    "headcount_band": ["tranche effectif", "tranche d effectif", "tranche effectif salarie"],
    "is_siae": ["siae", "insertion"],
    "is_mission_company": ["societe a mission", "mission company"],
    "life_functions": ["fonctions de vie", "fonction de vie", "life functions", "life function"],
    "description": ["description", "objet", "activite"],
    "website": ["site", "site web", "site internet", "website", "url"],
    "email": ["email", "e mail", "mail", "courriel"],
    "phone": ["telephone", "tel", "phone"],
}
FIELDS = set(SYNONYMS)


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """`["Raison=name", …]` → {column: field}; an unknown field is an error naming it."""
    mapping = {}
    for pair in pairs:
        column, sep, field_name = pair.partition("=")
        if not sep or field_name.strip() not in FIELDS:
            raise ValueError(
                _("--map attend colonne=champ, champ parmi : %(fields)s (reçu « %(pair)s »)")
                % {"fields": ", ".join(sorted(FIELDS)), "pair": pair}
            )
        mapping[column.strip()] = field_name.strip()
    return mapping


def read_spreadsheet(
    path: Path, report: ImportReport, *, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[ActorRecord]]:
    """The detected column → field mapping, and the file's rows as records."""
    mapping = mapping or {}
    hints = {s for synonyms in SYNONYMS.values() for s in synonyms} | set(mapping)
    table = read_table(path, header_hint=hints, max_rows=settings.TERREAU_IMPORT_MAX_ROWS)
    columns = detect_columns(table.header, mapping)
    if "name" not in columns.values():
        raise DataFileError(
            path,
            _("aucune colonne de nom (attendu l'une de : %(names)s, ou --map colonne=name)")
            % {"names": ", ".join(SYNONYMS["name"])},
            line=1,
        )
    ignored = [c for c in table.header if c and c not in columns]
    if ignored:
        report.notes.append(_("Colonnes ignorées : %(columns)s") % {"columns": ", ".join(ignored)})
    if table.sheet:
        report.notes.append(_("Feuille lue : %(sheet)s") % {"sheet": table.sheet})
    if not table.rows:
        report.notes.append(_("Le fichier ne contient aucune ligne de données."))
    field_columns = {field_name: column for column, field_name in columns.items()}
    report.total = len(table.rows)

    def records() -> Iterator[ActorRecord]:
        for line, row in table.rows:
            values = {field_name: row.get(column, "") for column, field_name in columns.items()}
            yield ActorRecord(line, values, field_columns)

    return columns, records()


def detect_columns(header: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """Column → field for each recognised column; explicit mappings win, then synonyms."""
    columns = {c: f for c, f in mapping.items() if c in header}
    taken = set(columns.values())
    for column in header:
        if column in columns or not column:
            continue
        folded = search_key(column)
        for field_name, synonyms in SYNONYMS.items():
            if field_name not in taken and folded in synonyms:
                columns[column] = field_name
                taken.add(field_name)
                break
    return columns
