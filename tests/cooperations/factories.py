"""Cooperations for tests, made through the same services as the web pages."""

from datetime import date

from terreau.actors.models import Actor, Source
from terreau.cooperations.models import BuildingBlock, Member
from terreau.cooperations.services import cooperation_create, member_save
from terreau.core.text import search_key


def make_actor(name: str, *, kind: str = "association", commune=None, **fields) -> Actor:
    return Actor.objects.create(
        name=name,
        search_name=search_key(name),
        kind=kind,
        commune=commune,
        source=Source.MANUAL,
        **fields,
    )


def make_cooperation(by, name: str = "Écopôle alimentaire", **fields):
    values = {
        "aim": "Nourrir le territoire ensemble",
        "territory_ref": "epci:246200844",
        "cooperation_type": "modelled",
        "models": " pat ",
        "economic_model": "hybrid",
        "carrier": "mixed",
        "stage": "emergence",
        "legal_form": "informal",
        "started_on": date(2021, 3, 1),
        "life_functions": ["food", "work"],
    }
    values.update(fields)
    return cooperation_create(by=by, name=name, **values)


def make_member(cooperation, actor, roles=("operator",), **fields) -> Member:
    return member_save(member=Member(cooperation=cooperation, actor=actor, **fields), roles=roles)


def make_block(cooperation, name: str = "Cuisine partagée", **fields) -> BuildingBlock:
    return BuildingBlock.objects.create(cooperation=cooperation, name=name, **fields)
