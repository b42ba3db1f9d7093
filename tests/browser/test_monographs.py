"""A person writes a section of the monograph in the page and downloads it as DOCX."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.people import log_in
from tests.monographs.factories import make_ecopole
from tests.monographs.files import TITLES, docx_headings, docx_text, in_order
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


def test_person_writes_a_section_and_downloads_the_docx(page, geography):
    camille = UserFactory(username="camille")
    make_ecopole(camille)
    log_in(page, "camille")

    page.goto("/cooperations/ecopole/")
    page.get_by_role("link", name="Ouvrir la monographie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monographie : Écopôle")

    origin = page.locator("#origin")
    origin.get_by_role("link", name="Écrire le récit : Origine du projet").click()
    page.get_by_role("textbox", name="Récit").fill(
        "Tout est parti d'un atelier sur les cantines.\n\nLa légumerie est née de ce constat."
    )
    origin.get_by_role("button", name="Enregistrer le récit").click()
    # htmx puts the section back in place, with the narrative and who wrote it.
    expect(origin.get_by_text("La légumerie est née de ce constat.")).to_be_visible()
    expect(origin.get_by_text("par camille")).to_be_visible()
    expect(origin.get_by_role("link", name="Modifier le récit : Origine du projet")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en DOCX (traitement de texte)").click()
    assert download.value.suggested_filename == "monographie-ecopole.docx"
    data = Path(download.value.path()).read_bytes()
    assert docx_headings(data) == TITLES
    text = docx_text(data)
    assert in_order(text, [TITLES[0], "La légumerie est née de ce constat.", TITLES[1]])
