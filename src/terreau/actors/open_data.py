"""Public actors as open data in the data·inclusion *structures* schema (issue 20, « open data in
the ecosystem's formats »): the schema is the `data-inclusion-schema` package's (v1 `Structure`),
which validates every record before it is written, so that the file loads into data·inclusion's
own tools. Only public actors are written, whoever asks: the format is made to be republished.

The file is `{"licence", "licence_url", "date", "schema", "structures": [...], "left_out": n}`:
the licence and the date of its data first, then the structures. An actor the schema refuses
even without its optional fields (a name under 3 characters) is left out and counted; an
optional value it refuses (a malformed telephone number) is left out of that record only.
docs/data-formats.md maps every field.
"""

import json
from collections.abc import Iterator

from data_inclusion.schema.v1 import Structure
from django.conf import settings
from pydantic import ValidationError

from terreau.actors.exports import CHUNK, position
from terreau.actors.models import Actor
from terreau.core.opendata import Stamp

SCHEMA = "data-inclusion-schema v1, structures"
SOURCE = "terreau"


def structure(actor: Actor) -> dict:
    """The actor's fields as the schema names them (None: not known)."""
    point, placed_at = position(actor) or (None, None)
    at_establishment = placed_at == "etablissement"
    return {
        "source": SOURCE,
        "id": f"{SOURCE}--{actor.pk}",
        "nom": actor.name[:150],
        "date_maj": actor.updated_at.date(),
        "description": actor.description or None,
        "lien_source": settings.TERREAU_SITE_URL.rstrip("/") + actor.get_absolute_url(),
        "siret": actor.siret or None,
        "commune": actor.commune.name if actor.commune else None,
        "code_postal": actor.postal_code or None,
        "code_insee": actor.commune.code if actor.commune else None,
        "adresse": actor.address or None,
        # the schema's coordinates are the structure's own: a commune's point is not one
        "longitude": point[0] if at_establishment else None,
        "latitude": point[1] if at_establishment else None,
        "telephone": actor.phone or None,
        "courriel": actor.email or None,
        "site_web": actor.website or None,
    }


def validated(actor: Actor) -> dict | None:
    """The record as the schema writes it, without the optional values it refuses; None when
    even its required fields are refused."""
    data = structure(actor)
    for _attempt in range(2):
        try:
            return Structure.model_validate(data).model_dump(mode="json", exclude_none=True)
        except ValidationError as error:
            refused = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
            if refused & {"source", "id", "nom", "date_maj"} or not refused:
                return None
            data = {key: None if key in refused else value for key, value in data.items()}
    return None


def structures_chunks(actors, stamp: Stamp) -> Iterator[str]:
    """The file, streamed: the public actors among `actors` (a queryset)."""
    head = json.dumps({**stamp.as_dict(), "schema": SCHEMA}, ensure_ascii=False)[:-1]
    yield head + ', "structures": ['
    written = left_out = 0
    public = actors.filter(is_public=True).select_related("commune")
    for actor in public.iterator(chunk_size=CHUNK):
        record = validated(actor)
        if record is None:
            left_out += 1
            continue
        yield ("," if written else "") + json.dumps(record, ensure_ascii=False)
        written += 1
    yield f'], "left_out": {left_out}}}\n'
