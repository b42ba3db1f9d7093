"""A small cooperation shaped like the demonstration ones, through the same services as the pages:
the Écopôle alimentaire d'Audruicq (source §000) with its légumerie, the communauté de communes
and a collective of inhabitants; two relations, a journal, two needs."""

from datetime import date
from decimal import Decimal

from terreau.cooperations.models import BuildingBlock, JournalEntry, Relation
from terreau.cooperations.services import block_save, journal_entry_save, relation_save
from terreau.diagnosis.models import Need
from terreau.territories.models import Commune
from tests.cooperations.factories import make_actor, make_cooperation, make_member


def make_ecopole(alice):
    cooperation = make_cooperation(alice, name="Écopôle")
    audruicq = Commune.objects.get(code="62057")
    legumerie = make_member(
        cooperation,
        make_actor("Légumerie solidaire", commune=audruicq, kind="ess_company"),
        roles=["lead", "operator"],
        is_public=True,
        joined_on=date(2021, 3, 1),
    )
    cc = make_member(
        cooperation,
        make_actor("Conseil municipal de Polincove", commune=audruicq, kind="local_authority"),
        roles=["local_authority", "funder"],
    )
    make_member(
        cooperation,
        make_actor("Collectif des habitants du marais", commune=audruicq, kind="informal_group"),
        roles=["catalyst"],
    )
    block_save(
        block=BuildingBlock(cooperation=cooperation, name="Légumerie", status="running"),
        life_functions=["food", "work"],
        operators=[legumerie],
    )
    relation_save(
        relation=Relation(
            cooperation=cooperation,
            source=cc.actor,
            target=legumerie.actor,
            kind="funding",
            amount=Decimal("12000.50"),
            started_on=date(2022, 1, 1),
        ),
        by=alice,
    )
    relation_save(
        relation=Relation(
            cooperation=cooperation,
            source=legumerie.actor,
            target=cc.actor,
            kind="cooperation_agreement",
            amount=Decimal("3000"),
        ),
        by=alice,
    )
    journal_entry_save(
        entry=JournalEntry(
            cooperation=cooperation,
            happened_on=date(2023, 2, 1),
            kind="friction",
            title="Les maraîchers quittent la légumerie",
            text="Deux producteurs partent.",
            regulation="Une réunion de médiation avec la communauté de communes.",
        ),
        by=alice,
    )
    journal_entry_save(
        entry=JournalEntry(
            cooperation=cooperation,
            happened_on=date(2023, 6, 1),
            kind="small_victory",
            title="Premiers repas servis à la cantine",
        ),
        by=alice,
    )
    for title, public in (
        ("Légumes frais pour les cantines", True),
        ("Emplois en insertion", False),
    ):
        need = Need.objects.create(
            territory_ref="epci:246200844",
            author=alice,
            is_public=public,
            title=title,
            channel="workshop",
            voiced_on=date(2021, 1, 15),
            priority="high",
            status="addressed",
        )
        need.cooperations.add(cooperation)
    return cooperation
