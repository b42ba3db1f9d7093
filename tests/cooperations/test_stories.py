"""Stories in the journal of a cooperation: tags, quotes, people, and photos or documents whose
type is read from their content and which only the cooperation's members can fetch."""

import tracemalloc
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from terreau.cooperations.attachments import AttachmentType, checked_type
from terreau.cooperations.models import AccessRole, JournalAttachment, JournalEntry
from terreau.cooperations.services import access_grant, cooperation_publish
from terreau.interchange import cooperation_export, cooperation_import
from tests.confirmation import CONFIRM
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.core.zipbombs import write_zip_bomb
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parents[1] / "fixtures" / "stories"


def upload(name: str, *, as_name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(as_name or name, (FILES / name).read_bytes())


@pytest.fixture(autouse=True)
def attachments_dir(settings, tmp_path):
    settings.TERREAU_ATTACHMENTS_DIR = tmp_path / "attachments"
    return settings.TERREAU_ATTACHMENTS_DIR


@pytest.fixture
def ecopole(alice):
    cooperation = make_cooperation(alice, name="Écopôle alimentaire")
    make_member(cooperation, make_actor("Légumerie solidaire"), roles=["operator"])
    return cooperation


def story_form(**fields) -> dict:
    """What the journal form posts: the entry's fields and two empty quote rows."""
    data = {
        "happened_on": "2022-03-15",
        "kind": "story",
        "title": "Premier cycle d'ateliers parents",
        "text": "Cinq séances construites avec les crèches.",
        "citations-TOTAL_FORMS": "2",
        "citations-INITIAL_FORMS": "0",
        "citations-0-text": "",
        "citations-0-speaker": "",
        "citations-1-text": "",
        "citations-1-speaker": "",
    }
    data.update(fields)
    return data


# What a file is, read from its content


@pytest.mark.parametrize(
    ("name", "as_name", "expected"),
    [
        ("atelier.jpg", "atelier.jpg", AttachmentType.JPEG),
        ("atelier.png", "atelier.png", AttachmentType.PNG),
        ("atelier.webp", "atelier.webp", AttachmentType.WEBP),
        ("compte-rendu.pdf", "compte-rendu.pdf", AttachmentType.PDF),
        ("compte-rendu.odt", "compte-rendu.odt", AttachmentType.ODT),
        ("compte-rendu.docx", "compte-rendu.docx", AttachmentType.DOCX),
        # The name does not matter: a PNG called .pdf is a PNG.
        ("atelier.png", "photo.pdf", AttachmentType.PNG),
        ("compte-rendu.pdf", "compte-rendu.jpg", AttachmentType.PDF),
    ],
)
def test_each_accepted_format_is_recognised_from_its_content(name, as_name, expected):
    assert checked_type(upload(name, as_name=as_name)) == expected


@pytest.mark.parametrize("name", ["refuse.gif", "script-renomme.jpg", "archive-renommee.docx"])
def test_other_files_are_refused_even_when_their_name_lies(name):
    with pytest.raises(ValidationError) as refused:
        checked_type(upload(name))
    assert refused.value.messages == [
        f"« {name} » n'est ni une photo (JPEG, PNG, WebP) ni un document (PDF, ODT, DOCX) : "
        "son contenu ne correspond à aucun de ces formats."
    ]


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.TERREAU_ATTACHMENT_MAX_BYTES = 20 * 1024
    # compte-rendu.pdf weighs 23,592 bytes: 23.04 KB.
    with pytest.raises(ValidationError) as refused:
        checked_type(upload("compte-rendu.pdf"))
    assert refused.value.messages == [
        "« compte-rendu.pdf » pèse 23,0\xa0Kio : la limite est de 20,0\xa0Kio."
    ]
    assert checked_type(upload("atelier.jpg")) == AttachmentType.JPEG


def bomb_upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def peak_while(function, *args):
    """`function(*args)`'s result or exception, and the peak of memory it allocated (bytes)."""
    tracemalloc.start()
    try:
        try:
            outcome = function(*args)
        except Exception as error:
            outcome = error
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_odt_zip_bomb_is_refused_reading_a_bounded_number_of_bytes(tmp_path):
    # 1 MB on disk, 1 GiB once decompressed: reading it whole made a worker grow to 2 GiB.
    bomb = write_zip_bomb(
        tmp_path / "rapport.odt",
        member="mimetype",
        head=b"application/vnd.oasis.opendocument.text",
        mebibytes=1024,
        others={"content.xml": b"<office:document-content/>"},
    )
    assert bomb.stat().st_size < 2 * 1024 * 1024
    refused, peak = peak_while(checked_type, bomb_upload(bomb))
    assert isinstance(refused, ValidationError)
    assert refused.messages == [
        "Le fichier « rapport.odt » : archive ZIP qui se décompresse en plus de 50,0\xa0Mio (la "
        "partie « mimetype » dépasse la limite) : fichier refusé."
    ]
    assert peak < 16 * 1024 * 1024


def test_a_part_expanding_far_beyond_its_compressed_size_is_refused(tmp_path, settings):
    # Within the total (raised here), but 8 MiB from 8 KB: no document part compresses so well.
    settings.TERREAU_ZIP_MAX_BYTES = 1024 * 1024 * 1024
    bomb = write_zip_bomb(
        tmp_path / "compte-rendu.docx",
        member="word/document.xml",
        mebibytes=8,
        others={"[Content_Types].xml": b"<Types/>"},
    )
    with pytest.raises(ValidationError) as refused:
        checked_type(bomb_upload(bomb))
    assert refused.value.messages[0].startswith(
        "Le fichier « compte-rendu.docx » : la partie « word/document.xml » de l'archive ZIP se "
        "décompresse plus de 100 fois sa taille compressée"
    )


def test_an_archive_that_lies_about_its_sizes_is_refused_without_reading_it_whole(tmp_path):
    # The directory declares 39 bytes for 1 GiB of data: reading stops at the declared size and
    # the archive is refused as damaged, never expanded.
    bomb = write_zip_bomb(
        tmp_path / "menteur.odt",
        member="mimetype",
        head=b"application/vnd.oasis.opendocument.text",
        mebibytes=1024,
        declared_size=39,
    )
    refused, peak = peak_while(checked_type, bomb_upload(bomb))
    assert isinstance(refused, ValidationError)
    assert "« menteur.odt » n'est ni une photo" in refused.messages[0]
    assert peak < 16 * 1024 * 1024


# Writing a story


def test_a_contributor_writes_a_story_with_quotes_people_tags_and_a_photo(
    ecopole, alice_client, attachments_dir
):
    member = ecopole.members.get()
    response = alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        story_form(
            tag_list=["small_victory", "turning_point"],
            members=[member.pk],
            people="Une nutritionniste\n\n  Le cuisinier de la crèche  ",
            **{
                "citations-0-text": "On a appris à cuisiner ensemble.",
                "citations-0-speaker": "Une maman",
                "attachment": upload("atelier.png"),
                "attachment_description": "Des parents autour de la table de la cuisine",
            },
        ),
    )
    assert response.status_code == 302
    entry = ecopole.journal.get(kind="story")
    assert entry.tags == " small_victory turning_point "
    assert entry.people_list == ["Une nutritionniste", "Le cuisinier de la crèche"]
    assert [(q.text, q.speaker) for q in entry.quotes.all()] == [
        ("On a appris à cuisiner ensemble.", "Une maman")
    ]
    attachment = entry.attachments.get()
    assert (attachment.file_type, attachment.original_name, attachment.size) == (
        "png",
        "atelier.png",
        1020,
    )
    # Stored under the private directory, under a name of ours, with the bytes sent.
    stored = Path(attachment.file.path)
    assert stored.parent.parent == attachments_dir / "journal"
    assert stored.suffix == ".png" and stored.name != "atelier.png"
    assert stored.read_bytes() == (FILES / "atelier.png").read_bytes()

    page = alice_client.get(f"/cooperations/{ecopole.slug}/").content.decode()
    assert "On a appris à cuisiner ensemble." in page and "— Une maman" in page
    assert "Légumerie solidaire, Une nutritionniste, Le cuisinier de la crèche" in page
    assert (
        f'<img src="/cooperations/{ecopole.slug}/journal/pieces/{attachment.pk}/" '
        'alt="Des parents autour de la table de la cuisine"'
    ) in page


