"""What a territory's map draws: its outline, the communes (or départements) inside it and the
territories around it, as one GeoJSON document built from the stored contours.

Stored geometries are already GeoJSON text: the document is assembled without parsing them, so
that serving a département of 900 communes costs string joins, not geometry work.
"""

import hashlib
import json

import shapely

from terreau.territories.contour_files import (
    DERIVED_TOLERANCE,
    GRID,
    dissolve,
    geometry_text,
    web_geometry,
)
from terreau.territories.models import Commune, Contour, Departement, Level, Region

# Beyond this many communes a map draws the territory's départements instead (a région has up
# to 5,000 communes), unless the communes are asked for (a choropleth needs them).
MAX_COMMUNES = 1500
STORED_LEVELS = (Level.COMMUNE, Level.DEPARTEMENT, Level.REGION)


def outline(territory) -> Contour | None:
    """The territory's contour: from the files for communes, départements and régions; else the
    union of its communes' contours, computed once per set of communes and kept."""
    if territory.level in STORED_LEVELS:
        stored = Contour.objects.filter(
            level=territory.level, code=territory.code, communes_key=""
        ).first()
        if stored or territory.level == Level.COMMUNE:
            return stored
    codes = sorted(territory.communes().values_list("code", flat=True))
    key = hashlib.sha256(" ".join(codes).encode()).hexdigest()
    derived = Contour.objects.filter(level=territory.level, code=territory.code).first()
    if derived and derived.communes_key == key:
        return derived
    geometries = [
        shapely.from_geojson(text)
        for text in Contour.objects.filter(level=Level.COMMUNE, code__in=codes).values_list(
            "geometry", flat=True
        )
    ]
    if not geometries:
        return None
    geometry = web_geometry(dissolve(geometries), DERIVED_TOLERANCE)
    west, south, east, north = geometry.bounds
    contour, _created = Contour.objects.update_or_create(
        level=territory.level,
        code=territory.code,
        defaults={
            "geometry": geometry_text(geometry),
            "west": west,
            "south": south,
            "east": east,
            "north": north,
            "source": "",
            "communes_key": key,
        },
    )
    return contour


def _feature(role: str, level: str, code: str, name: str, geometry: str) -> str:
    properties = json.dumps(
        {"role": role, "ref": f"{level}:{code}", "code": code, "name": name},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return f'{{"type":"Feature","properties":{properties},"geometry":{geometry}}}'


def _neighbours(contour: Contour, level: str, exclude: set[str]) -> list[Contour]:
    """Contours of `level` touching `contour`: candidates by bounding box in SQL, then checked."""
    shape = shapely.from_geojson(contour.geometry).buffer(GRID * 5)
    shapely.prepare(shape)
    candidates = Contour.objects.filter(
        level=level,
        communes_key="",
        west__lte=contour.east,
        east__gte=contour.west,
        south__lte=contour.north,
        north__gte=contour.south,
    ).exclude(code__in=exclude)
    return [c for c in candidates if shape.intersects(shapely.from_geojson(c.geometry))]


def territory_map(territory, *, communes: bool = False) -> str:
    """The map document of a territory (GeoJSON FeatureCollection text): features whose `role` is
    `outline`, `part` (its communes, or its départements when it has more than MAX_COMMUNES and
    `communes` is false) and `neighbour`; `missing` lists the communes without a contour."""
    commune_rows = list(territory.communes().order_by("code").values_list("code", "name"))
    names = dict(commune_rows)
    features, missing = [], []
    contour = outline(territory)
    if contour is not None:
        features.append(
            _feature(
                "outline", territory.level.value, territory.code, territory.name, contour.geometry
            )
        )
    if territory.level != Level.COMMUNE:
        by_commune = communes or len(commune_rows) <= MAX_COMMUNES
        part_level = Level.COMMUNE if by_commune else Level.DEPARTEMENT
        if by_commune:
            part_names = names
        else:
            part_names = dict(
                Departement.objects.filter(
                    pk__in=territory.communes().values("departement_id")
                ).values_list("code", "name")
            )
        stored = dict(
            Contour.objects.filter(
                level=part_level, code__in=list(part_names), communes_key=""
            ).values_list("code", "geometry")
        )
        for code, name in sorted(part_names.items()):
            if code in stored:
                features.append(_feature("part", part_level.value, code, name, stored[code]))
        missing = [
            {"code": code, "name": name}
            for code, name in commune_rows
            if by_commune and code not in stored
        ]
    else:
        part_level, part_names = Level.COMMUNE, {}
        if contour is None:
            missing = [{"code": territory.code, "name": territory.name}]
    if contour is not None:
        level = territory.level if territory.level in STORED_LEVELS else part_level
        exclude = {territory.code, *part_names}
        around = _neighbours(contour, level, exclude)
        around_names = _names(level, [c.code for c in around])
        for neighbour in around:
            features.append(
                _feature(
                    "neighbour",
                    level.value,
                    neighbour.code,
                    around_names.get(neighbour.code, neighbour.code),
                    neighbour.geometry,
                )
            )
    body = ",".join(features)
    return (
        f'{{"type":"FeatureCollection","features":[{body}],'
        f'"missing":{json.dumps(missing, ensure_ascii=False)}}}'
    )


def _names(level: Level, codes: list[str]) -> dict[str, str]:
    model = {Level.COMMUNE: Commune, Level.DEPARTEMENT: Departement, Level.REGION: Region}[level]
    queryset = model.objects.filter(code__in=codes)
    if level == Level.COMMUNE:
        queryset = queryset.filter(is_current=True)
    return dict(queryset.values_list("code", "name"))
