"""Errors of a JSON document (a cooperation interchange document, a maturity grid), each at the
JSON path of the value at fault (`json_path`), worded for people in the interface's language: the
jsonschema errors translated by `located_errors`."""

import json
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft202012Validator

from terreau.core.jsonfile import json_path

__all__ = ["DocumentError", "json_path", "located_errors"]


@dataclass(frozen=True)
class DocumentError:
    """One error of a document: the JSON path of the value at fault and what is wrong with it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path} : {self.message}"


TYPE_NAMES = {
    "string": gettext_lazy("un texte"),
    "integer": gettext_lazy("un nombre entier"),
    "number": gettext_lazy("un nombre"),
    "boolean": gettext_lazy("true ou false"),
    "array": gettext_lazy("une liste"),
    "object": gettext_lazy("un objet"),
    "null": gettext_lazy("null"),
}


def _shown(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _schema_error(error) -> list[DocumentError]:
    """The jsonschema error in French, at the path of the value at fault (for a missing or an
    unexpected property, the path of that property)."""
    path, kind, expected = list(error.absolute_path), error.validator, error.validator_value
    if kind == "required":
        return [
            DocumentError(json_path([*path, name]), _("champ obligatoire manquant"))
            for name in expected
            if isinstance(error.instance, dict) and name not in error.instance
        ]
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        return [
            DocumentError(json_path([*path, name]), _("champ inconnu"))
            for name in error.instance
            if name not in known
        ]
    return [DocumentError(json_path(path), _message(error))]


def _message(error) -> str:
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "enum":
        return _("%(value)s n'est pas une valeur permise ; valeurs permises : %(allowed)s") % {
            "value": _shown(value),
            "allowed": ", ".join(map(_shown, expected)),
        }
    if kind == "const":
        if expected == "":
            return _("doit être vide")
        return _("doit valoir %(expected)s") % {"expected": _shown(expected)}
    if kind == "type":
        names = [expected] if isinstance(expected, str) else expected
        return _("doit être %(type)s") % {
            "type": _(" ou ").join(str(TYPE_NAMES[name]) for name in names)
        }
    if kind == "minLength":
        return _("ne doit pas être vide")
    if kind == "maxLength":
        return _("trop long : %(max)s caractères au plus") % {"max": expected}
    if kind == "pattern":
        return _("%(value)s n'a pas la forme attendue (%(pattern)s)") % {
            "value": _shown(value),
            "pattern": expected,
        }
    if kind == "format":
        return _("%(value)s n'est pas une date valide (AAAA-MM-JJ)") % {"value": _shown(value)}
    if kind == "minItems":
        return _("indiquez au moins %(min)s valeur") % {"min": expected}
    if kind == "uniqueItems":
        return _("contient deux fois la même valeur")
    # Keywords the schema does not use; kept readable rather than failing.
    return error.message


def located_errors(validator: Draft202012Validator, document) -> list[DocumentError]:
    """Every error of `document` against any JSON Schema `validator`, sorted by path (list
    items in their order), each at its JSON path and worded for people."""
    errors = sorted(
        validator.iter_errors(document),
        key=lambda error: [(isinstance(part, str), part) for part in error.absolute_path],
    )
    return [located for error in errors for located in _schema_error(error)]
