"""Actors and needs for the diagnosis tests, shared by several test modules."""

import datetime

from terreau.actors.models import Actor, life_functions_text
from terreau.core.text import search_key
from terreau.diagnosis.models import Need
from terreau.territories.refs import resolve


def actor(name, commune, kind="association", functions=(), ess=False, family=""):
    return Actor.objects.create(
        name=name,
        search_name=search_key(name),
        kind=kind,
        commune=resolve(f"commune:{commune}"),
        life_functions=life_functions_text(functions),
        is_ess=ess,
        legal_form_family=family,
        source="manual",
    )


def need(ref, title, *, author, public=True, cooperations=(), **fields):
    """A need recorded on `ref`, taken on by `cooperations`."""
    made = Need.objects.create(
        territory_ref=ref,
        title=title,
        author=author,
        is_public=public,
        channel="workshop",
        voiced_on=fields.pop("voiced_on", datetime.date(2026, 10, 12)),
        priority=fields.pop("priority", "high"),
        **fields,
    )
    made.cooperations.add(*cooperations)
    return made
