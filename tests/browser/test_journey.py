"""The catalyst's whole path, as issue 17 tells it, on a desktop and on a 390 px phone: sign up,
onboarding with a territory typed by name, the diagnosis and its choropleth, a cooperation on a
commune typed by name, a member found by name, an economic line, the matching offers, a maturity
round opened. Each page passes axe and fits the screen."""

import re

import pytest
from playwright.sync_api import expect

from terreau.territories.models import Commune
from tests.browser.axe import violations
from tests.cooperations.factories import make_actor
from tests.offers.matching_factories import make_offer
from tests.personas import PASSWORD

pytestmark = pytest.mark.browser

SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}


def fits(page, width: int) -> None:
    assert violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def choose(page, label: str, typed: str, option: str) -> None:
    """Type part of a territory's name and choose it in the suggestions, with the keyboard."""
    field = page.get_by_role("combobox", name=label, exact=True)
    field.press_sequentially(typed, delay=30)
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.filter(has_text=option).first).to_be_visible()
    for _step in range(options.count()):
        field.press("ArrowDown")
        active = field.get_attribute("aria-activedescendant")
        if option in page.locator(f"#{active}").inner_text():
            break
    field.press("Enter")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_catalyst_goes_from_signup_to_a_maturity_round(page, geography, screen):
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    audruicq = Commune.objects.get(code="62057")
    make_actor("Épicerie solidaire d'Audruicq", commune=audruicq, life_functions=" food ")
    make_actor("AMAP des Marais", commune=audruicq, life_functions=" food ")
    make_offer(
        "Fonds alimentation Hauts-de-France",
        perimeter=["region:32"],
        stages=["emergence"],
        cooperation_models=["pat"],
        funds_animation=True,
    )

    # Sign up, then the welcome: a territory typed by its name, a role.
    page.goto("/comptes/inscription/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Adresse e-mail").fill("camille@example.org")
    page.get_by_label(re.compile("^Mot de passe")).fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Bienvenue sur Terreau")).to_be_visible()
    choose(page, "Votre territoire", "region d'audru", "CC de la Région d'Audruicq")
    page.get_by_label("Catalyseur ou catalyseuse territoriale").check()
    fits(page, width)
    page.get_by_role("button", name="Commencer").click()
    expect(page).to_have_url("/mon-espace/")
    fits(page, width)

    # The territory followed, its diagnosis and the choropleth of the actors who feed it.
    page.get_by_role("link", name="CC de la Région d'Audruicq").first.click()
    page.get_by_role("link", name="Diagnostic", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("CC de la Région d'Audruicq")
    page.goto(page.url.split("?")[0] + "?life_function=food")
    diagnosis_map = page.locator("#diagnosis-map")
    expect(diagnosis_map).to_have_attribute("data-ready", "true")
    expect(diagnosis_map.locator(".leaflet-overlay-pane svg path").first).to_be_attached()
    expect(page.get_by_role("list", name="Légende : acteurs pour 10 000 habitants")).to_be_visible()
    fits(page, width)

    # A cooperation on a commune typed by its name.
    page.goto("/cooperations/nouvelle/")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Écopôle des Marais")
    page.get_by_role("textbox", name="Visée").fill("Nourrir le territoire ensemble")
    choose(page, "Territoire", "audruic", "Audruicq")
    page.get_by_role("combobox", name="Typologie").select_option(label="Modélisée")
    page.get_by_label("Projet alimentaire territorial (PAT)", exact=True).check()
    page.get_by_role("combobox", name="Modèle économique").select_option(label="Hybride")
    page.get_by_role("combobox", name="Portage").select_option(label="Mixte")
    page.get_by_role("combobox", name="Étape").select_option(label="Émergence")
    page.get_by_role("combobox", name="Forme juridique").select_option(label="Collectif informel")
    page.get_by_label("Se nourrir, s'alimenter").check()
    fits(page, width)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Écopôle des Marais")
    fits(page, width)

    # A member found by its name.
    page.get_by_role("link", name="Ajouter un membre").click()
    page.get_by_role("searchbox", name="Acteur").fill("epicerie")
    page.get_by_label("Épicerie solidaire d'Audruicq").check()
    page.get_by_label("Porteur").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#membres tbody tr")).to_contain_text(["Épicerie solidaire d'Audruicq"])

    # The matching offers, loaded into the record.
    matches = page.locator("#offres li.offer-match")
    expect(matches.first).to_contain_text("Fonds alimentation Hauts-de-France")

    # An economic line.
    page.get_by_role("link", name="Ouvrir le modèle économique").click()
    page.get_by_role("link", name="Ajouter une ressource").click()
    page.get_by_role("textbox", name="Intitulé").fill("Cotisations des membres")
    page.get_by_role("combobox", name="Catégorie").select_option(
        label="Contributions financières des membres"
    )
    page.get_by_role("combobox", name="Forme").select_option(label="Argent")
    page.get_by_role("spinbutton", name="Montant (€)").fill("1200")
    page.get_by_label("Épicerie solidaire d'Audruicq").check()
    page.get_by_role("combobox", name="État").select_option(label="accordée")
    fits(page, width)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Ressource enregistrée")
    expect(page.locator("#ressources")).to_contain_text("Contributions des membres1 200,00")
    fits(page, width)

    # A maturity round opened.
    page.goto(page.url.split("/economie/")[0] + "/")
    page.get_by_role("link", name="Ouvrir la maturité coopérative").click()
    page.get_by_role("link", name="Lancer un tour").click()
    page.get_by_role("textbox", name="Titre").fill("Premier tour")
    page.get_by_label("Date de clôture").fill("2027-03-31")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Tour lancé")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Premier tour")
    fits(page, width)
