"""Errors of a cooperation document, each at the JSON path of the value at fault, worded for
people (in the interface's language); the generic part is `core/documents.py`."""

import functools

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from terreau.core.documents import DocumentError, json_path, located_errors
from terreau.core.jsonfile import UNSTORABLE
from terreau.interchange.schema import cooperation_schema

__all__ = ["DocumentError", "InterchangeError", "json_path", "located_errors", "schema_errors"]


class InterchangeError(Exception):
    """A document that cannot be imported; `errors` lists every problem with its JSON path."""

    def __init__(self, errors: list[DocumentError]):
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(
        cooperation_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(document) -> list[DocumentError]:
    """Every schema error of `document`, and every text holding a character no database can
    store."""
    return located_errors(_validator(), document) + _unstorable_texts(document, [])


def _unstorable_texts(value, path: list) -> list[DocumentError]:
    if isinstance(value, str):
        if UNSTORABLE.search(value):
            return [DocumentError(json_path(path), _("caractère interdit (nul ou invalide)"))]
        return []
    if isinstance(value, dict):
        pairs = value.items()
    elif isinstance(value, list):
        pairs = enumerate(value)
    else:
        return []
    return [error for key, item in pairs for error in _unstorable_texts(item, [*path, key])]
