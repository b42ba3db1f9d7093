"""A person creates a cooperation, adds a member found in the directory and a building block."""

import pytest
from playwright.sync_api import expect

from terreau.cooperations.models import Cooperation
from terreau.territories.models import Commune
from tests.browser.people import log_in
from tests.cooperations.factories import make_actor
from tests.personas import UserFactory

pytestmark = pytest.mark.browser


def test_person_creates_a_cooperation_adds_a_member_and_a_block(page, new_page, geography):
    UserFactory(username="camille")
    make_actor("Épicerie solidaire d'Audruicq", commune=Commune.objects.get(code="62057"))
    log_in(page, "camille")

    page.goto("/cooperations/")
    page.get_by_role("link", name="Créer une coopération").click()
    page.get_by_role("textbox", name="Nom", exact=True).fill("Écopôle alimentaire")
    page.get_by_role("textbox", name="Visée").fill("Nourrir le territoire ensemble")
    # A reference is still understood where people type a territory's name.
    page.get_by_role("combobox", name="Territoire", exact=True).fill("epci:246200844")
    page.get_by_role("combobox", name="Typologie").select_option(label="Modélisée")
    # One or several models (§002: a PTCE may also be a tiers-lieu).
    page.get_by_label("Projet alimentaire territorial (PAT)", exact=True).check()
    page.get_by_label("Tiers-lieu", exact=True).check()
    page.get_by_role("combobox", name="Modèle économique").select_option(label="Hybride")
    page.get_by_role("combobox", name="Portage").select_option(label="Mixte")
    page.get_by_role("combobox", name="Étape").select_option(label="Émergence")
    page.get_by_role("combobox", name="Forme juridique").select_option(label="Collectif informel")
    page.get_by_label("Se nourrir, s'alimenter").check()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Écopôle alimentaire")
    expect(page.get_by_role("status")).to_contain_text("Coopération créée")
    expect(page.locator("main")).to_contain_text(
        "Modélisée — Tiers-lieu, Projet alimentaire territorial (PAT)"
    )

    page.get_by_role("link", name="Ajouter un membre").click()
    page.get_by_role("searchbox", name="Acteur").fill("epicerie")
    page.get_by_label("Épicerie solidaire d'Audruicq").check()
    page.get_by_label("Opérateur").check()
    page.get_by_label("Porteur").check()
    page.get_by_role("button", name="Enregistrer").click()
    members = page.locator("#membres tbody tr")
    expect(members).to_have_count(1)
    expect(members.first).to_contain_text("Porteur, Opérateur")

    page.get_by_role("link", name="Ajouter une brique").click()
    page.get_by_role("textbox", name="Nom", exact=True).fill("Légumerie")
    page.get_by_role("combobox", name="État").select_option(label="en fonctionnement")
    page.get_by_label("Se nourrir, s'alimenter").check()
    page.get_by_label("Épicerie solidaire d'Audruicq").check()
    page.get_by_role("button", name="Enregistrer").click()
    coverage = page.locator("table.coverage tbody tr")
    expect(coverage).to_have_count(1)
    expect(coverage.first).to_contain_text("Légumerie · en fonctionnement")

    cooperation = Cooperation.objects.get()
    assert list(cooperation.blocks.get().operators.values_list("actor__name", flat=True)) == [
        "Épicerie solidaire d'Audruicq"
    ]
    stranger = new_page()
    assert stranger.goto(page.url).status == 404
