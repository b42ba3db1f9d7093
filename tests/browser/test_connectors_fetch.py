"""A person imports the establishments of a commune from the API Recherche d'entreprises (the
local fake server standing in for it): button, form, preview, import, report; axe and a phone."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from terreau.actors.models import Actor
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.connectors.registries import JARDINS, serve_audruicq
from tests.personas import UserFactory


@pytest.mark.browser
def test_person_previews_then_imports_a_territory_from_the_public_registry(
    geography, new_page, fake_api
):
    serve_audruicq(fake_api)
    user = UserFactory(username="camille")
    user.user_permissions.add(Permission.objects.get(codename="import_actors"))
    page = new_page()
    log_in(page, "camille")
    page.goto("/acteurs/?territoire=commune:62057")
    page.get_by_role("link", name="Importer depuis les registres publics").click()
    expect(
        page.get_by_role("heading", name="Importer depuis les registres publics")
    ).to_be_visible()
    expect(
        page.get_by_label("Seulement les entreprises et associations en activité")
    ).to_be_checked()
    assert violations(page) == []
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.get_by_role("heading", name="Ce que l'import ferait")).to_be_visible()
    expect(page.get_by_role("cell", name="JARDINS DE LA GARE")).to_be_visible()
    expect(page.get_by_text("établissements fermés (1)")).to_be_visible()
    expect(page.get_by_text("Audruicq", exact=True).first).to_be_visible()  # a name, not a code
    assert not Actor.objects.exists()
    assert violations(page) == []
    page.get_by_role("button", name="Lancer l'import").click()
    expect(page.get_by_role("heading", name="Résultat")).to_be_visible()
    expect(page.locator("#job-status .facts dd").first).to_have_text("3")
    assert Actor.objects.filter(siret=JARDINS, is_public=True).exists()
    assert violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto("/connecteurs/importer/?territoire=commune:62057")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(Actor.objects.get(siret=JARDINS).get_absolute_url())
    expect(page.get_by_role("heading", name="JARDINS DE LA GARE")).to_be_visible()
