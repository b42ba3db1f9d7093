"""The administrators' page of the connectors in a real browser: reached from the staff menu,
readable on a 390 px phone (the runs' table scrolls in its own box), axe clean, token masked."""

import pytest
from playwright.sync_api import expect

from terreau.connectors.models import ConnectorRun
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.personas import UserFactory

pytestmark = pytest.mark.browser
TOKEN = "tok-1234567890-abcdef-SECRET-9z8y"
PHONE = {"width": 390, "height": 844}


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_an_administrator_reads_the_connectors_and_their_runs_on_a_phone(
    geography, new_page, live_server, settings
):
    settings.TERREAU_CONNECTORS["data-inclusion"]["token"] = TOKEN
    ada = UserFactory(username="ada", administrator=True)
    ConnectorRun.objects.create(
        source="data-inclusion",
        trigger=ConnectorRun.Trigger.COMMAND,
        query={"territory": "departement:62"},
        created_by=ada,
        ok=False,
        error="data·inclusion a refusé la demande https://api.data.inclusion.gouv.fr/api/v0/"
        "structures?code_departement=62&page=1 (statut 503) : maintenance programmée",
    )
    page = new_page()
    log_in(page, "ada")
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Connecteurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connecteurs aux registres publics")
    expect(page.get_by_role("heading", name="data·inclusion")).to_be_visible()
    runs = page.get_by_role("region", name="Dernières exécutions : data·inclusion")
    expect(runs).to_contain_text("Pas-de-Calais")
    expect(runs).to_contain_text("statut 503")
    assert TOKEN not in page.content()
    page.wait_for_load_state("networkidle")
    assert overflow(page) == 0
    assert violations(page) == []


def test_someone_else_is_refused(geography, new_page, live_server):
    UserFactory(username="charlie")
    page = new_page()
    log_in(page, "charlie")
    expect(page.get_by_role("link", name="Connecteurs", include_hidden=True)).to_have_count(0)
    assert page.goto("/connecteurs/").status == 403
