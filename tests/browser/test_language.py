"""A visitor reads the site in another language without losing their place."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_visitor_switches_to_english_and_stays_on_the_same_page(page):
    page.goto("/territoires/?q=audruicq")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.locator(".language-switch").get_by_label("Langue").select_option("en")
    page.locator(".language-switch").get_by_role("button").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url("/territoires/?q=audruicq")
    expect(page.locator("#language")).to_have_value("en")
