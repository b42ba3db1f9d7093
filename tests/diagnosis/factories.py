"""Actors for the diagnosis tests, shared by several test modules."""

from terreau.actors.models import Actor, life_functions_text
from terreau.core.text import search_key
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
