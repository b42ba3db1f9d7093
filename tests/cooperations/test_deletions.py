"""Nothing of a cooperation goes in one click: each deletion first shows a page naming what goes
with it, counted, and only that page's POST deletes."""

import html
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.cooperations.models import (
    BuildingBlock,
    JournalAttachment,
    JournalEntry,
    Member,
    Relation,
)
from terreau.cooperations.services import (
    journal_attachment_add,
    journal_entry_save,
    relation_save,
)
from tests.confirmation import CONFIRM
from tests.cooperations.factories import make_actor, make_block, make_cooperation, make_member

pytestmark = pytest.mark.django_db
PHOTO = Path(__file__).parents[1] / "fixtures" / "stories" / "atelier.png"


@pytest.fixture
def ecopole(alice, settings, tmp_path):
    settings.TERREAU_ATTACHMENTS_DIR = tmp_path / "attachments"
    cooperation = make_cooperation(alice, name="Écopôle alimentaire")
    legumerie = make_member(cooperation, make_actor("Légumerie solidaire"), roles=["operator"])
    make_member(cooperation, make_actor("Maison des parents"), roles=["beneficiary"])
    block = make_block(cooperation, "Cuisine partagée")
    block.operators.add(legumerie)
    return cooperation


def text(response) -> str:
    return html.unescape(response.content.decode())


def asks_then_deletes(client, url: str, model, pk: int, *expected: str) -> None:
    """The page names what goes; posting without its confirmation deletes nothing; with it, the
    object is gone."""
    page = client.get(url)
    assert page.status_code == 200
    for words in expected:
        assert words in text(page), words
    assert 'name="confirm"' in text(page)
    assert client.post(url).status_code == 200  # an old one-click form: the page again
    assert model.objects.filter(pk=pk).exists()
    assert client.post(url, CONFIRM).status_code == 302
    assert not model.objects.filter(pk=pk).exists()


def test_removing_a_member_says_the_blocks_it_leaves(ecopole, alice_client):
    member = ecopole.members.get(actor__name="Légumerie solidaire")
    asks_then_deletes(
        alice_client,
        f"/cooperations/{ecopole.slug}/membre/{member.pk}/supprimer/",
        Member,
        member.pk,
        "Retirer le membre « Légumerie solidaire »",
        "Sa place d'opérateur dans 1 brique.",
        "l'acteur reste dans l'annuaire",
    )
    assert BuildingBlock.objects.filter(name="Cuisine partagée").exists()


def test_deleting_a_block_says_its_operators_and_journal_mentions(ecopole, alice, alice_client):
    block = ecopole.blocks.get()
    entry = journal_entry_save(
        entry=JournalEntry(
            cooperation=ecopole, kind="story", happened_on=date(2022, 3, 1), title="Ouverture"
        ),
        by=alice,
        blocks=[block],
    )
    asks_then_deletes(
        alice_client,
        f"/cooperations/{ecopole.slug}/brique/{block.pk}/supprimer/",
        BuildingBlock,
        block.pk,
        "Supprimer la brique « Cuisine partagée »",
        "Le lien avec 1 opérateur",
        "Sa mention dans 1 événement du journal",
    )
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_a_relation_keeps_both_actors(ecopole, alice, alice_client):
    first, second = (member.actor for member in ecopole.members.all())
    relation = relation_save(
        relation=Relation(source=first, target=second, kind="pooling", cooperation=ecopole),
        by=alice,
    )
    asks_then_deletes(
        alice_client,
        f"/cooperations/{ecopole.slug}/relation/{relation.pk}/supprimer/",
        Relation,
        relation.pk,
        "Supprimer la relation",
        "Les deux acteurs restent",
    )
    assert ecopole.members.count() == 2


def test_deleting_an_event_counts_its_quotes_and_attachments(ecopole, alice, alice_client):
    entry = journal_entry_save(
        entry=JournalEntry(
            cooperation=ecopole, kind="story", happened_on=date(2022, 3, 1), title="Atelier"
        ),
        by=alice,
        quotes=[("On a cuisiné.", "Une maman"), ("Encore !", "Un enfant")],
    )
    attachment = journal_attachment_add(
        entry=entry, upload=SimpleUploadedFile("atelier.png", PHOTO.read_bytes())
    )
    asks_then_deletes(
        alice_client,
        f"/cooperations/{ecopole.slug}/journal/{entry.pk}/supprimer/",
        JournalEntry,
        entry.pk,
        "Supprimer l'événement « Atelier »",
        "2 citations.",
        "1 pièce jointe et son fichier.",
    )
    assert not JournalAttachment.objects.filter(pk=attachment.pk).exists()


def test_deleting_an_attachment_asks_first(ecopole, alice, alice_client):
    entry = journal_entry_save(
        entry=JournalEntry(
            cooperation=ecopole, kind="story", happened_on=date(2022, 3, 1), title="Atelier"
        ),
        by=alice,
    )
    attachment = journal_attachment_add(
        entry=entry, upload=SimpleUploadedFile("atelier.png", PHOTO.read_bytes())
    )
    asks_then_deletes(
        alice_client,
        f"/cooperations/{ecopole.slug}/journal/pieces/{attachment.pk}/supprimer/",
        JournalAttachment,
        attachment.pk,
        "Supprimer la pièce jointe « atelier.png »",
        "Le fichier joint à l'événement « Atelier »",
    )
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_a_stranger_sees_no_confirmation_page(ecopole, charlie_client):
    member = ecopole.members.first()
    url = f"/cooperations/{ecopole.slug}/membre/{member.pk}/supprimer/"
    assert charlie_client.get(url).status_code == 404
    assert charlie_client.post(url, CONFIRM).status_code == 404
    assert Member.objects.filter(pk=member.pk).exists()
