"""INSEE's SIRENE stock files: `StockEtablissement` (one row per establishment), optionally joined
with `StockUniteLegale` for the legal name, legal form and ESS flag.

National files hold tens of millions of rows: DuckDB scans and filters them to the territory, joins
the legal units, counts the skipped rows and builds each record's values in SQL; Python only turns
the territory's rows into records. Memory grows with the territory and with the malformed lines
DuckDB keeps for the report, not with the rest of the file (bench/README.md).
"""

import csv
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _

from terreau.actors.importers.base import ActorRecord, duplicate_message
from terreau.core.errors import DataFileError
from terreau.core.imports import ImportReport

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
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
]
LEGAL_UNIT_COLUMNS = [
    "siren",
    "denominationUniteLegale",
    "categorieJuridiqueUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "identifiantAssociationUniteLegale",
]
NATURAL_PERSON = "1000"
RAW = "\x01"  # the delimiter of the legal-unit file read as raw lines: never in SIRENE text
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
# The values of a record, computed by DuckDB from the joined row (`_clean` is the macro below):
# `[ND]` (not diffusible) counts as empty; the name is the legal unit's, else the establishment's
# usual name, else its sign, else a placeholder ($1, translated) with the SIRET. None is NULL.
RECORD_VALUES = {
    "siret": "_clean(siret)",
    "name": "coalesce(nullif(_clean(denominationUniteLegale), ''), "
    "nullif(_clean(denominationUsuelleEtablissement), ''), "
    "nullif(_clean(enseigne1Etablissement), ''), replace($1, '%(siret)s', _clean(siret)))",
    "commune": "_clean(codeCommuneEtablissement)",
    "postal_code": "_clean(codePostalEtablissement)",
    "address": "CASE WHEN _clean(complementAdresseEtablissement) = '' THEN street "
    "WHEN street = '' THEN _clean(complementAdresseEtablissement) "
    "ELSE _clean(complementAdresseEtablissement) || ', ' || street END",
    "naf_code": "CASE WHEN _clean(nomenclatureActivitePrincipaleEtablissement) "
    "IN ('NAFRev2', '') THEN _clean(activitePrincipaleEtablissement) ELSE '' END",
    "legal_form_code": "_clean(categorieJuridiqueUniteLegale)",
    # "non" rather than nothing, so that an actor no longer in the ESS is updated.
    "is_ess": "CASE _clean(economieSocialeSolidaireUniteLegale) WHEN 'O' THEN 'oui' "
    "WHEN 'N' THEN 'non' ELSE '' END",
    "rna": "CASE WHEN first_of_unit THEN _clean(identifiantAssociationUniteLegale) ELSE '' END",
    "x_lambert93": "_clean(coordonneeLambertAbscisseEtablissement)",
    "y_lambert93": "_clean(coordonneeLambertOrdonneeEtablissement)",
}
STREET = (
    "concat_ws(' ', "
    + ", ".join(
        f"nullif(_clean({column}), '')"
        for column in (
            "numeroVoieEtablissement",
            "indiceRepetitionEtablissement",
            "typeVoieEtablissement",
            "libelleVoieEtablissement",
        )
    )
    + ")"
)


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


def _source(path: Path, *, rejects: str = "", parallel: bool = True) -> str:
    """DuckDB's reader of `path`, every column as text; malformed lines go to the tables
    `{rejects}_rejects` and `{rejects}_scan` when `rejects` is given, else are skipped."""
    escaped = str(path).replace("'", "''")
    errors = (
        f"store_rejects=true, rejects_table='{rejects}_rejects', rejects_scan='{rejects}_scan'"
        if rejects
        else "ignore_errors=true"
    )
    return (
        f"read_csv('{escaped}', all_varchar=true, header=true, delim=',', quote='\"', "
        f"escape='\"', {errors}, parallel={str(parallel).lower()})"
    )


def _data_lines(path: Path) -> int:
    """The lines of a CSV file after its header (a last line without a line feed counts)."""
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        unterminated = f.read(1) != b"\n"
    if wc := shutil.which("wc"):
        # wc counts line feeds in a quarter of the time bytes.count takes, in another process:
        # the count then leaves both cores to DuckDB (bench/README.md).
        output = subprocess.run([wc, "-l", str(path)], capture_output=True, check=True).stdout
        count = int(output.split()[0])
    else:
        count = 0
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                count += chunk.count(b"\n")
    return count + unterminated - 1


