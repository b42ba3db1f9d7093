"""A provider adds an offer in a real browser, and a visitor finds it by filtering the catalogue."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from terreau.offers.models import Offer
from tests.browser.people import log_in
from tests.offers.factories import make_offer
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


def test_provider_adds_an_offer_on_the_jura_and_a_visitor_finds_it(page, new_page, geography):
    make_offer("Okoté (test)", kind="financing", perimeter=["epci:246700488"])
    provider = UserFactory(username="cluster-jura")
    provider.user_permissions.add(Permission.objects.get(codename="add_offer"))
    log_in(page, provider.username)

    page.goto("/offres/nouvelle/")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Accompagnement à l'émergence")
    page.get_by_label("Nature").select_option("support")
    page.get_by_role("checkbox", name="Fabrique à initiatives").check()
    page.get_by_role("combobox", name="Ajouter un territoire").press_sequentially("jura")
    page.get_by_role("option", name="Jura Département", exact=True).click()
    expect(page.locator("#chosen-components li")).to_have_text(["Jura (Département) Retirer"])
    stages = page.get_by_role("group", name="Étapes")
    stages.get_by_role("checkbox", name="Émergence").check()
    page.get_by_label("Structure juridique exigée").select_option("false")
    page.get_by_label("Statut").select_option("published")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_have_text("Offre enregistrée.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accompagnement à l'émergence")
    criteria = page.locator("#eligibility-title + dl")
    expect(criteria).to_contain_text("Jura (Département)")
    expect(criteria).to_contain_text("Émergence")
    offer = Offer.objects.get(name="Accompagnement à l'émergence")
    assert offer.legal_entity_required is False
    assert offer.audiences is None  # nothing ticked: unknown

    visitor = new_page()
    visitor.goto("/offres/")
    results = visitor.locator("#offer-results h2")
    expect(results).to_have_text(["Accompagnement à l'émergence", "Okoté (test)"])
    visitor.get_by_label("Territoire").fill("commune:39300")
    visitor.get_by_role("button", name="Filtrer").click()
    expect(results).to_have_text(["Accompagnement à l'émergence"])