def test_a_quote_needs_who_said_it(ecopole, alice_client):
    response = alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        story_form(**{"citations-1-text": "Sans nom"}),
    )
    assert response.context["quotes"][1].errors == {"speaker": ["Indiquez qui l'a dit."]}
    assert not ecopole.journal.filter(kind="story").exists()


def test_a_refused_file_says_why_and_records_nothing(ecopole, alice_client, attachments_dir):
    response = alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        story_form(attachment=upload("script-renomme.jpg")),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"] == [
        "« script-renomme.jpg » n'est ni une photo (JPEG, PNG, WebP) ni un document (PDF, ODT, "
        "DOCX) : son contenu ne correspond à aucun de ces formats."
    ]
    assert not ecopole.journal.filter(kind="story").exists()
    assert not JournalAttachment.objects.exists()
    assert not attachments_dir.exists() or not any(attachments_dir.rglob("*.*"))


def test_editing_a_story_keeps_its_attachment_and_adds_another(ecopole, alice_client):
    url = f"/cooperations/{ecopole.slug}/journal/ajouter/"
    alice_client.post(url, story_form(attachment=upload("atelier.jpg")))
    entry = ecopole.journal.get(kind="story")
    alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/{entry.pk}/",
        story_form(title="Ateliers parents", attachment=upload("compte-rendu.odt")),
    )
    entry.refresh_from_db()
    assert entry.title == "Ateliers parents"
    assert sorted(entry.attachments.values_list("file_type", flat=True)) == ["jpeg", "odt"]