def _read_establishments(connection, path: Path, territory: bool, *, parallel: bool) -> int:
    """`e_groups`: the establishments of the territory (all of them without one) that are open and
    diffusible, the others counted by `reason` (`closed`, `non_diffusible`, or NULL outside the
    territory: counting those in a second scan cost as much as the first). Returns the number of
    rows the scan read; malformed lines go to `e_rejects`."""
    row = f"struct_pack({', '.join(ESTABLISHMENT_COLUMNS)})"
    source = _source(path, rejects="e", parallel=parallel)
    reason = (
        "CASE WHEN f.etatAdministratifEtablissement = 'F' THEN 'closed' "
        "WHEN coalesce(f.statutDiffusionEtablissement, '') <> 'O' THEN 'non_diffusible' "
        "ELSE 'kept' END"
    )
    if territory:
        connection.execute(
            f"CREATE TEMP TABLE e_groups AS SELECT reason, CASE WHEN reason = 'kept' THEN {row} "
            "END AS kept, count(*) AS n FROM (SELECT f.*, CASE WHEN t.code IS NOT NULL THEN "
            f"{reason} END AS reason FROM {source} f "
            "LEFT JOIN territory t ON f.codeCommuneEtablissement = t.code) GROUP BY 1, 2"
        )
    else:
        connection.execute(
            f"CREATE TEMP TABLE e_groups AS SELECT reason, CASE WHEN reason = 'kept' THEN {row} "
            f"END AS kept, 1 AS n FROM (SELECT *, {reason} AS reason FROM {source} f)"
        )
    read, repeated = connection.execute(
        "SELECT sum(n), max(n) FILTER (WHERE kept IS NOT NULL) > 1 FROM e_groups"
    ).fetchone()
    view = "SELECT unnest(kept) FROM e_groups WHERE kept IS NOT NULL"
    if repeated:
        # Identical lines share a group: one row per line, for the duplicate checks.
        view += (
            " UNION ALL SELECT unnest(kept) FROM (SELECT * FROM e_groups "
            "WHERE kept IS NOT NULL AND n > 1) g, range(g.n - 1)"
        )
    connection.execute(f"CREATE TEMP VIEW e AS {view}")
    return read or 0


def _read_units(connection, path: Path | None) -> None:
    """The table `u`: the legal units of the establishments kept in `e_groups`, empty without a
    file.

    The file is national and only its SIRENs matter at first: its lines are read as raw text and
    those that start with a kept SIREN are written apart, then parsed, which halves the time of
    parsing the whole file (bench/README.md). Lines skipped that way (a SIREN in quotes, a line
    broken by a line feed, a malformed line) leave establishments without a unit: the whole file
    is then parsed, skipping malformed lines (a scan that does not drop rows), and, if some are
    still missing, read again for its malformed lines, into `u_rejects` (those that may be the
    missing units are reported)."""
    columns = ", ".join(LEGAL_UNIT_COLUMNS)
    if path is None:
        connection.execute(
            "CREATE TEMP TABLE u AS SELECT "
            + ", ".join(f"NULL::VARCHAR AS {c}" for c in LEGAL_UNIT_COLUMNS)
            + " WHERE false"
        )
        return
    kept = "SELECT kept.siren FROM e_groups WHERE kept IS NOT NULL"
    escaped = str(path).replace("'", "''")
    with tempfile.TemporaryDirectory() as directory:
        lines = Path(directory) / "units.csv"
        # One column per line: a delimiter and no quote that a SIRENE line does not hold.
        connection.execute(
            f"COPY (SELECT line FROM read_csv('{escaped}', header=true, auto_detect=false, "
            f"columns={{'line': 'VARCHAR'}}, delim='{RAW}', quote='', escape='', "
            f"ignore_errors=true) WHERE left(line, 9) IN ({kept})) "
            f"TO '{lines}' (HEADER false, QUOTE '', ESCAPE '', DELIMITER '{RAW}')"
        )
        names = ", ".join(f"'{name}': 'VARCHAR'" for name in _header(path))
        connection.execute(
            f"CREATE TEMP TABLE u AS SELECT {columns} FROM read_csv('{lines}', header=false, "
            f"auto_detect=false, columns={{{names}}}, delim=',', quote='\"', escape='\"', "
            "ignore_errors=true)"
        )
    missing = (
        "CREATE OR REPLACE TEMP TABLE u_missing AS SELECT DISTINCT kept.siren AS siren "
        "FROM e_groups WHERE kept IS NOT NULL AND kept.siren NOT IN (SELECT siren FROM u)"
    )
    connection.execute(missing)
    if connection.execute("SELECT count(*) FROM u_missing").fetchone()[0]:
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE u AS SELECT {columns} FROM {_source(path)} "
            f"WHERE siren IN ({kept})"
        )
        connection.execute(missing)
    if connection.execute("SELECT count(*) FROM u_missing").fetchone()[0]:
        # The reject tables appear once the result is read to its end.
        connection.execute(
            f"SELECT count(siren) FROM {_source(path, rejects='u', parallel=False)}"
        ).fetchall()


