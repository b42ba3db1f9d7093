"""A member opens a cooperation's page and finds the offers that fit it, with the reasons, the
excluded ones on request, and follows the new ones."""

import pytest
from playwright.sync_api import expect

from tests.browser.people import log_in
from tests.cooperations.factories import make_cooperation
from tests.offers.matching_factories import make_offer
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


def test_member_sees_the_matched_offers_of_a_cooperation(page, geography):
    camille = UserFactory(username="camille")
    make_cooperation(camille, name="Écopôle")
    make_offer(
        "Fonds alimentation Hauts-de-France",
        perimeter=["region:32"],
        stages=["emergence"],
        cooperation_models=["pat"],
        funds_animation=True,
    )
    make_offer("Réseau des PAT", kind="support", types=["peer_support"], cooperation_models=["pat"])
    make_offer("Fonds jurassien", perimeter=["departement:39"])
    make_offer(
        "Réseau des garages solidaires",
        kind="support",
        types=["peer_support"],
        cooperation_models=["solidarity_garage"],
        life_functions=["mobility"],
    )
    log_in(page, "camille")

    page.goto("/cooperations/ecopole/")
    offers = page.locator("#offres")
    matches = offers.locator("ol.offer-matches").first.locator("li.offer-match")
    expect(matches).to_have_count(2)  # the recommended ones, loaded after the page, with htmx
    expect(matches.first).to_contain_text("Fonds alimentation Hauts-de-France")
    expect(matches.first).to_contain_text("adéquation")
    expect(matches.nth(1)).to_contain_text("Réseau des PAT")

    matches.first.get_by_text("Pourquoi cette offre ?").click()
    reasons = matches.first.locator("li.reason")
    expect(reasons.filter(has_text="Étape")).to_contain_text(
        "rempli — Étape : Étape visée : Émergence."
    )
    expect(reasons.filter(has_text="Public visé")).to_contain_text("inconnu")

    # The offers not recommended are collapsed, each with what keeps it from being recommended.
    others = offers.locator("details.other-offers")
    expect(others.locator("li.offer-match")).to_be_hidden()
    others.locator("summary").first.click()
    expect(others.locator("li.offer-match")).to_contain_text("Réseau des garages solidaires")
    expect(others.locator("li.offer-match")).to_contain_text("Non recommandée")

    offers.get_by_role("link", name="Voir aussi les offres exclues et pourquoi").click()
    expect(offers.locator("ul.excluded li")).to_have_text(
        "Fonds jurassien — Périmètre : Hors du périmètre de l'offre : Jura."
    )

    offers.get_by_role("button", name="Suivre les nouvelles offres").click()
    expect(page.get_by_role("status")).to_contain_text("Vous serez prévenu(e)")
    expect(page.get_by_role("button", name="Ne plus suivre")).to_be_visible()
