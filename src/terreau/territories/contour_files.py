"""Boundary files of communes, départements and régions (the layout Etalab publishes each year as
*contours administratifs*: a GeoJSON FeatureCollection in WGS 84 whose features carry `code` and
`nom`), read and checked completely before anything is written, and turned into the simplified
geometries the web maps draw.

Geometry work (union, simplification, snapping to a grid) is done with shapely; the result is
stored as GeoJSON text, so neither a spatial database nor a GIS server is needed.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import shape

from terreau.core.errors import DataFileError
from terreau.core.jsonfile import json_path, read_json
from terreau.core.text import search_key
from terreau.territories.models import Level

LEVELS = (Level.COMMUNE, Level.DEPARTEMENT, Level.REGION)
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEPARTEMENT_CODE = re.compile(r"^(\d{2}|2[AB]|97\d)$")
# Simplification tolerance and grid, in degrees (0.0001° ≈ 11 m in latitude, 7 m in longitude in
# France): what a commune seen on a phone screen needs; larger territories draw coarser.
TOLERANCE = {Level.COMMUNE: 0.0002, Level.DEPARTEMENT: 0.001, Level.REGION: 0.002}
DERIVED_TOLERANCE = 0.0005
GRID = 0.0001


@dataclass
class ContourFeature:
    index: int
    code: str
    name: str
    geometry: shapely.Geometry


@dataclass
class ContourFile:
    path: Path
    level: Level
    features: list[ContourFeature]


def _where(path: Path, parts, message: str, value=None) -> DataFileError:
    return DataFileError(
        path,
        f"{json_path(parts)} : {message}",
        value=None if value is None else str(value)[:80],
    )


def read_contours(path: Path, *, level: Level | None = None, names=None) -> ContourFile:
    """The features of one boundary file, each with its code, name and valid geometry.

    `level` is detected from the codes when not given: five-character codes are communes; codes
    of two characters that are all région codes and whose names are those of the régions
    (`names`: {level: {code: folded name}} of the loaded geography) are régions; other codes of
    two or three characters are départements.
    """
    path = Path(path)
    document = read_json(path)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise _where(path, [], _("un document GeoJSON FeatureCollection est attendu"))
    features = document.get("features")
    if not isinstance(features, list):
        raise _where(path, ["features"], _("une liste d'entités est attendue"))
    read = []
    for index, feature in enumerate(features):
        parts = ["features", index]
        if not isinstance(feature, dict):
            raise _where(path, parts, _("une entité GeoJSON est attendue"))
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            raise _where(
                path, [*parts, "properties"], _("des propriétés code et nom sont attendues")
            )
        code = properties.get("code")
        if not isinstance(code, str) or not code.strip():
            raise _where(path, [*parts, "properties", "code"], _("code manquant"), code)
        name = properties.get("nom")
        read.append(
            ContourFeature(
                index=index,
                code=code.strip().upper(),
                name=name if isinstance(name, str) else "",
                geometry=_geometry(path, [*parts, "geometry"], feature.get("geometry")),
            )
        )
    if not read:
        raise _where(path, ["features"], _("aucune entité"))
    return ContourFile(
        path=path, level=level or _detect_level(path, read, names or {}), features=read
    )


def _geometry(path: Path, parts, value) -> shapely.Geometry:
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        kind = value.get("type") if isinstance(value, dict) else value
        raise _where(path, parts, _("un polygone (Polygon ou MultiPolygon) est attendu"), kind)
    try:
        geometry = shape(value)
    except (
        TypeError,
        ValueError,
        AttributeError,
        IndexError,
        shapely.errors.ShapelyError,
    ) as error:
        raise _where(path, [*parts, "coordinates"], _("coordonnées invalides"), error) from error
    if geometry.is_empty:
        raise _where(path, [*parts, "coordinates"], _("polygone vide"))
    west, south, east, north = geometry.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise _where(
            path,
            [*parts, "coordinates"],
            _("coordonnées hors de WGS 84 (longitude, latitude en degrés)"),
            geometry.bounds,
        )
    # Boundaries digitised by hand sometimes cross themselves; make_valid keeps their area.
    return geometry if geometry.is_valid else shapely.make_valid(geometry)


def _detect_level(path: Path, features: list[ContourFeature], names: dict) -> Level:
    codes = [f.code for f in features]
    if all(COMMUNE_CODE.match(code) for code in codes):
        return Level.COMMUNE
    if all(DEPARTEMENT_CODE.match(code) for code in codes):
        regions = names.get(Level.REGION, {})
        departements = names.get(Level.DEPARTEMENT, {})
        as_region = sum(regions.get(f.code) == search_key(f.name) for f in features)
        as_departement = sum(departements.get(f.code) == search_key(f.name) for f in features)
        if all(code in regions for code in codes) and as_region > as_departement:
            return Level.REGION
        return Level.DEPARTEMENT
    first = next(f for f in features if not COMMUNE_CODE.match(f.code))
    raise _where(
        path,
        ["features", first.index, "properties", "code"],
        _(
            "niveau indéterminé : codes de communes, de départements ou de régions attendus "
            "(ou précisez --level)"
        ),
        first.code,
    )


def web_geometry(geometry: shapely.Geometry, tolerance: float) -> shapely.Geometry:
    """`geometry` simplified for web maps and snapped to a grid of GRID degrees, still valid."""
    simplified = shapely.simplify(geometry, tolerance, preserve_topology=True)
    snapped = shapely.set_precision(simplified, GRID)
    # A sliver narrower than the grid disappears; keep the original then, snapped only.
    return snapped if not snapped.is_empty else shapely.set_precision(geometry, GRID)


def dissolve(geometries: list[shapely.Geometry]) -> shapely.Geometry:
    """The union of adjacent polygons (former communes of one commune, communes of an EPCI).

    Polygons simplified one by one no longer share their borders exactly: closing by a fraction of
    the grid removes the slivers left between them."""
    union = shapely.union_all(geometries) if len(geometries) > 1 else geometries[0]
    if len(geometries) > 1:
        union = union.buffer(GRID, join_style="mitre").buffer(-GRID, join_style="mitre")
    return union


def geometry_text(geometry: shapely.Geometry) -> str:
    """GeoJSON text of a geometry, coordinates rounded to the grid (stable for idempotence)."""
    mapping = json.loads(shapely.to_geojson(geometry))
    return json.dumps(_rounded(mapping), separators=(",", ":"))


def _rounded(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value
