"""A member explores a cooperation's actor system: the graph is drawn, the filters work from the
keyboard, and the page passes the accessibility rules with data on it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.network.factories import TERRITORY, actor_system
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def system(geography):
    return actor_system(UserFactory(username="alice"))


def test_member_filters_the_graph_by_kind_with_the_keyboard(page, system):
    log_in(page, "alice")
    page.goto(f"/reseau/cooperation/{system.cooperation.slug}/")
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-ready", "true")
    expect(graph).to_have_attribute("data-nodes", "5")
    expect(graph).to_have_attribute("data-edges", "2")
    expect(page.locator("canvas").first).to_be_attached()

    page.get_by_label("Financement").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Afficher le réseau").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?kind=funding&"))
    expect(page.locator("#network-graph")).to_have_attribute("data-edges", "1")
    relations = page.get_by_role("region", name="Liste des relations")
    expect(relations.get_by_role("row")).to_have_count(2)  # header and the funding
    brokers = page.get_by_role("region", name="Acteurs passerelles")
    expect(brokers).to_contain_text("Aucun acteur ne relie d'autres acteurs entre eux.")


def test_network_pages_have_no_accessibility_violations(new_page, system):
    page = new_page()
    log_in(page, "alice")
    found = {}
    for url in (
        f"/reseau/cooperation/{system.cooperation.slug}/",
        f"/territoires/{TERRITORY}/reseau/",
    ):
        page.goto(url)
        expect(page.locator("#network-graph")).to_have_attribute("data-ready", "true")
        if problems := violations(page):
            found[url] = problems
    assert found == {}
