"""Every page is served with a Content-Security-Policy that allows no inline script, and works
under it: maps (Leaflet), the network graph (Cytoscape.js), htmx forms, the printable reports, the
API's documentation and the administration.

Every browser test fails on a policy violation logged on the console (conftest.new_page); this
one also listens to the `securitypolicyviolation` events of the pages themselves."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.people import log_in
from tests.network.factories import TERRITORY, actor_system
from tests.personas import UserFactory

pytestmark = pytest.mark.browser

LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.fixture
def watched_page(new_page):
    page = new_page()
    page.add_init_script(LISTEN)
    return page


def visit(page, url: str) -> list[str]:
    """Open the page, wait for what its scripts draw, and return what the policy blocked."""
    response = page.goto(url)
    assert response.ok, url
    policy = directives(response.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"], url
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    page.wait_for_load_state("networkidle")
    for drawn in page.locator(".map, #network-graph").all():
        expect(drawn).to_have_attribute("data-ready", "true")
    return page.evaluate("window.cspViolations")


def test_pages_with_maps_graphs_and_htmx_run_under_the_policy(watched_page, geography):
    page = watched_page
    system = actor_system(UserFactory(username="alice"))
    log_in(page, "alice")
    found = {}
    for url in [
        "/",
        f"/territoires/{TERRITORY}/",
        "/territoires/commune:62057/",
        f"/acteurs/?territoire={TERRITORY}",
        f"/acteurs/{system.epicerie.pk}/",
        f"/territoires/{TERRITORY}/diagnostic/",
        f"/territoires/{TERRITORY}/diagnostic/rapport.html",
        f"/reseau/cooperation/{system.cooperation.slug}/",
        f"/territoires/{TERRITORY}/reseau/",
        f"/cooperations/{system.cooperation.slug}/",
        f"/cooperations/{system.cooperation.slug}/monographie/",
        f"/cooperations/{system.cooperation.slug}/monographie/monographie.html",
        "/economie/simulateurs/fonds-territorial/",
        "/api/v1/docs",
    ]:
        if blocked := visit(page, url):
            found[url] = blocked
    assert found == {}


def test_htmx_forms_and_indicators_work_under_the_policy(watched_page, geography):
    page = watched_page
    system = actor_system(UserFactory(username="alice"))
    log_in(page, "alice")

    page.goto("/territoires/")
    page.get_by_role("searchbox").fill("audruicq")
    expect(page.get_by_role("link", name=re.compile("Audruicq")).first).to_be_visible()

    page.goto(f"/reseau/cooperation/{system.cooperation.slug}/")
    page.get_by_label("Financement").check()
    page.get_by_role("button", name="Afficher le réseau").click()
    expect(page.locator("#network-graph")).to_have_attribute("data-edges", "1")
    # htmx's own indicator style is off (it would be an inline <style>): ours hides it at rest.
    expect(page.locator("#network-loading")).to_be_hidden()

    page.goto("/economie/simulateurs/fonds-territorial/")
    page.locator(".simulator-form input:not([type=hidden])").first.fill("5000")
    expect(page).to_have_url(re.compile(r"\?.*5000"))  # htmx computed and replaced the URL
    assert page.evaluate("window.cspViolations") == []


def test_administration_runs_under_the_policy(watched_page, db):
    UserFactory(username="ada", administrator=True)
    page = watched_page
    log_in(page, "ada")
    found = {}
    for url in ["/admin/", "/admin/auth/user/", "/admin/auth/user/add/"]:
        if blocked := visit(page, url):
            found[url] = blocked
    assert found == {}
