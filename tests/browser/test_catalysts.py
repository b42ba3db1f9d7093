"""A catalyst describes itself, finds its territory by name, and assesses the four conditions of
its durability on the scale of its stage; the pages pass axe on a desktop and a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


def test_a_catalyst_describes_itself_and_assesses_its_durability(page, geography):
    log_in(page, UserFactory(username="camille").username)
    page.goto("/catalyseurs/")
    page.get_by_role("link", name="Décrire un catalyseur").click()
    page.get_by_role("textbox", name="Nom", exact=True).fill("Catalyseur du Calaisis")
    page.get_by_role("radio", name="Une personne").check()
    search = page.get_by_role("combobox", name="Ajouter une commune ou un territoire")
    search.press_sequentially("audruicq")
    page.get_by_role("option", name="CC de la Région d'Audruicq EPCI", exact=True).click()
    page.get_by_role("radio", name="Animation d'une coopération").check()
    position = page.get_by_role("combobox", name="Position")
    position.select_option(label="Externe (tiers de confiance)")
    page.get_by_role("combobox", name="Stade de développement").select_option(label="En émergence")
    assert violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Catalyseur du Calaisis")
    expect(page.get_by_role("link", name="CC de la Région d'Audruicq")).to_be_visible()
    page.get_by_role("link", name="Auto-évaluation").click()
    for condition, level in [
        ("Un positionnement clair dans l'écosystème territorial", "Posé"),
        ("Le modèle socio-économique", "Pas encore abordé"),
        ("Le modèle de gouvernance du dispositif territorial", "En chantier"),
        ("Le cadre technique (juridique, fiscal, social, accès au droit commun)", "En chantier"),
    ]:
        page.get_by_role("group", name=condition).get_by_role("radio", name=level).check()
    assert violations(page) == []
    page.get_by_role("button", name="Enregistrer l'évaluation").click()

    table = page.get_by_role("table", name="Appréciation de chaque condition")
    expect(table.get_by_role("row", name="Le modèle socio-économique")).to_contain_text(
        "Pas encore abordé à travailler"
    )
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        assert violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