def test_small_victories_and_frictions_carry_their_tag(ecopole, alice_client):
    alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        story_form(kind="friction", title="Un circuit s'arrête", tag_list=["turning_point"]),
    )
    assert ecopole.journal.get(kind="friction").tags == " friction turning_point "


def test_the_journal_is_filtered_by_tag(ecopole, alice_client):
    url = f"/cooperations/{ecopole.slug}/journal/ajouter/"
    alice_client.post(url, story_form(kind="small_victory", title="Premier repas partagé"))
    alice_client.post(url, story_form(title="Le tournant", tag_list=["turning_point"]))
    page = alice_client.get(f"/cooperations/{ecopole.slug}/?etiquette=turning_point")
    assert [entry.title for entry in page.context["journal"]] == ["Le tournant"]
    victories = alice_client.get(f"/cooperations/{ecopole.slug}/?etiquette=small_victory")
    assert [entry.title for entry in victories.context["journal"]] == ["Premier repas partagé"]
    # htmx asks for the journal only.
    partial = alice_client.get(
        f"/cooperations/{ecopole.slug}/?etiquette=turning_point", headers={"HX-Request": "true"}
    ).content.decode()
    assert partial.startswith('<section aria-labelledby="journal-title" id="journal">')
    assert "Le tournant" in partial and "Premier repas partagé" not in partial
    # An unknown tag shows the whole journal (the first stage and both stories).
    everything = alice_client.get(f"/cooperations/{ecopole.slug}/?etiquette=nimporte")
    assert len(everything.context["journal"]) == 3


# Who may fetch an attachment


@pytest.fixture
def photo_and_minutes(ecopole, alice_client):
    url = f"/cooperations/{ecopole.slug}/journal/ajouter/"
    alice_client.post(url, story_form(attachment=upload("atelier.png")))
    alice_client.post(url, story_form(title="Compte rendu", attachment=upload("compte-rendu.pdf")))
    return (
        JournalAttachment.objects.get(file_type="png"),
        JournalAttachment.objects.get(file_type="pdf"),
    )


