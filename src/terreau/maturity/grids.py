"""Maturity grids: versioned data files in `maturity/data/` (format in docs/data-formats.md).

A grid is read once, checked completely, and copied into each round launched with it, so that a
round keeps the grid it was answered on even after a newer version ships or a file changes.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from terreau.core.documents import json_path, located_errors
from terreau.core.jsonfile import read_json

GRID_DIR = Path(__file__).parent / "data"
LANGUAGES = ("fr", "en")
LEVELS = (1, 2, 3, 4)
COOPERATION, TERRITORY = "cooperation", "territory"
SCOPES = (COOPERATION, TERRITORY)

_TEXT = {
    "type": "object",
    "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
    "required": list(LANGUAGES),
}
SCHEMA = {
    "type": "object",
    "required": ["version", "published_on", "title", "levels", "dimensions"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$"},
        "published_on": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "title": _TEXT,
        "description": _TEXT,
        "scope": {"enum": list(SCOPES)},
        "levels": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["value", "label"],
                "additionalProperties": False,
                "properties": {"value": {"enum": list(LEVELS)}, "label": _TEXT},
            },
        },
        "dimensions": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "title", "question", "levels"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,59}$"},
                    "source": {"type": "string"},
                    "quote": {"type": "string"},
                    "title": _TEXT,
                    "question": _TEXT,
                    "levels": {"type": "array", "items": _TEXT},
                },
            },
        },
    },
}


class GridError(Exception):
    """A grid file that cannot be used; `errors` say where (JSON path) and what."""

    def __init__(self, name: str, errors: list[str]):
        self.errors = errors
        super().__init__(f"{name}: " + "; ".join(errors))


def text(value: dict) -> str:
    """A grid text in the current language, French when the language has none."""
    language = (get_language() or "fr")[:2]
    return value.get(language) or value["fr"]


def grid_errors(grid, *, name: str | None = None) -> list[str]:
    """Every problem of a grid document, each at its JSON path; [] when usable. `name` is the
    file's stem, which must equal the version."""
    found = [str(error) for error in located_errors(Draft202012Validator(SCHEMA), grid)]
    if found:
        return found
    if name is not None and grid["version"] != name:
        found.append(
            _("$.version : « %(version)s » diffère du nom du fichier « %(name)s.json »")
            % {"version": grid["version"], "name": name}
        )
    if [level["value"] for level in grid["levels"]] != list(LEVELS):
        found.append(_("$.levels : les niveaux doivent être 1, 2, 3, 4 dans cet ordre"))
    seen = set()
    for index, dimension in enumerate(grid["dimensions"]):
        if grid_scope(grid) == TERRITORY:
            found.extend(
                _("%(path)s : une grille de territoire cite sa source pour chaque dimension")
                % {"path": json_path(["dimensions", index, name])}
                for name in ("source", "quote")
                if not dimension.get(name, "").strip()
            )
        if dimension["key"] in seen:
            found.append(
                _("%(path)s : « %(key)s » apparaît deux fois")
                % {"path": json_path(["dimensions", index, "key"]), "key": dimension["key"]}
            )
        seen.add(dimension["key"])
        if len(dimension["levels"]) != len(LEVELS):
            found.append(
                _("%(path)s : %(expected)s descriptions de niveau attendues, %(found)s trouvées")
                % {
                    "path": json_path(["dimensions", index, "levels"]),
                    "expected": len(LEVELS),
                    "found": len(dimension["levels"]),
                }
            )
    return found


def read_grid(path: Path) -> dict:
    """Read and check one grid file: DataFileError when it cannot be read as JSON, GridError
    listing every problem of its content."""
    grid = read_json(path)
    if errors := grid_errors(grid, name=path.stem):
        raise GridError(path.name, errors)
    return grid


@cache
def shipped_grids() -> dict[str, dict]:
    """The grids shipped in maturity/data, by version, newest published first."""
    grids = [read_grid(path) for path in sorted(GRID_DIR.glob("*.json"))]
    grids.sort(key=lambda grid: (grid["published_on"], grid["version"]), reverse=True)
    return {grid["version"]: grid for grid in grids}


def grid_scope(grid: dict) -> str:
    """What a grid assesses: a cooperation (the default) or a territory."""
    return grid.get("scope", COOPERATION)


def grids_for(scope: str) -> dict[str, dict]:
    """The shipped grids of one scope, newest published first."""
    return {v: grid for v, grid in shipped_grids().items() if grid_scope(grid) == scope}


def latest_version(scope: str = COOPERATION) -> str:
    return next(iter(grids_for(scope)))


@dataclass(frozen=True)
class Dimension:
    """One dimension of a grid, in the current language."""

    key: str
    title: str
    question: str
    levels: list[tuple[int, str, str]]  # value, level name, description

    @classmethod
    def all_of(cls, grid: dict) -> list["Dimension"]:
        names = [text(level["label"]) for level in grid["levels"]]
        return [
            cls(
                key=dimension["key"],
                title=text(dimension["title"]),
                question=text(dimension["question"]),
                levels=[
                    (value, names[value - 1], text(description))
                    for value, description in zip(LEVELS, dimension["levels"], strict=True)
                ],
            )
            for dimension in grid["dimensions"]
        ]
