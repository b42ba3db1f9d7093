"""Read the JSON files people bring (offers, cooperation documents, maturity grids): whatever the
file holds, reading it either gives a value every importer can walk safely or raises a
DataFileError saying what is wrong and where — never the parser's own exception.

What is refused, and why: text that is not UTF-8; what is not JSON (including NaN and Infinity,
which Python's parser accepts); numbers of more than 4,300 digits (Python refuses to convert them);
values nested deeper than MAX_DEPTH (the parser, the schema validation and the importers all
recurse, and a document nested 10,000 deep would exhaust the stack); strings holding NUL or a lone
surrogate (`"\\u0000"`, `"\\ud800"`), which no database can store.
"""

import json
import re
from pathlib import Path

from django.utils.translation import gettext as _

from terreau.core.errors import DataFileError

# Terreau's own documents are less than 10 levels deep.
MAX_DEPTH = 64
# NUL, which PostgreSQL refuses in text, and lone surrogates (from "\ud800" escapes in JSON),
# which cannot be encoded in UTF-8.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def json_path(parts) -> str:
    """`$.members[2].roles[0]` from the keys and indexes leading to a value."""
    path = "$"
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part.isidentifier():
            path += f".{part}"
        else:
            path += "[" + json.dumps(part, ensure_ascii=False) + "]"
    return path


def read_json(path: Path, *, parse_float=None):
    """The JSON value in the file at `path` (UTF-8, with or without a byte order mark)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise DataFileError(path, _("fichier introuvable")) from error
    except OSError as error:
        raise DataFileError(
            path, _("fichier illisible : %(error)s") % {"error": error.strerror}
        ) from error
    return parse_json(data, name=path, parse_float=parse_float)


def parse_json(data: bytes, *, name, parse_float=None):
    """The JSON value in `data`, read from the file `name` (named in errors)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(name, _("le fichier n'est pas en UTF-8")) from error
    try:
        value = json.loads(text, parse_float=parse_float, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise DataFileError(
            name,
            _("JSON mal formé : %(error)s") % {"error": error.msg},
            line=error.lineno,
        ) from error
    except _NotJson as error:
        raise DataFileError(
            name, _("%(value)s n'est pas une valeur JSON") % {"value": error.args[0]}
        ) from error
    except RecursionError as error:
        raise _too_deep(name) from error
    except ValueError as error:  # an integer too long to convert
        raise DataFileError(name, _("nombre trop long (plus de 4 300 chiffres)")) from error
    _check_value(value, name)
    return value


class _NotJson(ValueError):
    pass


def _refuse_constant(constant: str):
    raise _NotJson(constant)


def _too_deep(name) -> DataFileError:
    return DataFileError(
        name,
        _("valeurs imbriquées sur plus de %(max)s niveaux : ce n'est pas un document attendu")
        % {"max": MAX_DEPTH},
    )


def _check_value(value, name) -> None:
    """Refuse a value nested deeper than MAX_DEPTH or holding an unstorable string; walked with a
    stack rather than recursion, since its depth is what is being checked."""
    stack = [(value, ())]
    while stack:
        item, parts = stack.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                raise DataFileError(
                    name,
                    _("%(path)s : caractère interdit (nul ou invalide)")
                    % {"path": json_path(parts)},
                )
            continue
        if isinstance(item, dict):
            children = item.items()
        elif isinstance(item, list):
            children = enumerate(item)
        else:
            continue
        if len(parts) >= MAX_DEPTH:
            raise _too_deep(name)
        for key, child in children:
            if isinstance(key, str) and UNSTORABLE.search(key):
                raise DataFileError(
                    name,
                    _("%(path)s : caractère interdit (nul ou invalide) dans un nom de champ")
                    % {"path": json_path(parts)},
                )
            stack.append((child, (*parts, key)))
