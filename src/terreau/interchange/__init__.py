"""A whole cooperation as one JSON document, to move it between Terreau instances or keep it
outside: members, building blocks, relations between actors, journal, and the actors they refer
to. The format is documented in docs/data-formats.md; its JSON Schema is built in `schema.py`."""

from terreau.interchange.errors import DocumentError, InterchangeError
from terreau.interchange.export import cooperation_export, document_json
from terreau.interchange.importer import cooperation_import, read_document

__all__ = [
    "DocumentError",
    "InterchangeError",
    "cooperation_export",
    "cooperation_import",
    "document_json",
    "read_document",
]
