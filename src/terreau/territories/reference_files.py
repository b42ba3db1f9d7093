"""Parsers for the reference geography files. They validate everything before anything is written,
and say which file, line and value are wrong."""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from terreau.core.errors import DataFileError
from terreau.core.tabular import read_table


# --- @etalab/decoupage-administratif -------------------------------------------------------------
@dataclass
class Geography:
    version: str
    regions: list[dict]
    departements: list[dict]
    epcis: list[dict]
    communes: list[dict]

    @property
    def row_count(self) -> int:
        return len(self.regions) + len(self.departements) + len(self.epcis) + len(self.communes)


def read_geography(package_dir: Path) -> Geography:
    """Read the JSON files of the npm package `@etalab/decoupage-administratif`."""
    package_dir = Path(package_dir)
    manifest = _read_json(package_dir / "package.json")
    data = package_dir / "data"
    return Geography(
        version=str(manifest.get("version", "")),
        regions=_records(data / "regions.json", ("code", "nom")),
        departements=_records(data / "departements.json", ("code", "nom", "region")),
        epcis=_records(data / "epci.json", ("code", "nom", "type", "membres")),
        communes=_records(data / "communes.json", ("code", "nom", "type", "departement", "region")),
    )


def _read_json(path: Path):
    if not path.is_file():
        raise DataFileError(
            path, _("fichier introuvable (lancez « make assets » ou « npm ci » pour l'installer)")
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataFileError(
            path, _("JSON invalide : %(error)s") % {"error": error.msg}, line=error.lineno
        ) from error
    except UnicodeDecodeError as error:
        raise DataFileError(path, _("le fichier n'est pas en UTF-8")) from error


def _records(path: Path, required: tuple[str, ...]) -> list[dict]:
    records = _read_json(path)
    if not isinstance(records, list):
        raise DataFileError(path, _("une liste d'entrées est attendue"))
    for index, record in enumerate(records, start=1):
        missing = [key for key in required if not isinstance(record, dict) or key not in record]
        if missing:
            raise DataFileError(
                path,
                _("entrée n° %(index)s : champ « %(field)s » manquant")
                % {"index": index, "field": missing[0]},
                value=json.dumps(record, ensure_ascii=False)[:120],
            )
    return records


# --- INSEE zonages (bassins de vie, zones d'emploi) ----------------------------------------------
@dataclass
class ZonageColumns:
    """Where a zonage is found in a file: the zone code column and, if any, its label column."""

    kind: str  # "bassin" or "zone_emploi"
    code_column: str
    label_column: str | None


INSEE_COMMUNE_COLUMN = "CODGEO"
SHARED_COMMUNE_COLUMN = "code_commune"
ZONAGE_LAYOUTS = {
    INSEE_COMMUNE_COLUMN: [
        ZonageColumns("bassin", "BV2022", "LIBBV2022"),
        ZonageColumns("zone_emploi", "ZE2020", "LIBZE2020"),
    ],
    SHARED_COMMUNE_COLUMN: [
        ZonageColumns("bassin", "bassin_vie_2022", None),
        ZonageColumns("zone_emploi", "zone_emploi_2020", None),
    ],
}


@dataclass
class ZonageFile:
    path: Path
    commune_column: str
    zonages: list[ZonageColumns]
    rows: list[tuple[int, dict[str, str]]] = field(repr=False)


def read_zonage(path: Path) -> ZonageFile:
    """Read an INSEE composition file (CODGEO + BV2022/LIBBV2022 and/or ZE2020/LIBZE2020), or the
    `commune_zonages.csv` layout (code_commune + bassin_vie_2022 / zone_emploi_2020)."""
    table = read_table(path, header_hint=set(ZONAGE_LAYOUTS))
    header = set(table.header)
    for commune_column, layouts in ZONAGE_LAYOUTS.items():
        if commune_column in header:
            found = [
                ZonageColumns(
                    z.kind, z.code_column, z.label_column if z.label_column in header else None
                )
                for z in layouts
                if z.code_column in header
            ]
            if found:
                return ZonageFile(table.path, commune_column, found, table.rows)
    raise DataFileError(
        path,
        _(
            "colonnes inattendues (%(found)s) ; attendu CODGEO avec BV2022/LIBBV2022 ou "
            "ZE2020/LIBZE2020, ou code_commune avec bassin_vie_2022 ou zone_emploi_2020"
        )
        % {"found": ", ".join(table.header)},
        line=1,
    )


def read_labels(path: Path) -> dict[str, str]:
    """A label file `code,libelle` (as `bassins_vie_2022.csv` or `zones_emploi_2020.csv`)."""
    table = read_table(path, header_hint={"code"})
    if "libelle" not in table.header:
        raise DataFileError(path, _("colonne « libelle » manquante"), line=1)
    labels = {}
    for line, row in table:
        if not row.get("code") or not row.get("libelle"):
            raise DataFileError(path, _("code ou libellé vide"), line=line, value=row.get("code"))
        labels[row["code"]] = row["libelle"]
    return labels


# --- Commune points -----------------------------------------------------------------------------
def read_points(path: Path) -> list[tuple[int, str, float, float]]:
    """Read `code_commune,lon,lat` (WGS84 degrees) as (line, code, lon, lat)."""
    table = read_table(path, header_hint={"code_commune"})
    for column in ("lon", "lat"):
        if column not in table.header:
            raise DataFileError(path, _("colonne « %(column)s » manquante") % {"column": column})
    points = []
    for line, row in table:
        coordinates = []
        for column, limit in (("lon", 180), ("lat", 90)):
            raw = row.get(column, "")
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or abs(value) > limit:
                raise DataFileError(
                    path,
                    _("coordonnée invalide (degrés WGS84 attendus)"),
                    line=line,
                    column=column,
                    value=raw,
                )
            coordinates.append(value)
        points.append((line, row["code_commune"], *coordinates))
    return points
