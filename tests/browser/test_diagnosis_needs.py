"""A signed-in person records a need on the diagnosis page and picks the actors concerned with the
keyboard, among the territory's actors found by name."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.diagnosis.factories import actor
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


def test_person_picks_the_actors_of_a_need_with_the_keyboard(page, geography):
    UserFactory(username="camille")
    actor("Épicerie solidaire", "62057", functions=["food"])
    actor("Garage solidaire", "62906", kind="company", functions=["mobility"])
    actor("Épicerie d'Arras", "62041")  # another EPCI: never offered
    log_in(page, "camille")

    page.goto("/territoires/epci:246200844/diagnostic/")
    page.get_by_text("Ajouter un besoin").click()
    form = page.locator("form", has=page.get_by_role("button", name="Enregistrer le besoin"))
    form.get_by_label("Titre").fill("Pas de solution de garde le soir")
    form.get_by_label("Comment").select_option("atelier")
    form.get_by_label("Date").fill("2026-10-12")
    form.get_by_label("Priorité").select_option("haute")

    search = form.get_by_label("Acteurs concernés")
    search.fill("épicerie")
    search.press("Enter")  # searches at once; the need is not sent yet
    grocery = form.get_by_role("checkbox", name="Épicerie solidaire")
    expect(grocery).not_to_be_checked()
    expect(form.get_by_text("1 acteur trouvé")).to_be_visible()
    page.keyboard.press("Tab")
    expect(grocery).to_be_focused()
    page.keyboard.press("Space")
    expect(grocery).to_be_checked()

    search.fill("garage")  # a new search keeps the actors already ticked
    garage = form.get_by_role("checkbox", name="Garage solidaire")
    expect(garage).to_be_visible()
    expect(grocery).to_be_checked()
    garage.check()
    assert violations(page) == []

    form.get_by_role("button", name="Enregistrer le besoin").click()
    expect(page.get_by_role("status")).to_have_text("Besoin enregistré.")
    need = page.locator(".cards li", has_text="Pas de solution de garde le soir")
    expect(need.get_by_role("link")).to_have_text(["Épicerie solidaire", "Garage solidaire"])


@pytest.mark.browser
def test_person_imports_a_needs_register_and_reads_its_report(page, geography, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="camille")
    register = tmp_path / "besoins.csv"
    register.write_text(
        "Titre;Comment;Date;Priorité\n"
        "Transport vers le marché;enquête;2026-09-01;haute\n"
        "Sans date;atelier;hier;basse\n",
        encoding="utf-8",
    )
    log_in(page, "camille")
    page.goto("/territoires/epci:246200844/diagnostic/")
    page.get_by_text("Importer un registre de besoins (CSV, XLSX)").click()
    page.get_by_label("Fichier").set_input_files(str(register))
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_role("heading", name="Résultat")).to_be_visible()
    expect(page.get_by_text("1 besoins créés, 0 mis à jour, 0 inchangés.")).to_be_visible()
    expect(page.get_by_role("table", name="Lignes refusées")).to_contain_text("hier")
    assert violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Voir les besoins du territoire").click()
    expect(page.get_by_text("Transport vers le marché")).to_be_visible()
