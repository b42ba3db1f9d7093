"""The cooperation record reads in sections reached from a sticky table of contents; its action
links are short ("Modifier", "Retirer") and still say to a screen reader what they act on; a
deletion goes through a page that says what goes with it."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.cooperations.factories import make_actor, make_block, make_cooperation, make_member
from tests.personas import UserFactory

SECTIONS = [
    "Présentation",
    "Membres",
    "Briques",
    "Relations",
    "Journal",
    "Modèle économique",
    "Offres",
    "Maturité",
    "Évaluation",
    "Monographie",
]


@pytest.mark.browser
def test_the_record_has_a_table_of_contents_and_short_action_labels(geography, page):
    camille = UserFactory(username="camille")
    ecopole = make_cooperation(camille, name="Écopôle")
    legumerie = make_member(ecopole, make_actor("Légumerie"), roles=["operator"])
    block = make_block(ecopole, "Cuisine partagée")
    block.operators.add(legumerie)
    log_in(page, "camille")
    page.goto("/cooperations/ecopole/")

    toc = page.get_by_role("navigation", name="Sommaire de la fiche")
    for name in SECTIONS:
        expect(toc.get_by_role("link", name=name, exact=True)).to_be_visible()
    toc.get_by_role("link", name="Monographie", exact=True).click()
    expect(page).to_have_url("/cooperations/ecopole/#monographie")
    # The table of contents stays on screen while the page scrolls.
    expect(toc).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0

    edit = page.get_by_role("link", name="Modifier Légumerie", exact=True)
    # What the eye reads is "Modifier"; the actor's name is there for screen readers only.
    expect(edit.locator(".visually-hidden")).to_have_text("Légumerie")
    assert violations(page) == []

    page.get_by_role("link", name="Retirer Légumerie", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retirer le membre « Légumerie »")
    expect(page.get_by_text("Sa place d'opérateur dans 1 brique.")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("link", name="Annuler").click()
    expect(page.get_by_role("link", name="Retirer Légumerie", exact=True)).to_be_visible()

    page.get_by_role("link", name="Supprimer la brique Cuisine partagée").click()
    page.get_by_role("button", name="Supprimer définitivement").click()
    expect(page.get_by_role("status")).to_have_text("Supprimé.")
    expect(page.get_by_text("Aucune brique décrite pour l'instant.")).to_be_visible()
    expect(page.get_by_role("link", name="Modifier Légumerie", exact=True)).to_be_visible()
