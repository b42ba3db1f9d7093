"""The monograph's pages and files, as the cooperation's members, its readers and strangers use
them."""

import re

import pytest
from pypdf import PdfReader

from terreau.cooperations.models import AccessRole
from terreau.cooperations.services import access_grant, cooperation_publish
from terreau.monographs.models import MonographSection
from tests.monographs.factories import make_ecopole
from tests.monographs.files import (
    TITLES,
    docx_headings,
    docx_text,
    in_order,
    needs_chromium,
    pdf_text,
)
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db

PAGE = "/cooperations/ecopole/monographie/"
STORY = (
    "Tout est parti d'un atelier sur les cantines en 2019.\n\n"
    "« Personne ne voulait laver les légumes » : la légumerie est née de ce constat."
)


@pytest.fixture
def ecopole(alice):
    return make_ecopole(alice)


@pytest.fixture
def bob_client(ecopole):
    bob = UserFactory(username="bob")
    access_grant(cooperation=ecopole, user=bob, role=AccessRole.READER)
    return client_for(bob)


def write(client, key: str, text: str, version: int = 0):
    return client.post(f"{PAGE}partie/{key}/modifier/", {"narrative": text, "version": version})


def test_a_contributor_writes_a_narrative_seen_in_every_export(ecopole, alice_client, alice):
    response = write(alice_client, "origin", STORY)
    assert response.status_code == 302 and response.url == f"{PAGE}#origin"
    stored = MonographSection.objects.get(key="origin")
    assert (stored.narrative, stored.version, stored.updated_by_name) == (STORY, 1, "alice")

    page = alice_client.get(PAGE).content.decode()
    assert "Tout est parti d&#x27;un atelier" in page and "par alice" in page

    html = alice_client.get(f"{PAGE}monographie.html").content.decode()
    assert "<script" not in html and "<link" not in html and html.count("<svg") == 1
    assert in_order(html.replace("&#x27;", "'"), TITLES)
    assert "« Personne ne voulait laver les légumes »" in html
    assert "Brouillon : document de travail" in html

    docx = alice_client.get(f"{PAGE}monographie.docx")
    assert docx["Content-Disposition"] == 'attachment; filename="monographie-ecopole.docx"'
    assert docx_headings(docx.content) == TITLES
    text = docx_text(docx.content)
    # The narrative's two paragraphs come right under the first section's question.
    assert "Tout est parti d'un atelier sur les cantines en 2019." in text.split("\n")
    assert in_order(text, ["1. Origine du projet", "Tout est parti", "2. Marges de manœuvre"])
    assert "12\xa0000,50 €" in text and "Une réunion de médiation" in text

    needs_chromium()
    pdf = alice_client.get(f"{PAGE}monographie.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert (
        PdfReader(__import__("io").BytesIO(pdf.content)).metadata.title == "Monographie : Écopôle"
    )
    text = re.sub(r"\s+", " ", pdf_text(pdf.content))
    assert in_order(text, [*TITLES[:1], "Tout est parti d'un atelier", *TITLES[1:]])


