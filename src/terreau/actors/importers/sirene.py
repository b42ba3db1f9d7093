"""INSEE's SIRENE stock files: `StockEtablissement` (one row per establishment), optionally joined
with `StockUniteLegale` for the legal name, legal form and ESS flag.

National files hold tens of millions of rows: DuckDB scans and filters them to the territory before
a single row reaches Python, so memory stays flat whatever the file size.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _

from terreau.actors.importers.base import ActorRecord, ImportReport
from terreau.core.errors import DataFileError

ESTABLISHMENT_COLUMNS = [
    "siren",
    "siret",
    "statutDiffusionEtablissement",
    "etatAdministratifEtablissement",
    "codeCommuneEtablissement",
    "codePostalEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "complementAdresseEtablissement",
    "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "etablissementSiege",
]
LEGAL_UNIT_COLUMNS = [
    "siren",
    "denominationUniteLegale",
    "sigleUniteLegale",
    "categorieJuridiqueUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "identifiantAssociationUniteLegale",
]
NATURAL_PERSON = "1000"
BATCH = 10_000
MEMORY_LIMIT = "512MB"
FIELD_COLUMNS = {
    "siret": "siret",
    "commune": "codeCommuneEtablissement",
    "naf_code": "activitePrincipaleEtablissement",
    "legal_form_code": "categorieJuridiqueUniteLegale",
    "rna": "identifiantAssociationUniteLegale",
    "name": "denominationUniteLegale",
}


def _header(path: Path) -> list[str]:
    if not path.is_file():
        raise DataFileError(path, _("fichier introuvable"))
    if path.stat().st_size == 0:
        raise DataFileError(path, _("fichier vide (0 octet)"))
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        return next(csv.reader(f), [])


def _check_columns(path: Path, expected: list[str]) -> None:
    missing = [c for c in expected if c not in _header(path)]
    if missing:
        raise DataFileError(
            path,
            _("colonnes SIRENE manquantes : %(columns)s") % {"columns": ", ".join(missing)},
            line=1,
        )


def _source(path: Path, table: str, *, parallel: bool = True) -> str:
    escaped = str(path).replace("'", "''")
    return (
        f"read_csv('{escaped}', all_varchar=true, header=true, delim=',', quote='\"', "
        f"escape='\"', store_rejects=true, rejects_table='{table}_rejects', "
        f"rejects_scan='{table}_scan', parallel={str(parallel).lower()})"
    )


def _establishments(connection, path: Path, where: str) -> None:
    """The establishments table `e`. DuckDB's parallel scan with store_rejects can drop the valid
    rows that follow a rejected line near a scan boundary (seen with DuckDB 2.0.0): count the same
    rows with ignore_errors, which is not affected, and scan again single-threaded on a mismatch."""
    columns = ", ".join(ESTABLISHMENT_COLUMNS)
    connection.execute(
        f"CREATE TEMP TABLE e AS SELECT {columns} FROM {_source(path, 'e')} e WHERE {where}"
    )
    escaped = str(path).replace("'", "''")
    (expected,) = connection.execute(
        f"SELECT count(*) FROM read_csv('{escaped}', all_varchar=true, header=true, delim=',', "
        f"quote='\"', escape='\"', ignore_errors=true) e WHERE {where}"
    ).fetchone()
    (kept,) = connection.execute("SELECT count(*) FROM e").fetchone()
    if kept != expected:
        connection.execute("DROP TABLE e; DROP TABLE e_rejects; DROP TABLE e_scan")
        connection.execute(
            f"CREATE TEMP TABLE e AS SELECT {columns} "
            f"FROM {_source(path, 'e', parallel=False)} e WHERE {where}"
        )


def read_sirene(
    path: Path,
    report: ImportReport,
    *,
    unites_legales: Path | None = None,
    commune_codes: set[str] | None = None,
) -> Iterator[ActorRecord]:
    """Open establishments of the territory (all of France without `commune_codes`)."""
    path = Path(path)
    _check_columns(path, ESTABLISHMENT_COLUMNS)
    if unites_legales:
        _check_columns(Path(unites_legales), LEGAL_UNIT_COLUMNS)
    else:
        report.notes.append(
            _(
                "Sans fichier des unités légales (--unites-legales), la dénomination, la forme "
                "juridique et l'indicateur ESS manquent ; les entrepreneurs individuels ne peuvent "
                "pas être écartés."
            )
        )
    connection = duckdb.connect()
    connection.execute(f"SET memory_limit='{MEMORY_LIMIT}'")
    where = "true"
    if commune_codes is not None:
        connection.execute(
            "CREATE TABLE territory AS SELECT unnest(?::VARCHAR[]) AS code", [sorted(commune_codes)]
        )
        where = "e.codeCommuneEtablissement IN (SELECT code FROM territory)"
    try:
        _establishments(connection, path, where)
        if unites_legales:
            connection.execute(
                f"CREATE TEMP TABLE u AS SELECT {', '.join(LEGAL_UNIT_COLUMNS)} "
                f"FROM {_source(Path(unites_legales), 'u')} "
                "WHERE siren IN (SELECT siren FROM e)"
            )
        else:
            connection.execute(
                "CREATE TEMP TABLE u AS SELECT "
                + ", ".join(f"NULL::VARCHAR AS {c}" for c in LEGAL_UNIT_COLUMNS)
                + " WHERE false"
            )
    except duckdb.Error as error:
        raise DataFileError(path, _("fichier illisible : %(error)s") % {"error": error}) from error
    _report_rejects(connection, report, path, commune_codes)

    connection.execute(
        "CREATE TEMP TABLE rows AS SELECT e.*, u.* EXCLUDE (siren), CASE "
        "WHEN e.etatAdministratifEtablissement = 'F' THEN 'closed' "
        "WHEN coalesce(e.statutDiffusionEtablissement, '') <> 'O' THEN 'non_diffusible' "
        f"WHEN u.categorieJuridiqueUniteLegale = '{NATURAL_PERSON}' THEN 'natural_person' "
        "END AS skip_reason FROM e LEFT JOIN u USING (siren)"
    )
    for reason, count in connection.execute(
        "SELECT skip_reason, count(*) FROM rows WHERE skip_reason IS NOT NULL GROUP BY 1"
    ).fetchall():
        report.skipped[reason] += count
    (report.total,) = connection.execute(
        "SELECT count(*) FROM rows WHERE skip_reason IS NULL"
    ).fetchone()
    # An association's RNA number belongs to the legal unit, and every establishment of the unit
    # carries it: give it to one of them only (the head office first, else the first SIRET), or
    # the others would be rejected as duplicates of an identifier that must be unique.
    cursor = connection.execute(
        "SELECT * EXCLUDE (skip_reason, identifiantAssociationUniteLegale), "
        "CASE WHEN row_number() OVER (PARTITION BY siren "
        "ORDER BY etablissementSiege = 'true' DESC, siret) = 1 "
        "THEN identifiantAssociationUniteLegale END AS identifiantAssociationUniteLegale "
        "FROM rows WHERE skip_reason IS NULL ORDER BY siret"
    )
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(BATCH):
        for row in rows:
            yield ActorRecord(None, _values(dict(zip(names, row, strict=True))), FIELD_COLUMNS)
    connection.close()


def _clean(value: str | None) -> str:
    value = (value or "").strip()
    return "" if value == "[ND]" else value


def _values(row: dict) -> dict[str, str]:
    name = (
        _clean(row["denominationUniteLegale"])
        or _clean(row["denominationUsuelleEtablissement"])
        or _clean(row["enseigne1Etablissement"])
        or _("Établissement %(siret)s") % {"siret": row["siret"]}
    )
    naf = ""
    if _clean(row["nomenclatureActivitePrincipaleEtablissement"]) in ("NAFRev2", ""):
        naf = _clean(row["activitePrincipaleEtablissement"])
    address = " ".join(
        part
        for part in (
            _clean(row["numeroVoieEtablissement"]),
            _clean(row["indiceRepetitionEtablissement"]),
            _clean(row["typeVoieEtablissement"]),
            _clean(row["libelleVoieEtablissement"]),
        )
        if part
    )
    if complement := _clean(row["complementAdresseEtablissement"]):
        address = f"{complement}, {address}" if address else complement
    return {
        "siret": _clean(row["siret"]),
        "name": name,
        "commune": _clean(row["codeCommuneEtablissement"]),
        "postal_code": _clean(row["codePostalEtablissement"]),
        "address": address,
        "naf_code": naf,
        "legal_form_code": _clean(row["categorieJuridiqueUniteLegale"]),
        "is_ess": "oui" if _clean(row["economieSocialeSolidaireUniteLegale"]) == "O" else "",
        "rna": _clean(row["identifiantAssociationUniteLegale"]),
    }


def _report_rejects(connection, report: ImportReport, path: Path, commune_codes) -> None:
    """Malformed lines, as DuckDB rejected them. Outside a territory filter every one is an error;
    with a filter, only those that mention one of the territory's commune codes."""
    for table in ("e", "u"):
        try:
            rejects = connection.execute(
                f"SELECT line, column_name, csv_line, error_message FROM {table}_rejects "
                "ORDER BY line"
            ).fetchall()
        except duckdb.CatalogException:
            continue
        reported = set()
        for line, column, csv_line, message in rejects:
            if line in reported:  # DuckDB lists a short line once per missing column
                continue
            reported.add(line)
            fields = set((csv_line or "").split(","))
            if table == "e" and commune_codes is not None and not fields & commune_codes:
                report.skipped["malformed_outside_territory"] += 1
                continue
            message = _("ligne mal formée : %(error)s") % {"error": message}
            report.error(line, column, (csv_line or "")[:200], message)


def locate_lines(path: Path, report: ImportReport) -> None:
    """Give a line number to the row errors found after DuckDB's scan, from their SIRET."""
    by_siret: dict[str, list] = {}
    for error in report.errors:
        if error.line is None and error.record_key:
            by_siret.setdefault(error.record_key, []).append(error)
    if not by_siret:
        return
    wanted = {s.encode() for s in by_siret}
    with Path(path).open("rb") as f:
        for number, raw in enumerate(f, start=1):
            parts = raw.split(b",", 3)
            if len(parts) > 2:
                siret = parts[2].strip(b'"')
                if siret in wanted:
                    for error in by_siret[siret.decode()]:
                        error.line = number
