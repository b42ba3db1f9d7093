"""The actor list as files: CSV (`;`, UTF-8 with BOM, as French spreadsheets expect), XLSX,
GeoJSON and JSON. Columns are those the spreadsheet importer recognises, so an export can be edited
and imported back. Spreadsheet cells go through `core.spreadsheets` (no formula runs on opening).
Actors are read in batches and written as they come: CSV, JSON and GeoJSON stream, XLSX is written
to a file (`export_chunks`, `export_xlsx`), so a directory of any size exports in bounded memory."""

import io
import itertools
import json
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from typing import BinaryIO

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
    ("tranche_effectif", lambda a: a.headcount_band),
    ("siae", lambda a: "" if a.is_siae is None else ("oui" if a.is_siae else "non")),
    (
        "societe_a_mission",
        lambda a: (
            "" if a.is_mission_company is None else ("oui" if a.is_mission_company else "non")
        ),
    ),
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
    # Public actors in the data·inclusion structures schema (actors/open_data.py).
    "data-inclusion": "application/json",
}
FILE_NAMES = {"data-inclusion": "acteurs.data-inclusion.json"}
CHUNK = 2000


def rows(actors):
    """The export's rows; `actors` is a queryset (read in batches) or any iterable of actors."""
    if hasattr(actors, "iterator"):
        actors = actors.iterator(chunk_size=CHUNK)
    for actor in actors:
        yield [getter(actor) for _name, getter in COLUMNS]


def actors_by_ids(ids: list[int], progress=None) -> Iterator[Actor]:
    """The actors of `ids` in that order, read CHUNK at a time (a list of any length, within
    SQLite's limit of parameters per query); an actor deleted since is left out. `progress(n,
    total)` is told after each batch."""
    for start in range(0, len(ids), CHUNK):
        batch = ids[start : start + CHUNK]
        found = Actor.objects.select_related("commune").in_bulk(batch)
        yield from (found[pk] for pk in batch if pk in found)
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))


HEADER = [name for name, _getter in COLUMNS]
STREAM_BYTES = 64 * 1024


def export_chunks(actors, file_format: str) -> Iterator[bytes]:
    """A CSV, JSON or GeoJSON export as chunks of bytes, written as the actors are read (in
    batches of CHUNK): a directory of any size streams in bounded memory."""
    if file_format == "csv":
        return _buffered(_csv_lines(actors))
    if file_format == "json":
        items = (
            json.dumps(dict(zip(HEADER, row, strict=True)), ensure_ascii=False)
            for row in rows(actors)
        )
        return _buffered(_json_list("[", items, "]"))
    if file_format == "geojson":
        features = (
            json.dumps(feature(actor), ensure_ascii=False)
            for actor in actors.iterator(chunk_size=CHUNK)
        )
        return _buffered(_json_list('{"type": "FeatureCollection", "features": [', features, "]}"))
    if file_format == "data-inclusion":
        from terreau.actors.open_data import structures_chunks  # it imports this module
        from terreau.core.opendata import stamp

        return _buffered(structures_chunks(actors, stamp()))
    raise ValueError(file_format)


def export_xlsx(actors, target: BinaryIO) -> None:
    """The XLSX export written into `target` (a file): openpyxl's write-only mode keeps rows on
    disk until the archive is written, so memory stays bounded."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("acteurs")
    sheet.append(HEADER)
    for row in rows(actors):
        sheet.append(xlsx_row(sheet, row))
    workbook.save(target)


def export_xlsx_file(actors) -> BinaryIO:
    """The XLSX export in a temporary file, at its start; the file disappears once closed (by
    the response that sends it)."""
    with ExitStack() as stack:
        target = stack.enter_context(tempfile.TemporaryFile())
        export_xlsx(actors, target)
        target.seek(0)
        stack.pop_all()  # written: from now on the response closes it
    return target


def export_actors(actors, file_format: str) -> bytes:
    """The whole export in memory (the command line writes it to a file or standard output)."""
    if file_format == "xlsx":
        buffer = io.BytesIO()
        export_xlsx(actors, buffer)
        return buffer.getvalue()
    return b"".join(export_chunks(actors, file_format))


def _csv_lines(actors) -> Iterator[str]:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    for row in itertools.chain([HEADER], rows(actors)):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _json_list(opening: str, items: Iterator[str], closing: str) -> Iterator[str]:
    """What json.dumps writes for a list of these items, item by item."""
    yield opening
    for index, item in enumerate(items):
        yield ", " + item if index else item
    yield closing


def _buffered(texts: Iterator[str]) -> Iterator[bytes]:
    """Texts gathered into UTF-8 chunks of about STREAM_BYTES."""
    parts, size = [], 0
    for text in texts:
        parts.append(text)
        size += len(text)
        if size >= STREAM_BYTES:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    if parts:
        yield "".join(parts).encode("utf-8")


def position(actor: Actor) -> tuple[list[float], str] | None:
    """Where an actor is drawn, (longitude, latitude), and from what: its establishment's
    coordinates when they are known, else its commune's point."""
    if actor.has_position:
        return [actor.longitude, actor.latitude], "etablissement"
    if actor.commune and actor.commune.lon is not None:
        return [actor.commune.lon, actor.commune.lat], "commune"
    return None


def feature(actor: Actor) -> dict:
    point, placed_at = position(actor) or (None, None)
    properties = dict(zip(HEADER, [g(actor) for _n, g in COLUMNS], strict=True))
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": point} if point else None,
        "properties": properties | {"position": placed_at},
    }
