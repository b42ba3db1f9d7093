"""A member writes a story with a photo in the journal and sees it; then follows an indicator of
the cooperation's stage, records a value and sees it charted."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.people import log_in
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.personas import UserFactory

pytestmark = pytest.mark.browser

PHOTO = Path(__file__).parents[1] / "fixtures" / "stories" / "atelier.png"


@pytest.fixture(autouse=True)
def attachments_dir(settings, tmp_path):
    settings.TERREAU_ATTACHMENTS_DIR = tmp_path / "attachments"


def test_person_writes_a_story_with_a_photo_and_sees_it(page, geography):
    camille = UserFactory(username="camille")
    ecopole = make_cooperation(camille, name="Écopôle")
    make_member(ecopole, make_actor("Légumerie"), roles=["operator"])
    log_in(page, "camille")

    page.goto(f"/cooperations/{ecopole.slug}/")
    page.get_by_role("link", name="Ajouter au journal").click()
    page.get_by_label("Date").fill("2022-03-15")
    page.get_by_role("combobox", name="Nature").select_option(label="récit")
    page.get_by_role("textbox", name="Titre").fill("Premier cycle d'ateliers parents")
    page.get_by_role("textbox", name="Récit").fill("Cinq séances avec les crèches.")
    page.get_by_label("Petite victoire").check()
    page.get_by_label("Légumerie").check()
    page.get_by_role("textbox", name="Autres personnes impliquées").fill("Une nutritionniste")
    first_quote = page.get_by_role("group", name="Citation 1")
    first_quote.get_by_role("textbox", name="Citation").fill("On a appris à cuisiner ensemble.")
    first_quote.get_by_role("textbox", name="Qui l'a dit").fill("Une maman")
    page.get_by_label("Ajouter une photo ou un document").set_input_files(str(PHOTO))
    page.get_by_role("textbox", name="Description de la pièce jointe").fill(
        "Des parents autour de la table"
    )
    page.get_by_role("button", name="Enregistrer").click()

    story = page.locator(".journal-entry").filter(has_text="Premier cycle d'ateliers parents")
    expect(story).to_contain_text("On a appris à cuisiner ensemble.")
    expect(story).to_contain_text("— Une maman")
    expect(story).to_contain_text("Légumerie, Une nutritionniste")
    photo = story.get_by_role("img", name="Des parents autour de la table")
    expect(photo).to_be_visible()
    # The browser received the real picture through the permission-checked view.
    assert photo.evaluate("image => image.naturalWidth") > 0

    journal = page.get_by_role("navigation", name="Filtrer le journal par étiquette")
    journal.get_by_role("link", name="Tournant").click()
    expect(page.locator("#journal")).to_contain_text("Aucun récit ne porte cette étiquette.")
    journal = page.get_by_role("navigation", name="Filtrer le journal par étiquette")
    journal.get_by_role("link", name="Petite victoire").click()
    expect(page.locator(".journal-entry")).to_have_count(1)
    expect(page.locator(".journal-entry")).to_contain_text("Premier cycle d'ateliers parents")


def test_person_follows_an_indicator_of_the_stage_and_records_values(page, geography):
    camille = UserFactory(username="camille")
    ecopole = make_cooperation(camille, name="Écopôle", stage="emergence")
    log_in(page, "camille")

    page.goto(f"/cooperations/{ecopole.slug}/")
    page.get_by_role("link", name="Évaluation adaptée à l'étape").click()
    expect(
        page.get_by_role("heading", level=2, name="Indicateurs suggérés pour l'étape « Émergence »")
    ).to_be_visible()
    page.get_by_role("button", name="Suivre « Membres engagés »").click()
    indicator = page.get_by_role("article", name="Membres engagés (membres)")
    expect(indicator).to_contain_text("adapté à l'étape actuelle")

    for day, value in (("2022-01-01", "4"), ("2023-01-01", "9")):
        page.get_by_role("link", name="Ajouter une valeur à « Membres engagés »").click()
        page.get_by_label("Date").fill(day)
        page.get_by_role("textbox", name="Valeur").fill(value)
        page.get_by_role("textbox", name="Source").fill("Feuille de présence")
        page.get_by_role("button", name="Enregistrer").click()

    indicator = page.get_by_role("article", name="Membres engagés (membres)")
    expect(indicator.get_by_role("img")).to_have_count(1)
    expect(indicator.locator("tbody tr")).to_have_count(2)
    expect(indicator.locator("tbody tr").last).to_contain_text("Feuille de présence")
    expect(indicator.locator("tbody tr").last.locator("td").first).to_have_text("9")
