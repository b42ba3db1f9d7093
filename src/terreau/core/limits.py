"""Limits on what an import accepts (README: Configuration; docs/data-formats.md: Limits of
imports): the size of a file sent through the web, and values longer than their column."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_import_size(upload) -> None:
    """A file sent to a web import must not exceed TERREAU_IMPORT_MAX_BYTES (the command line
    reads files of any size: national registers weigh gigabytes)."""
    limit = settings.TERREAU_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _(
                "« %(name)s » pèse %(size)s : un import par le site est limité à %(limit)s. "
                "Découpez le fichier, ou demandez à l'administrateur de l'importer en ligne de "
                "commande."
            )
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            }
        )


def overlong_fields(model, values: dict) -> dict[str, int]:
    """Field → its maximum length, for the text values longer than their column in `model`
    (PostgreSQL refuses them; SQLite would store them whole)."""
    found = {}
    for name, value in values.items():
        if isinstance(value, str):
            limit = model._meta.get_field(name).max_length
            if limit is not None and len(value) > limit:
                found[name] = limit
    return found


def shortened(value: str, length: int = 60) -> str:
    """A long value as shown in an error message."""
    return value if len(value) <= length else value[: length - 1] + "…"