def read_sirene(
    path: Path,
    report: ImportReport,
    *,
    unites_legales: Path | None = None,
    commune_codes: set[str] | None = None,
) -> Iterator[ActorRecord]:
    """Open establishments of the territory (all of France without `commune_codes`).

    DuckDB's parallel scan with store_rejects can drop the valid rows that follow a rejected line
    near a scan boundary (seen with DuckDB 2.0.0; bench/README.md). The rows it read and the
    lines it rejected must then make up the lines of the file, which Python counts in a thread
    meanwhile; when they do not, the file is read again single-threaded, which is not affected.
    """
    path = Path(path)
    _check_columns(path, ESTABLISHMENT_COLUMNS)
    if unites_legales:
        unites_legales = Path(unites_legales)
        _check_columns(unites_legales, LEGAL_UNIT_COLUMNS)
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
    # chr(31) separates the values of a record in the query's result (_records).
    connection.execute(
        "CREATE TEMP MACRO _clean(v) AS "
        "coalesce(nullif(replace(trim(v), chr(31), ' '), '[ND]'), '')"
    )
    territory = commune_codes is not None
    if territory:
        connection.execute(
            "CREATE TABLE territory AS SELECT unnest(?::VARCHAR[]) AS code", [sorted(commune_codes)]
        )
    with ThreadPoolExecutor(max_workers=1) as pool:
        lines = None
        for parallel in (True, False):
            try:
                read = _read_establishments(connection, path, territory, parallel=parallel)
                _read_units(connection, unites_legales)
            except duckdb.Error as error:
                raise DataFileError(
                    path, _("fichier illisible : %(error)s") % {"error": error}
                ) from error
            # Counted while DuckDB works on the territory's rows alone, which leaves a core idle
            # (counted during the scans, the lines slowed them down as much).
            lines = lines or pool.submit(_data_lines, path)
            malformed, rejected = _malformed_lines(connection, territory)
            # A NULL reason in e_groups is a row outside the territory, in ROWS a row kept.
            skipped = connection.execute(
                "SELECT coalesce(reason, 'outside_territory'), sum(n) FROM e_groups "
                "WHERE reason IS DISTINCT FROM 'kept' GROUP BY 1 "
                f"UNION ALL SELECT skip_reason, count(*) FROM ({ROWS}) GROUP BY 1"
            ).fetchall()
            records = _records(connection)
            if not parallel or read + rejected == lines.result():
                break
            connection.execute(
                "DROP VIEW e; DROP TABLE e_groups; DROP TABLE e_rejects; DROP TABLE e_scan; "
                "DROP TABLE u; DROP TABLE IF EXISTS u_missing; DROP TABLE IF EXISTS u_rejects; "
                "DROP TABLE IF EXISTS u_scan"
            )
    for _table, line, column, value, message in malformed:
        report.error(line, column, value, message)
    reported = sum(1 for table, *_error in malformed if table == "e")
    if rejected > reported:
        report.skipped["malformed_outside_territory"] += rejected - reported
    for reason, count in skipped:
        if reason is None:
            report.total = count
        else:
            report.skipped[reason] += count
    yield from records
    connection.close()


# The open and diffusible establishments with their legal units, those of natural persons
# (entrepreneurs individuels, legal form 1000) to be skipped.
ROWS = (
    "SELECT e.*, u.* EXCLUDE (siren), CASE "
    f"WHEN u.categorieJuridiqueUniteLegale = '{NATURAL_PERSON}' THEN 'natural_person' "
    "END AS skip_reason FROM e LEFT JOIN u USING (siren)"
)


