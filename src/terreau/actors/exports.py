"""The actor list as files: CSV (`;`, UTF-8 with BOM, as French spreadsheets expect), XLSX,
GeoJSON and JSON. Columns are those the spreadsheet importer recognises, so an export can be edited
and imported back. Spreadsheet cells go through `core.spreadsheets` (no formula runs on opening)."""

import io
import json

from terreau.actors.models import Actor
from terreau.core.spreadsheets import CsvWriter, xlsx_row

COLUMNS = [
    ("id", lambda a: a.pk),
    ("nom", lambda a: a.name),
    ("type", lambda a: a.kind),
    ("siret", lambda a: a.siret),
    ("rna", lambda a: a.rna),
    ("categorie_juridique", lambda a: a.legal_form_code),
    ("ess", lambda a: "oui" if a.is_ess else "non"),
    ("naf", lambda a: a.naf_code),
    ("adresse", lambda a: a.address),
    ("code_postal", lambda a: a.postal_code),
    ("code_commune", lambda a: a.commune.code if a.commune else ""),
    ("commune_nom", lambda a: a.commune.name if a.commune else ""),
    ("fonctions_de_vie", lambda a: ", ".join(a.life_functions.split())),
    ("site_web", lambda a: a.website),
    ("email", lambda a: a.email),
    ("telephone", lambda a: a.phone),
    ("provenance", lambda a: a.source_name),
]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "json": "application/json",
}
CHUNK = 2000


def rows(actors):
    for actor in actors.iterator(chunk_size=CHUNK):
        yield [getter(actor) for _name, getter in COLUMNS]


def export_actors(actors, file_format: str) -> bytes:
    header = [name for name, _getter in COLUMNS]
    if file_format == "csv":
        buffer = io.StringIO()
        writer = CsvWriter(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows(actors))
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("acteurs")
        sheet.append(header)
        for row in rows(actors):
            sheet.append(xlsx_row(sheet, row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    if file_format == "json":
        return json.dumps(
            [dict(zip(header, row, strict=True)) for row in rows(actors)], ensure_ascii=False
        ).encode("utf-8")
    if file_format == "geojson":
        return json.dumps(geojson(actors), ensure_ascii=False).encode("utf-8")
    raise ValueError(file_format)


def position(actor: Actor) -> tuple[list[float], str] | None:
    """Where an actor is drawn, (longitude, latitude), and from what: its establishment's
    coordinates when they are known, else its commune's point."""
    if actor.has_position:
        return [actor.longitude, actor.latitude], "etablissement"
    if actor.commune and actor.commune.lon is not None:
        return [actor.commune.lon, actor.commune.lat], "commune"
    return None


def geojson(actors) -> dict:
    header = [name for name, _getter in COLUMNS]
    features = []
    for actor in actors.iterator(chunk_size=CHUNK):
        point, placed_at = position(actor) or (None, None)
        properties = dict(zip(header, [g(actor) for _n, g in COLUMNS], strict=True))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": point} if point else None,
                "properties": properties | {"position": placed_at},
            }
        )
    return {"type": "FeatureCollection", "features": features}