def test_the_edit_form_is_a_fragment_for_htmx_and_a_page_without(ecopole, alice_client):
    fragment = alice_client.get(f"{PAGE}partie/frictions/modifier/", HTTP_HX_REQUEST="true")
    assert fragment.content.decode().startswith('<section id="frictions"')
    assert "<html" not in fragment.content.decode()
    page = alice_client.get(f"{PAGE}partie/frictions/modifier/").content.decode()
    assert "<html" in page and 'name="narrative"' in page
    saved = alice_client.post(
        f"{PAGE}partie/frictions/modifier/",
        {"narrative": "La médiation a tenu.", "version": 0},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert saved.startswith('<section id="frictions"') and "La médiation a tenu." in saved


def test_two_people_editing_the_same_section_do_not_overwrite_each_other(ecopole, alice_client):
    write(alice_client, "participation", "Version d'Alice")
    response = write(alice_client, "participation", "Version écrite en même temps", version=0)
    assert response.status_code == 200
    assert "a modifié cette partie pendant que vous l" in response.content.decode()
    assert MonographSection.objects.get(key="participation").narrative == "Version d'Alice"
    # The form now carries the version shown: sending it again saves.
    assert response.context["form"]["version"].value() == 1
    assert write(alice_client, "participation", "Fusion", version=1).status_code == 302
    assert MonographSection.objects.get(key="participation").narrative == "Fusion"


def test_a_too_long_narrative_or_an_unknown_section_is_refused(ecopole, alice_client):
    response = write(alice_client, "origin", "x" * 20_001)
    assert response.status_code == 200 and response.context["form"].errors["narrative"]
    assert not MonographSection.objects.exists()
    assert write(alice_client, "conclusion", "texte").status_code == 404


def test_a_stranger_gets_404_on_every_page_and_file(ecopole, charlie_client, client):
    urls = [
        PAGE,
        f"{PAGE}monographie.html",
        f"{PAGE}monographie.pdf",
        f"{PAGE}monographie.docx",
        f"{PAGE}partie/origin/",
        f"{PAGE}partie/origin/modifier/",
        f"{PAGE}?apercu=public",
    ]
    for url in urls:
        assert charlie_client.get(url).status_code == 404, url
    for url in (f"{PAGE}titre/", f"{PAGE}publier/", f"{PAGE}partie/origin/modifier/"):
        assert (
            charlie_client.post(url, {"public": "1", "narrative": "x", "version": 0}).status_code
            == 404
        )
    for url in urls[:4]:
        assert client.get(url).status_code == 404, url  # anonymous visitors too
    assert not MonographSection.objects.exists()


def test_a_reader_reads_but_cannot_edit(ecopole, alice_client, bob_client):
    write(alice_client, "origin", STORY)
    page = bob_client.get(PAGE).content.decode()
    assert (
        "Tout est parti" in page
        and "Écrire le récit" not in page
        and "Modifier le récit" not in page
    )
    assert docx_headings(bob_client.get(f"{PAGE}monographie.docx").content) == TITLES
    assert write(bob_client, "origin", "Réécrit par Bob", version=1).status_code == 403
    assert bob_client.get(f"{PAGE}partie/origin/modifier/").status_code == 403
    assert bob_client.post(f"{PAGE}titre/", {"title": "Autre"}).status_code == 403
    assert bob_client.post(f"{PAGE}publier/", {"public": "1"}).status_code == 403
    assert MonographSection.objects.get(key="origin").narrative == STORY


def test_only_administrators_publish_and_only_a_published_cooperation(
    ecopole, alice, alice_client, charlie_client
):
    contributor = UserFactory(username="claire")
    access_grant(cooperation=ecopole, user=contributor, role=AccessRole.CONTRIBUTOR)
    assert client_for(contributor).post(f"{PAGE}publier/", {"public": "1"}).status_code == 403

    write(alice_client, "origin", STORY)
    response = alice_client.post(f"{PAGE}publier/", {"public": "1"}, follow=True)
    assert "Publiez d&#x27;abord la fiche de la coopération" in response.content.decode()
    assert charlie_client.get(PAGE).status_code == 404

    legumerie = ecopole.members.get(actor__name="Légumerie solidaire")
    cooperation_publish(cooperation=ecopole, public=True, public_members=[legumerie])
    assert charlie_client.get(PAGE).status_code == 404  # the draft stays private
    alice_client.post(f"{PAGE}publier/", {"public": "1"})
    public = charlie_client.get(PAGE).content.decode()
    assert "Tout est parti" in public and "Légumerie solidaire" in public
    assert "Conseil municipal de Polincove" not in public and "médiation" not in public
    assert "Écrire le récit" not in public and "Version publique" in public
    text = docx_text(charlie_client.get(f"{PAGE}monographie.docx").content)
    assert "Tout est parti" in text and "Conseil municipal de Polincove" not in text
    assert "Lire la monographie" in charlie_client.get("/cooperations/ecopole/").content.decode()

    cooperation_publish(cooperation=ecopole, public=False)
    assert charlie_client.get(PAGE).status_code == 404  # withdrawn with its cooperation
    cooperation_publish(cooperation=ecopole, public=True)
    alice_client.post(f"{PAGE}publier/", {"public": "0"})
    assert charlie_client.get(PAGE).status_code == 404


def test_members_preview_the_public_version(ecopole, alice_client):
    preview = alice_client.get(f"{PAGE}?apercu=public").content.decode()
    assert "Version publique" in preview and "Conseil municipal de Polincove" not in preview
    assert "Écrire le récit" not in preview
    docx = alice_client.get(f"{PAGE}monographie.docx?apercu=public").content
    assert "Conseil municipal de Polincove" not in docx_text(docx)


def test_title_and_authors(ecopole, alice_client):
    alice_client.post(
        f"{PAGE}titre/",
        {"title": "L'Écopôle, dix ans de coopération", "authors": "Les membres, avec l'APES"},
    )
    docx = alice_client.get(f"{PAGE}monographie.docx").content
    assert docx_headings(docx, level=0) == ["L'Écopôle, dix ans de coopération"]
    assert "Auteurs : Les membres, avec l'APES" in docx_text(docx)


def test_the_api_gives_the_sections_with_the_same_rules(ecopole, alice_client, charlie_client):
    write(alice_client, "origin", STORY)
    data = alice_client.get("/api/v1/monographs/ecopole").json()
    assert [s["number"] for s in data["sections"]] == list(range(1, 13))
    origin = data["sections"][0]
    assert (origin["key"], origin["title"], origin["narrative"]) == (
        "origin",
        "Origine du projet",
        STORY,
    )
    assert origin["parts"][2] == {
        "kind": "bullets",
        "title": "Porteurs",
        "items": ["Légumerie solidaire"],
    }
    assert charlie_client.get("/api/v1/monographs/ecopole").status_code == 404
    assert charlie_client.get("/api/v1/monographs/nulle-part").status_code == 404
    legumerie = ecopole.members.get(actor__name="Légumerie solidaire")
    cooperation_publish(cooperation=ecopole, public=True, public_members=[legumerie])
    alice_client.post(f"{PAGE}publier/", {"public": "1"})
    public = charlie_client.get("/api/v1/monographs/ecopole")
    assert public.status_code == 200 and "Polincove" not in public.content.decode()
    assert public.json()["sections"][0]["narrative"] == STORY