def _records(connection) -> Iterator[ActorRecord]:
    """The records of the establishments not skipped, their values computed by DuckDB."""
    # An association's RNA number belongs to the legal unit, and every establishment of the unit
    # carries it: give it to one of them only (the head office first, else the first SIRET), or
    # the others would be rejected as duplicates of an identifier that must be unique.
    # One string per record, its values separated by chr(31), which _clean keeps out of them:
    # DuckDB's conversion to Python costs by value, and took a third of the records' time.
    cursor = connection.execute(
        f"SELECT concat_ws(chr(31), {', '.join(RECORD_VALUES.values())}) FROM (SELECT *, "
        f"{STREET} AS street, row_number() OVER (PARTITION BY siren "
        "ORDER BY etablissementSiege = 'true' DESC, siret) = 1 AS first_of_unit "
        f"FROM ({ROWS}) WHERE skip_reason IS NULL) ORDER BY siret",
        [_("Établissement %(siret)s")],
    )
    return _from_cursor(cursor)


def _from_cursor(cursor) -> Iterator[ActorRecord]:
    names = list(RECORD_VALUES)
    previous, occurrence = None, 0
    while batch := cursor.fetchmany(BATCH):
        for (line,) in batch:
            values = dict(zip(names, line.split("\x1f"), strict=True))
            siret = values["siret"]
            occurrence = occurrence + 1 if siret == previous else 1
            previous = siret
            yield ActorRecord(
                None, values, FIELD_COLUMNS, key=(siret, occurrence) if siret else None
            )


def _malformed_lines(connection, territory: bool) -> tuple[list, int]:
    """Malformed lines to report, as DuckDB rejected them, once each (DuckDB lists a short line
    once per missing column), and the number of malformed establishment lines. Establishment lines
    are reported when they may belong to the territory (a field is one of its commune codes; all
    without a territory); legal-unit lines when they may be the unit of an establishment that
    found none."""
    located = {
        "e": "territory ON field = code" if territory else "",
        "u": "u_missing ON field = siren",
    }
    found = []
    for table, join in located.items():
        condition = "true"
        if join:
            condition = (
                "line IN (SELECT line FROM (SELECT line, unnest(string_split(csv_line, ',')) "
                f"AS field FROM (SELECT DISTINCT line, csv_line FROM {table}_rejects)) "
                f"JOIN {join})"
            )
        try:
            rows = connection.execute(
                "SELECT DISTINCT ON (line) line, column_name, left(coalesce(csv_line, ''), 200), "
                f"error_message FROM {table}_rejects WHERE {condition} ORDER BY line, column_idx"
            ).fetchall()
        except duckdb.CatalogException:  # the legal-unit file was not read for its rejects
            continue
        for line, column, value, message in rows:
            if table == "e":
                message = _("ligne mal formée : %(error)s") % {"error": message}
            else:
                message = _("ligne mal formée du fichier des unités légales : %(error)s") % {
                    "error": message
                }
            found.append((table, line, column, value, message))
    (rejected,) = connection.execute("SELECT count(DISTINCT line) FROM e_rejects").fetchone()
    return found, rejected


def locate_lines(path: Path, report: ImportReport) -> None:
    """Give their line numbers to the row errors found after DuckDB's scan, from the SIRET of
    their record (the n-th record with a SIRET is the n-th line with it), and to the rows their
    duplicate-identifier messages refer to."""
    wanted = set()
    for error in report.errors:
        if error.line is None and error.record_key:
            wanted.add(error.record_key[0])
        if error.duplicate_of:
            wanted.add(error.duplicate_of[1][0])
    if not wanted:
        return
    encoded = {siret.encode() for siret in wanted}
    lines: dict[str, list[int]] = {}
    with Path(path).open("rb") as f:
        for number, raw in enumerate(f, start=1):
            parts = raw.split(b",", 3)
            if len(parts) > 2 and (siret := parts[2].strip(b'"')) in encoded:
                lines.setdefault(siret.decode(), []).append(number)

    def line_of(key: tuple[str, int]) -> int | None:
        siret, occurrence = key
        found = lines.get(siret, [])
        return found[occurrence - 1] if occurrence <= len(found) else None

    for error in report.errors:
        if error.line is None and error.record_key:
            error.line = line_of(error.record_key)
        if error.duplicate_of:
            identifier, key = error.duplicate_of
            error.message = duplicate_message(identifier, line_of(key))
