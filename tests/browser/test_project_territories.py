"""A signed-in person builds a project territory from search results, and it stays private."""

import pytest
from playwright.sync_api import expect

from tests.browser.people import log_in
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


def test_person_builds_a_private_project_territory_from_an_epci_and_a_commune(
    page, new_page, geography
):
    user = UserFactory()
    log_in(page, user.username)

    page.goto("/territoires/projets/nouveau/")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Audruicq et Conques")
    search = page.get_by_role("combobox", name="Ajouter une commune ou un territoire")
    chips = page.locator("#chosen-components li")
    for query, result in [
        ("audruicq", "CC de la Région d'Audruicq EPCI"),
        ("conques", "Conques-en-Rouergue Commune, Aveyron (12) · 12320"),
        ("pantin", "Pantin Commune, Seine-Saint-Denis (93) · 93500"),
    ]:
        search.press_sequentially(query)
        page.get_by_role("option", name=result, exact=True).click()
        expect(search).to_have_value("")
    expect(chips).to_have_text(
        [
            "CC de la Région d'Audruicq (EPCI) Retirer",
            "Conques-en-Rouergue (Commune) Retirer",
            "Pantin (Commune) Retirer",
        ]
    )
    page.get_by_role("button", name="Retirer Pantin (Commune)").click()
    expect(chips).to_have_count(2)
    expect(page.get_by_label("Visible par tous")).not_to_be_checked()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_have_text("Territoire de projet enregistré.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audruicq et Conques")
    facts = page.locator(".facts")
    expect(facts.locator("div", has_text="Niveau").locator("dd")).to_have_text(
        "Territoire de projet"
    )
    # The 15 communes of the EPCI and Conques-en-Rouergue; Pantin was removed before saving.
    expect(facts.locator("div", has_text="Nombre de communes").locator("dd")).to_have_text("16")
    # The map reads the private territory through the API with the owner's session.
    territory_map = page.locator("#territory-map")
    expect(territory_map).to_have_attribute("data-ready", "true")
    # Its outline (the union of its communes, made for this private territory) and its 16
    # communes, Conques-en-Rouergue included, drawn from their contours.
    expect(territory_map).to_have_attribute("data-outlined", "true")
    assert territory_map.locator(".leaflet-overlay-pane svg path").count() >= 17

    stranger = new_page()
    response = stranger.goto(page.url)
    assert response.status == 404
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Page introuvable")
