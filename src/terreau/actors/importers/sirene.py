"""INSEE's SIRENE stock files: `StockEtablissement` (one row per establishment), optionally joined
with `StockUniteLegale` for the legal name, legal form and ESS flag.

National files hold tens of millions of rows: DuckDB scans and filters them to the territory, joins
the legal units, counts the skipped rows and builds each record's values in SQL; Python only turns
the territory's rows into records. Memory grows with the territory, not with the rest of the
file: malformed lines are read as rows like the others, and those outside the territory are only
counted (bench/README.md).
"""

import csv
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _

from terreau.actors.importers.base import ActorRecord, duplicate_message
from terreau.core.errors import DataFileError
from terreau.core.imports import ImportReport, RowError

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
    "trancheEffectifsEtablissement",
]
LEGAL_UNIT_COLUMNS = [
    "siren",
    "denominationUniteLegale",
    "categorieJuridiqueUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "identifiantAssociationUniteLegale",
    "societeMissionUniteLegale",
]
NATURAL_PERSON = "1000"
RAW = "\x01"  # the delimiter of the legal-unit file read as raw lines: never in SIRENE text
# One column after the establishments file's last: filled on a line with a value too many.
EXTRA = "_extra"
COMMUNE_CODE = "[0-9][0-9AB][0-9]{3}"
VALUE_SHOWN = 200  # characters of a malformed line shown in its error
# DuckDB's CSV buffer for the national files, smaller than its default: the buffers its threads
# hold at once make most of the filter's peak memory, which rose by 30 MB steps on a longer file
# with the default (bench/README.md).
CSV_BUFFER = 8_000_000
BATCH = 10_000
MEMORY_LIMIT = "512MB"
FIELD_COLUMNS = {
    "siret": "siret",
    "commune": "codeCommuneEtablissement",
    "naf_code": "activitePrincipaleEtablissement",
    "legal_form_code": "categorieJuridiqueUniteLegale",
    "rna": "identifiantAssociationUniteLegale",
    "name": "denominationUniteLegale",
    "headcount_band": "trancheEffectifsEtablissement",
    "is_mission_company": "societeMissionUniteLegale",
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
    # The establishment's band (INSEE's codes, checked by the common validation); "NN" is kept.
    "headcount_band": "_clean(trancheEffectifsEtablissement)",
    # Société à mission is a quality of the legal unit: yes, no, or not known (empty).
    "is_mission_company": "CASE _clean(societeMissionUniteLegale) WHEN 'O' THEN 'oui' "
    "WHEN 'N' THEN 'non' ELSE '' END",
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


def _lines_source(path: Path, names: list[str], *, parallel: bool) -> str:
    """DuckDB's reader of the establishments file that makes a row of every line, malformed ones
    included, with the file's columns `names` and EXTRA, every value as text.

    A line with values missing is padded with NULL, where an empty value is '' (the null string
    is RAW, never a whole SIRENE value); a line with values too many fills EXTRA (the rest is
    dropped). Telling malformed lines is then SQL on those two columns, in the scan, and a
    malformed line outside the territory is only counted: DuckDB's `store_rejects` kept about
    2.5 KB for each until the scan ended, and dropped valid rows in a parallel scan
    (bench/README.md). A line DuckDB still cannot read (not UTF-8, longer than its maximum,
    or a value with a line break, which a parallel scan does not take with padding) fails the
    parallel scan; read single-threaded, such lines go to `e_rejects`."""
    escaped = str(path).replace("'", "''")
    columns = ", ".join("'{}': 'VARCHAR'".format(name.replace("'", "''")) for name in names)
    errors = (
        "" if parallel else ", store_rejects=true, rejects_table='e_rejects', rejects_scan='e_scan'"
    )
    return (
        f"read_csv('{escaped}', auto_detect=false, header=true, columns={{{columns}}}, "
        f"delim=',', quote='\"', escape='\"', null_padding=true, strict_mode=false, "
        f"nullstr='{RAW}', buffer_size={CSV_BUFFER}, parallel={str(parallel).lower()}{errors})"
    )


def _identifier(name: str) -> str:
    return '"{}"'.format(name.replace('"', '""'))


def _read_establishments(
    connection, path: Path, names: list[str], territory: bool, *, parallel: bool
) -> int:
    """`e_groups`: the establishments of the territory (all of them without one) that are open and
    diffusible (`kept`) and the malformed lines that may be of the territory (`malformed`: their
    SIREN, commune code and whether they have values too many), the others counted by `reason`
    (`closed`, `non_diffusible`, `outside_territory`, `malformed_outside_territory`: counting
    those in a second scan cost as much as the first). Returns the number of rows the scan read;
    `names` are the file's columns.

    A malformed line may be of the territory when its commune column holds one of its codes, or,
    when that column holds no commune code, the next one on a line with values too many (a stray
    comma before it) or the previous one on a line with values missing (`_commune_of`)."""
    columns = [*names, EXTRA]
    commune = names.index("codeCommuneEtablissement")
    malformed = f"({EXTRA} IS NOT NULL OR {_identifier(names[-1])} IS NULL)"
    code = (
        f"CASE WHEN NOT {malformed} OR regexp_full_match(coalesce(codeCommuneEtablissement, ''), "
        f"'{COMMUNE_CODE}') THEN codeCommuneEtablissement "
        f"WHEN {EXTRA} IS NOT NULL THEN {_identifier(columns[commune + 1])} "
        f"ELSE {_identifier(names[commune - 1])} END"
    )
    reason = (
        "CASE WHEN etatAdministratifEtablissement = 'F' THEN 'closed' "
        "WHEN coalesce(statutDiffusionEtablissement, '') <> 'O' THEN 'non_diffusible' "
        "ELSE 'kept' END"
    )
    # A semi-join (IN) rather than a LEFT JOIN: DuckDB does not estimate the rows of a file read
    # without sniffing, and built the join's hash table on the file instead of the territory.
    inside = "code IN (SELECT code FROM territory)" if territory else "true"
    lines = (
        f"SELECT *, CASE WHEN is_malformed THEN CASE WHEN inside THEN 'malformed' "
        "ELSE 'malformed_outside_territory' END WHEN NOT inside THEN 'outside_territory' "
        f"ELSE {reason} END AS reason FROM (SELECT *, {inside} AS inside FROM (SELECT *, "
        f"{malformed} AS is_malformed, {code} AS code "
        f"FROM {_lines_source(path, columns, parallel=parallel)}))"
    )
    groups = (
        f"reason, CASE WHEN reason = 'kept' THEN struct_pack({', '.join(ESTABLISHMENT_COLUMNS)}) "
        "END AS kept, CASE WHEN reason = 'malformed' THEN struct_pack(siren, code, "
        f"long := {EXTRA} IS NOT NULL) END AS malformed"
    )
    if territory:
        connection.execute(
            f"CREATE TEMP TABLE e_groups AS SELECT {groups}, count(*) AS n FROM ({lines}) "
            "GROUP BY 1, 2, 3"
        )
    else:  # nearly every line its own group: not worth grouping
        connection.execute(f"CREATE TEMP TABLE e_groups AS SELECT {groups}, 1 AS n FROM ({lines})")
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


def _commune_of(values: list[str], names: list[str]) -> str | None:
    """The commune code of a malformed line, as `_read_establishments` finds it."""
    commune = names.index("codeCommuneEtablissement")

    def value(index):
        return values[index] if index < len(values) else None

    if re.fullmatch(COMMUNE_CODE, value(commune) or ""):
        return value(commune)
    return value(commune + 1) if len(values) > len(names) else value(commune - 1)


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
        # One column per line: a delimiter and no quote that a SIRENE line does not hold. The
        # kept SIRENs are looked up in a column (a mark join) rather than in WHERE: DuckDB, which
        # does not estimate the rows of a file read without sniffing, turned the semi-join
        # around and held the whole file in its hash table (+ 250 MB at 2,000,000 rows).
        connection.execute(
            f"COPY (SELECT line FROM (SELECT line, left(line, 9) IN ({kept}) AS wanted "
            f"FROM read_csv('{escaped}', header=true, auto_detect=false, "
            f"columns={{'line': 'VARCHAR'}}, delim='{RAW}', quote='', escape='', "
            f"buffer_size={CSV_BUFFER}, ignore_errors=true)) WHERE wanted) "
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

    Malformed lines of the territory are row errors whose line `locate_lines` finds; the others
    are counted in `skipped`, as the rows outside the territory, closed or not diffusible.

    The parallel scan reads every line as a row, so the rows it read must make up the lines of
    the file, which Python counts in a thread meanwhile: a guard against a scan that drops rows
    (DuckDB 2.0.0 did with store_rejects, which this reader no longer uses in parallel;
    bench/README.md). When they do not, or when the parallel scan fails on a line it cannot
    take, the file is read again single-threaded.
    """
    path = Path(path)
    _check_columns(path, ESTABLISHMENT_COLUMNS)
    names = _header(path)
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
                read = _read_establishments(connection, path, names, territory, parallel=parallel)
            except duckdb.Error as error:
                if parallel:  # a line the parallel scan cannot take: read single-threaded
                    continue
                raise DataFileError(
                    path, _("fichier illisible : %(error)s") % {"error": error}
                ) from error
            try:
                _read_units(connection, unites_legales)
            except duckdb.Error as error:
                raise DataFileError(
                    unites_legales, _("fichier illisible : %(error)s") % {"error": error}
                ) from error
            # Counted while DuckDB works on the territory's rows alone, which leaves a core idle
            # (counted during the scans, the lines slowed them down as much).
            lines = lines or pool.submit(_data_lines, path)
            malformed, rejected, unreported = _malformed_lines(connection, names, territory)
            skipped = connection.execute(
                "SELECT reason, sum(n) FROM e_groups WHERE reason NOT IN ('kept', 'malformed') "
                "GROUP BY 1 UNION ALL SELECT coalesce(skip_reason, 'total'), count(*) "
                f"FROM ({ROWS}) GROUP BY 1"
            ).fetchall()
            records = _records(connection)
            if not parallel or read + rejected == lines.result():
                break
            connection.execute(
                "DROP VIEW e; DROP TABLE e_groups; DROP TABLE u; DROP TABLE IF EXISTS u_missing; "
                "DROP TABLE IF EXISTS u_rejects; DROP TABLE IF EXISTS u_scan"
            )
    report.errors.extend(malformed)
    if unreported:
        report.skipped["malformed_outside_territory"] += unreported
    for reason, count in skipped:
        if reason == "total":
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


@dataclass
class MalformedLine(RowError):
    """A malformed line. One of the establishments file read in parallel comes without its number,
    which DuckDB does not give, but with its SIREN, commune code and whether it has values too
    many (`line_key`), from which `locate_lines` finds it."""

    line_key: tuple[str | None, str | None, bool] | None = None


def _column_count(found: int | None, expected: int, *, more: bool = False) -> str:
    if more or (found is not None and found > expected):
        return _("plus de %(expected)s colonnes") % {"expected": expected}
    if found is None:
        return _("moins de %(expected)s colonnes") % {"expected": expected}
    return _("%(found)s colonnes au lieu de %(expected)s") % {
        "found": found,
        "expected": expected,
    }


# What DuckDB says of a line it could not read (its `error_type`), in the report's words.
REJECT_REASONS = {
    "INVALID ENCODING": lambda: _("caractères illisibles, le fichier doit être encodé en UTF-8"),
    "LINE SIZE OVER MAXIMUM": lambda: _("ligne trop longue"),
    "UNQUOTED VALUE": lambda: _("guillemet non fermé ou mal placé"),
}


def _reject_reason(error_type: str, message: str) -> str:
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message or "")
    if counts:
        return _column_count(int(counts[2]), int(counts[1]))
    return REJECT_REASONS.get(error_type, lambda: _("illisible"))()


def _malformed_lines(
    connection, names: list[str], territory: bool
) -> tuple[list[MalformedLine], int, int]:
    """The malformed lines to report, the number of establishment lines DuckDB could not read at
    all (single-threaded only, `e_rejects`), and how many of those are not reported.

    Establishment lines are reported when they may be of the territory (all without one): those
    of `e_groups.malformed`, and, among those DuckDB could not read, those of which a value is one
    of the territory's commune codes. Legal-unit lines (`u_rejects`) are reported when they may be
    the unit of an establishment that found none."""
    found, reported = [], 0
    for key, count in connection.execute(
        "SELECT malformed, n FROM e_groups WHERE malformed IS NOT NULL "
        "ORDER BY malformed.siren, malformed.code"
    ).fetchall():
        reason = _column_count(None, len(names), more=key["long"])
        message = _("ligne mal formée : %(error)s") % {"error": reason}
        line_key = (key["siren"], key["code"], key["long"])
        found += [
            MalformedLine(None, None, None, message, line_key=line_key) for _copy in range(count)
        ]
    located = {
        "e": "territory ON field = code" if territory else "",
        "u": "u_missing ON field = siren",
    }
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
                "SELECT DISTINCT ON (line) line, column_name, left(coalesce(csv_line, ''), "
                f"{VALUE_SHOWN}), error_type, error_message FROM {table}_rejects "
                f"WHERE {condition} ORDER BY line, column_idx"
            ).fetchall()
        except duckdb.CatalogException:  # the file was not read for its rejects
            continue
        for line, column, value, error_type, error in rows:
            reason = _reject_reason(error_type, error)
            if table == "e":
                message = _("ligne mal formée : %(error)s") % {"error": reason}
            else:
                message = _("ligne mal formée du fichier des unités légales : %(error)s") % {
                    "error": reason
                }
            found.append(MalformedLine(line, column, value, message))
            reported += table == "e"
    try:
        (rejected,) = connection.execute("SELECT count(DISTINCT line) FROM e_rejects").fetchone()
    except duckdb.CatalogException:  # read in parallel: every line is a row
        rejected = 0
    return found, rejected, rejected - reported


def locate_lines(path: Path, report: ImportReport) -> None:
    """Give their line numbers to the row errors found after DuckDB's scan: to records, from their
    SIRET (the n-th record with a SIRET is the n-th line with it), to the rows their
    duplicate-identifier messages refer to, and to malformed lines, from their SIREN, commune code
    and whether they have values too many (the n-th malformed line with them is the n-th such line
    of the file), with their text and, for a line with values missing, the first missing column.
    One pass over the file, in Python, which parses a line only when it starts with the SIREN of a
    malformed line. A malformed line whose values hold a line break stays without a number."""
    wanted = set()
    malformed: dict[tuple, list[MalformedLine]] = {}
    for error in report.errors:
        if error.line is None and error.record_key:
            wanted.add(error.record_key[0])
        if error.duplicate_of:
            wanted.add(error.duplicate_of[1][0])
        if isinstance(error, MalformedLine) and error.line is None and error.line_key:
            malformed.setdefault(error.line_key, []).append(error)
    if not wanted and not malformed:
        return
    names = _header(Path(path))
    encoded = {siret.encode() for siret in wanted}
    sirens = {(siren or "").encode() for siren, _code, _long in malformed}
    lines: dict[str, list[int]] = {}
    with Path(path).open("rb") as f:
        for number, raw in enumerate(f, start=1):
            parts = raw.split(b",", 3)
            if len(parts) > 2 and (siret := parts[2].strip(b'"')) in encoded:
                lines.setdefault(siret.decode(), []).append(number)
            if number > 1 and parts[0].strip(b'"') in sirens:
                _locate_malformed(raw, number, names, malformed)

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


def _locate_malformed(raw: bytes, number: int, names: list[str], malformed: dict) -> None:
    """Give line `number` (`raw`) to the first malformed line of `malformed` it is, if any."""
    text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
    try:
        values = next(csv.reader([text]), [])
    except csv.Error:
        return
    if len(values) == len(names):
        return
    long = len(values) > len(names)
    waiting = malformed.get((values[0] if values else None, _commune_of(values, names), long))
    if not waiting:
        return
    error = waiting.pop(0)
    error.line, error.value = number, text[:VALUE_SHOWN]
    error.column = None if long else names[len(values)]
    error.message = _("ligne mal formée : %(error)s") % {
        "error": _column_count(len(values), len(names))
    }
