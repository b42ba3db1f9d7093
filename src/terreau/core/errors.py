from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _


@dataclass
class DataFileError(Exception):
    """A problem in an input file, located precisely enough for a person to fix it."""

    path: Path | str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += _(", ligne %(line)s") % {"line": self.line}
        if self.column:
            where += _(", colonne %(column)s") % {"column": self.column}
        if self.value is not None:
            where += _(", valeur « %(value)s »") % {"value": self.value}
        return _("%(where)s : %(message)s") % {"where": where, "message": self.message}
