"""A visitor (no account needed) fills the matched-crowdfunding simulator with the keyboard and
reads the result, recomputed as they type; a wrong value is said next to its field."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import violations

pytestmark = pytest.mark.browser

MATCHED = "/economie/simulateurs/financement-participatif-abonde/"


@pytest.fixture
def visitor(browser, transactional_db, new_page):
    return new_page()


def test_visitor_fills_the_matched_crowdfunding_simulator_with_the_keyboard(visitor):
    page = visitor
    page.goto("/")
    page.get_by_role("link", name="Simulateurs", exact=True).click()
    page.get_by_role("link", name="Financement participatif abondé").click()
    expect(page.get_by_test_id("citizens")).to_have_text("10\u202f000,00 €")
    expect(page.get_by_test_id("multiplier")).to_have_text("× 3")

    target = page.get_by_label("Objectif de la collecte (€)")
    target.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("45 000")
    page.keyboard.press("Tab")  # to the citizens' share
    for _ in range(3):  # the two other shares, then the collectivité's cap
        page.keyboard.press("Tab")
    expect(page.get_by_label("Plafond de la collectivité (€)")).to_be_focused()
    page.keyboard.type("5000")
    # 45,000 with the collectivité capped at 5,000: C + 5,000 + C = 45,000 → C = 20,000.
    expect(page.get_by_test_id("citizens")).to_have_text("20\u202f000,00 €")
    expect(page.get_by_test_id("multiplier")).to_have_text("× 2,25")
    result = page.locator("#simulator-result")
    expect(result).to_contain_text("Collectivité atteint son plafond de 5\u202f000,00 €")
    expect(result.get_by_role("row", name="Mécénat d'entreprise")).to_contain_text(
        "20\u202f000,00 €"
    )
    # The address carries the inputs, so the simulation can be shared as a link.
    expect(page).to_have_url(re.compile(r"\?target=45(\+|%20)000&.*&public_cap=5000&"))

    page.keyboard.press("Control+A")
    page.keyboard.type("-5")
    expect(page.locator("#id_public_cap_errors")).to_have_text("La valeur doit être au moins 0.")
    expect(result.get_by_role("alert")).to_contain_text("Plafond de la collectivité (€)")
    expect(page.get_by_test_id("citizens")).to_have_count(0)


def test_simulator_pages_have_no_accessibility_violations(visitor):
    found = {}
    for url in (
        "/economie/simulateurs/",
        MATCHED,
        MATCHED + "?target=abc&citizens_ratio=1&public_ratio=1&companies_ratio=1&public_cap=-1",
        "/economie/simulateurs/fonds-territorial/",
        "/economie/simulateurs/economies-partagees/",
    ):
        visitor.goto(url)
        visitor.wait_for_load_state("networkidle")
        if problems := violations(visitor):
            found[url] = problems
    assert found == {}