def test_members_fetch_attachments_photos_inline_documents_downloaded(
    ecopole, alice_client, photo_and_minutes
):
    photo, minutes = photo_and_minutes
    reader = UserFactory(username="bob")
    access_grant(cooperation=ecopole, user=reader, role=AccessRole.READER)
    for client in (alice_client, client_for(reader)):
        response = client.get(f"/cooperations/{ecopole.slug}/journal/pieces/{photo.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == (FILES / "atelier.png").read_bytes()
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == 'inline; filename="atelier.png"'
        assert response["X-Content-Type-Options"] == "nosniff"
    document = alice_client.get(f"/cooperations/{ecopole.slug}/journal/pieces/{minutes.pk}/")
    assert document["Content-Type"] == "application/pdf"
    assert document["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'
    document.close()


def test_strangers_and_anonymous_visitors_get_404_even_once_published(
    ecopole, charlie_client, photo_and_minutes
):
    photo, _minutes = photo_and_minutes
    url = f"/cooperations/{ecopole.slug}/journal/pieces/{photo.pk}/"
    assert charlie_client.get(url).status_code == 404
    assert Client().get(url).status_code == 404
    cooperation_publish(cooperation=ecopole, public=True)
    assert charlie_client.get(url).status_code == 404
    assert Client().get(url).status_code == 404
    # No public URL leads to the file either.
    assert Client().get(f"/media/{photo.file.name}").status_code == 404


def test_an_attachment_is_reached_only_through_its_own_cooperation(
    alice, alice_client, photo_and_minutes
):
    photo, _minutes = photo_and_minutes
    other = make_cooperation(alice, name="Autre coopération")
    assert (
        alice_client.get(f"/cooperations/{other.slug}/journal/pieces/{photo.pk}/").status_code
        == 404
    )


def test_a_reader_can_neither_attach_nor_delete(ecopole, photo_and_minutes):
    photo, _minutes = photo_and_minutes
    reader = UserFactory(username="bob")
    access_grant(cooperation=ecopole, user=reader, role=AccessRole.READER)
    bob = client_for(reader)
    entry = photo.entry
    assert (
        bob.post(
            f"/cooperations/{ecopole.slug}/journal/{entry.pk}/",
            story_form(attachment=upload("atelier.jpg")),
        ).status_code
        == 403
    )
    assert (
        bob.post(
            f"/cooperations/{ecopole.slug}/journal/pieces/{photo.pk}/supprimer/", CONFIRM
        ).status_code
        == 403
    )
    assert entry.attachments.count() == 1


def test_deleting_an_attachment_or_its_story_removes_the_file(
    ecopole, alice_client, photo_and_minutes
):
    photo, minutes = photo_and_minutes
    photo_path, minutes_path = Path(photo.file.path), Path(minutes.file.path)
    alice_client.post(f"/cooperations/{ecopole.slug}/journal/pieces/{photo.pk}/supprimer/", CONFIRM)
    assert not photo_path.exists() and minutes_path.exists()
    alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/{minutes.entry_id}/supprimer/", CONFIRM
    )
    assert not JournalEntry.objects.filter(pk=minutes.entry_id).exists()
    assert not minutes_path.exists()


# The interchange document


def test_stories_travel_in_the_interchange_document_without_their_files(
    ecopole, alice, alice_client
):
    alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        story_form(
            tag_list=["turning_point"],
            people="Une nutritionniste",
            attachment=upload("atelier.png"),
            **{"citations-0-text": "On cuisine ensemble.", "citations-0-speaker": "Une maman"},
        ),
    )
    document = cooperation_export(ecopole)
    story = next(entry for entry in document["journal"] if entry["kind"] == "story")
    assert {key: story[key] for key in ("tags", "people", "quotes")} == {
        "tags": ["turning_point"],
        "people": ["Une nutritionniste"],
        "quotes": [{"text": "On cuisine ensemble.", "speaker": "Une maman"}],
    }
    assert "attachments" not in story
    copy = cooperation_import(document, by=alice, slug="copie")
    copied = copy.journal.get(kind="story")
    assert (copied.tags, copied.people_list, copied.attachments.count()) == (
        " turning_point ",
        ["Une nutritionniste"],
        0,
    )
    assert [(q.text, q.speaker) for q in copied.quotes.all()] == [
        ("On cuisine ensemble.", "Une maman")
    ]


def test_the_api_gives_stories_to_members_only(ecopole, alice_client, charlie_client):
    alice_client.post(
        f"/cooperations/{ecopole.slug}/journal/ajouter/",
        story_form(
            tag_list=["turning_point"],
            people="Une nutritionniste",
            attachment=upload("compte-rendu.pdf"),
            attachment_description="Compte rendu",
            **{"citations-0-text": "On cuisine ensemble.", "citations-0-speaker": "Une maman"},
        ),
    )
    journal = alice_client.get(f"/api/v1/cooperations/{ecopole.slug}").json()["journal"]
    story = next(entry for entry in journal if entry["kind"] == "story")
    attachment = JournalAttachment.objects.get()
    assert {key: story[key] for key in ("tags", "people", "quotes", "attachments")} == {
        "tags": ["turning_point"],
        "people": ["Une nutritionniste"],
        "quotes": [{"text": "On cuisine ensemble.", "speaker": "Une maman"}],
        "attachments": [
            {
                "id": attachment.pk,
                "file_type": "pdf",
                "name": "compte-rendu.pdf",
                "size": 23592,
                "description": "Compte rendu",
            }
        ],
    }
    assert charlie_client.get(f"/api/v1/cooperations/{ecopole.slug}").status_code == 404
