"""A member records a resource of the cooperation's economic model through its page."""

import re

import pytest
from playwright.sync_api import expect

from terreau.territories.models import Commune
from tests.browser.people import log_in
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


def test_member_records_a_multi_year_convention_and_reads_the_indicators(page, new_page, geography):
    camille = UserFactory(username="camille")
    ecopole = make_cooperation(camille, name="Écopôle alimentaire")
    city = make_actor(
        "Commune d'Audruicq", kind="local_authority", commune=Commune.objects.get(code="62057")
    )
    make_member(ecopole, city, roles=["local_authority", "funder"])
    log_in(page, "camille")

    page.goto(f"/cooperations/{ecopole.slug}/")
    page.get_by_role("link", name="Ouvrir le modèle économique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Modèle économique de Écopôle alimentaire"
    )
    page.get_by_role("combobox", name="Année").select_option("2025")
    page.get_by_role("button", name="Afficher").click()
    page.get_by_role("link", name="Ajouter une ressource").click()
    page.get_by_role("textbox", name="Intitulé").fill("Convention de la commune 2025-2027")
    page.get_by_role("combobox", name="Catégorie").select_option(
        label="Convention publique pluriannuelle"
    )
    page.get_by_role("combobox", name="Forme").select_option(label="Argent")
    page.get_by_role("spinbutton", name="Montant (€)").fill("45000.00")
    page.get_by_label("Commune d'Audruicq").check()  # offered among the members
    expect(page.get_by_label("Début")).to_have_value("2025-01-01")
    page.get_by_label(re.compile(r"^Fin")).fill("2027-12-31")
    page.get_by_role("combobox", name="Mode de financement").select_option(
        label="Convention pluriannuelle"
    )
    page.get_by_role("combobox", name="Affectation").select_option(
        label="Animation et coordination de la coopération"
    )
    page.get_by_role("combobox", name="État").select_option(label="accordée")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_contain_text("Ressource enregistrée")
    lines = page.locator("#ressources table").nth(1).locator("tbody tr")
    expect(lines).to_have_count(1)
    expect(lines.first).to_contain_text("Commune d'Audruicq")
    expect(page.locator("#synthese")).to_contain_text("15 000,00 €")  # a third of 45,000
    expect(page.locator("#indicateurs")).to_contain_text(
        "100 % des ressources financières dépendent d'un seul financeur."
    )
    assert ecopole.resources.get().source == city

    stranger = new_page()
    assert stranger.goto(page.url).status == 404


def test_economy_pages_with_data_have_no_accessibility_violations(page, geography):
    from datetime import date

    from tests.browser.axe import violations
    from tests.economy.factories import make_contribution, make_cost, make_effect, make_resource

    camille = UserFactory(username="camille")
    ecopole = make_cooperation(camille, name="Écopôle alimentaire")
    city = make_actor("Commune d'Audruicq", kind="local_authority")
    make_member(ecopole, city, roles=["funder"])
    make_resource(
        ecopole,
        "Convention",
        category="public_multi_year",
        amount="36000.00",
        source=city,
        start_date=date(2024, 1, 1),
        end_date=date(2026, 12, 31),
        funding_mode="multi_year_convention",
    )
    make_resource(
        ecopole,
        "Bénévolat",
        category="volunteering",
        form="time",
        amount=None,
        hours="100",
        hourly_value="12.00",
    )
    make_cost(ecopole)
    effect = make_effect(ecopole)
    make_contribution(effect, city)
    log_in(page, "camille")
    base = f"/cooperations/{ecopole.slug}/economie/"
    found = {}
    for url in [
        f"{base}?annee=2025",
        f"{base}effets/{effect.pk}/",
        f"{base}effets/{effect.pk}/contributions/ajouter/",
        f"{base}ressources/{ecopole.resources.first().pk}/",
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if problems := violations(page):
            found[url] = problems
    assert found == {}
