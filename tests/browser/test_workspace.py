"""A newcomer signs up, goes through the welcome, and lands on Mon espace following their
territory; the pages pass axe at desktop and phone widths and fit a 390 px screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.personas import PASSWORD

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]


def check_page(page) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert violations(page) == [], f"{page.url} at {width} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_signup_onboarding_and_mon_espace(page, geography):
    page.goto("/")
    expect(page.get_by_role("heading", name="Vous êtes membre d’une coopération")).to_be_visible()
    check_page(page)

    page.goto("/comptes/inscription/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Adresse e-mail").fill("camille@example.org")
    page.get_by_label(re.compile("^Mot de passe")).fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()

    expect(page.get_by_role("heading", name="Bienvenue sur Terreau")).to_be_visible()
    check_page(page)
    page.get_by_label("Votre territoire").fill("commune:00000")
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_role("alert")).to_contain_text("Territoire inconnu")
    check_page(page)
    page.get_by_label("Votre territoire").fill("commune:93055")
    page.get_by_label("Catalyseur ou catalyseuse territoriale").check()
    page.get_by_role("button", name="Commencer").click()

    expect(page).to_have_url("/mon-espace/")
    expect(page.get_by_role("heading", name="Mon espace", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Pantin", exact=True)).to_be_visible()
    check_page(page)

    # Shown once: logging in again lands on Mon espace directly (on a desktop: on a phone the
    # header's buttons are behind the menu).
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Se déconnecter (camille)").click()
    page.goto("/comptes/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url("/mon-espace/")

    for url in ("/a-propos-des-donnees/", "/accessibilite/", "/mentions-legales/"):
        page.goto(url)
        check_page(page)
