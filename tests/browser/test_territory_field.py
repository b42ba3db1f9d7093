"""A territory is typed by name in the autocomplete, chosen with the keyboard, and the form sent:
a cooperation on Saint-Omer, a diagnosis compared with a département, on a desktop and a phone."""

import pytest
from playwright.sync_api import expect

from terreau.cooperations.models import Cooperation
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.personas import UserFactory

pytestmark = pytest.mark.browser

SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("screen", SCREENS)
def test_a_cooperation_on_a_commune_chosen_by_name_with_the_keyboard(page, geography, screen):
    page.set_viewport_size(SCREENS[screen])
    log_in(page, UserFactory(username="camille").username)
    page.goto("/cooperations/nouvelle/")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Écopôle audomarois")
    page.get_by_role("textbox", name="Visée").fill("Nourrir le territoire ensemble")

    field = page.get_by_role("combobox", name="Territoire")
    field.press_sequentially("saint om", delay=30)
    options = page.get_by_role("listbox").get_by_role("option")
    # The homonyms are told apart by their département.
    expect(options.first).to_contain_text("Saint-Omer")
    expect(options.first).to_contain_text("Pas-de-Calais (62)")
    expect(page.get_by_role("option", name="Saint-Omer Commune, Calvados (14)")).to_have_count(1)
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[aria-live=polite]", has_text="territoires proposés")).to_have_count(1)
    assert violations(page) == []

    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    expect(options.first).to_have_attribute("aria-selected", "true")
    field.press("Enter")
    expect(field).to_have_value("Saint-Omer (Pas-de-Calais)")
    expect(field).to_have_attribute("aria-expanded", "false")

    page.get_by_role("combobox", name="Typologie").select_option(label="Modélisée")
    page.get_by_label("Projet alimentaire territorial (PAT)", exact=True).check()
    page.get_by_role("combobox", name="Modèle économique").select_option(label="Hybride")
    page.get_by_role("combobox", name="Portage").select_option(label="Mixte")
    page.get_by_role("combobox", name="Étape").select_option(label="Émergence")
    page.get_by_role("combobox", name="Forme juridique").select_option(label="Collectif informel")
    page.get_by_label("Se nourrir, s'alimenter").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Écopôle audomarois")
    assert Cooperation.objects.get().territory_ref == "commune:62765"
    expect(page.get_by_role("link", name="Saint-Omer", exact=True).first).to_be_visible()


@pytest.mark.parametrize("screen", SCREENS)
def test_filters_and_comparison_take_names(page, geography, screen):
    page.set_viewport_size(SCREENS[screen])
    page.goto("/territoires/epci:246200844/diagnostic/")
    field = page.get_by_role("combobox", name="Comparer avec")
    field.press_sequentially("pas-de", delay=30)
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text("Pas-de-Calais")
    field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value("Pas-de-Calais (département)")
    field.press("Enter")  # the list is closed: Enter sends the form
    expect(page.locator(".legend")).to_contain_text("Pas-de-Calais")
    assert violations(page) == []

    # An unknown name in the actors' filter says so, in place of the list.
    page.goto("/acteurs/")
    territory = page.get_by_role("combobox", name="Territoire")
    territory.fill("Xyz")
    territory.press("Enter")
    expect(page.locator("#actor-results [role=alert]")).to_contain_text(
        "Aucun territoire ne s'appelle « Xyz »."
    )
    assert violations(page) == []


def test_a_departements_communes_by_epci_folded(page, geography):
    page.set_viewport_size(SCREENS["phone"])
    page.goto("/territoires/departement:62/")
    group = page.locator(".commune-groups details", has_text="CA du Pays de Saint-Omer")
    expect(group.get_by_role("link", name="Saint-Omer (Pas-de-Calais)")).to_be_hidden()
    group.locator("summary").click()
    expect(group.get_by_role("link", name="Saint-Omer (Pas-de-Calais)")).to_be_visible()
    assert violations(page) == []
