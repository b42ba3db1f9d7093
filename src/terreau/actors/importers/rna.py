"""The RNA "waldec" file of the Ministère de l'Intérieur: `;`-separated, Windows-1252."""

from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from terreau.actors import classification
from terreau.actors.importers.base import ActorRecord
from terreau.core.errors import DataFileError
from terreau.core.imports import ImportReport
from terreau.core.tabular import read_table

REQUIRED = ["id", "titre", "adrs_codeinsee", "position"]
# position: A active, D dissoute, S supprimée.
CLOSED_POSITIONS = {"D": "dissolved", "S": "deleted"}
COLUMNS = {
    "rna": "id",
    "siret": "siret",
    "name": "titre",
    "description": "objet",
    "commune": "adrs_codeinsee",
    "postal_code": "adrs_codepostal",
    "website": "siteweb",
}
ASSOCIATION_LEGAL_FORM = "9220"  # Association déclarée


def _is_date(text: str) -> bool:
    # The file writes "0001-01-01" (or nothing) for "no date".
    text = text.strip()
    return bool(text) and not text.startswith("0001")


def read_rna(path: Path, report: ImportReport) -> Iterator[ActorRecord]:
    table = read_table(path, header_hint={"titre"})
    missing = [c for c in REQUIRED if c not in table.header]
    if missing:
        raise DataFileError(
            path,
            _("colonnes du fichier RNA manquantes : %(columns)s") % {"columns": ", ".join(missing)},
            line=1,
        )
    report.total = len(table.rows)
    for line, row in table.rows:
        reason = CLOSED_POSITIONS.get(row.get("position", "").upper())
        if reason is None and _is_date(row.get("date_disso", "")):
            reason = "dissolved"
        if reason:
            report.skipped[reason] += 1
            continue
        values = {name: row.get(column, "") for name, column in COLUMNS.items()}
        values["address"] = " ".join(
            part
            for part in (
                row.get("adrs_numvoie", ""),
                row.get("adrs_repetition", ""),
                row.get("adrs_typevoie", ""),
                row.get("adrs_libvoie", ""),
                row.get("adrs_complement", ""),
            )
            if part
        )
        values["legal_form_code"] = ASSOCIATION_LEGAL_FORM
        # The RNA has no activity code: the stated purpose tells which life functions it serves.
        values["life_functions"] = " ".join(
            classification.life_functions_for_text(
                " ".join(row.get(c, "") for c in ("objet", "titre"))
            )
        )
        yield ActorRecord(line, values, dict(COLUMNS))
