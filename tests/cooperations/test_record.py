"""The record of a cooperation: creation, members, blocks, relations and the journal that drives
its stage."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from terreau.cooperations.models import (
    AccessRole,
    BuildingBlock,
    Cooperation,
    JournalEntry,
    Relation,
)
from terreau.cooperations.services import (
    block_save,
    journal_entry_delete,
    journal_entry_save,
    relation_save,
)
from terreau.territories.refs import resolve
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.personas import client_for

pytestmark = pytest.mark.django_db


def test_the_creator_administers_the_cooperation_and_its_stage_opens_the_journal(alice):
    cooperation = make_cooperation(alice, name="La Butinerie")
    assert cooperation.slug == "la-butinerie"
    assert cooperation.role_of(alice) == AccessRole.ADMINISTRATOR
    opening = cooperation.journal.get()
    assert (opening.kind, opening.stage, opening.happened_on) == (
        "stage_change",
        "emergence",
        date(2021, 3, 1),
    )
    assert opening.author_name == "alice"
    assert make_cooperation(alice, name="La Butinerie").slug == "la-butinerie-2"


def test_stage_follows_the_latest_stage_change_of_the_journal(alice):
    cooperation = make_cooperation(alice)
    later = journal_entry_save(
        entry=JournalEntry(
            cooperation=cooperation,
            happened_on=date(2023, 5, 1),
            kind="stage_change",
            stage="consolidation",
            title="On consolide",
        ),
        by=alice,
    )
    journal_entry_save(
        entry=JournalEntry(
            cooperation=cooperation,
            happened_on=date(2022, 1, 1),
            kind="stage_change",
            stage="creation",
            title="Création (saisie après coup)",
        ),
        by=alice,
    )
    cooperation.refresh_from_db()
    assert cooperation.stage == "consolidation"
    journal_entry_delete(entry=later)
    cooperation.refresh_from_db()
    assert cooperation.stage == "creation"


def test_a_stage_change_must_name_the_stage(alice):
    cooperation = make_cooperation(alice)
    with pytest.raises(ValidationError):
        journal_entry_save(
            entry=JournalEntry(
                cooperation=cooperation,
                happened_on=date(2023, 5, 1),
                kind="stage_change",
                title="Sans étape",
            ),
            by=alice,
        )


def test_members_have_roles_and_blocks_are_run_by_members(alice):
    cooperation = make_cooperation(alice)
    other = make_cooperation(alice, name="Autre")
    legumerie = make_actor("Légumerie", kind="ess_company")
    member = make_member(cooperation, legumerie, roles=["operator", "lead"])
    assert member.roles == " lead operator "
    assert [str(role.label) for role in member.role_list] == ["Porteur", "Opérateur"]
    outsider = make_member(other, make_actor("Ailleurs"))
    block = BuildingBlock(cooperation=cooperation, name="Légumerie", status="running")
    block_save(block=block, life_functions=["work", "food"], operators=[member])
    assert block.life_functions == " food work "
    with pytest.raises(ValueError):
        block_save(block=block, life_functions=[], operators=[outsider])


def test_member_needs_a_role_and_leaves_after_joining(alice):
    cooperation = make_cooperation(alice)
    with pytest.raises(ValueError):
        make_member(cooperation, make_actor("Sans rôle"), roles=[])
    with pytest.raises(ValidationError):
        make_member(
            cooperation,
            make_actor("Pressé"),
            joined_on=date(2022, 1, 1),
            left_on=date(2021, 1, 1),
        )


def test_relations_are_directed_by_their_kind_unless_told(alice):
    city, shop = make_actor("Ville", kind="local_authority"), make_actor("Épicerie")
    funding = relation_save(relation=Relation(source=city, target=shop, kind="funding"), by=alice)
    pooling = relation_save(relation=Relation(source=city, target=shop, kind="pooling"))
    assert (funding.directed, pooling.directed) == (True, False)
    assert funding.created_by == alice
    with pytest.raises(ValidationError):
        relation_save(relation=Relation(source=city, target=city, kind="pooling"))


def test_a_cooperation_shows_on_every_territory_it_acts_on(alice, client):
    make_cooperation(alice, name="Épicerie d'Audruicq", territory_ref="commune:62057")
    make_cooperation(alice, name="PAT de la CC", territory_ref="epci:246200844")
    make_cooperation(alice, name="La Butinerie", territory_ref="commune:93055")

    def names(ref):
        return {c.name for c in Cooperation.objects.in_territory(resolve(ref))}

    assert names("departement:62") == {"Épicerie d'Audruicq", "PAT de la CC"}
    assert names("commune:62057") == {"Épicerie d'Audruicq", "PAT de la CC"}
    assert names("commune:62906") == {"PAT de la CC"}  # Zutkerque, in the EPCI
    assert names("region:11") == {"La Butinerie"}
    listed = client_for(alice).get("/cooperations/", {"territoire": "departement:62"})
    assert {c.name for c in listed.context["mine"]} == {"Épicerie d'Audruicq", "PAT de la CC"}


def test_a_cooperation_on_a_project_territory_follows_its_edits(alice):
    from terreau.territories.services import project_territory_save

    territory = project_territory_save(
        owner=alice, name="Canton d'Audruicq", components=["epci:246200844"]
    )
    cooperation = make_cooperation(alice, territory_ref=territory.ref)
    assert set(cooperation.communes.values_list("code", flat=True)) == set(
        resolve("epci:246200844").communes().values_list("code", flat=True)
    )

    project_territory_save(
        owner=alice, territory=territory, name=territory.name, components=["commune:62057"]
    )

    assert set(cooperation.communes.values_list("code", flat=True)) == {"62057"}
