"""A person imports a large cooperation document in the browser: it runs in a background thread
while the page shows its progress, then links to the cooperation."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.cooperations.documents import large_document
from tests.personas import UserFactory


@pytest.mark.browser
def test_person_imports_a_large_document_in_the_background(geography, new_page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TERREAU_COOPERATION_IMPORT_INLINE_ITEMS = 100
    UserFactory(username="camille")
    document = tmp_path / "reseau.json"
    document.write_text(json.dumps(large_document(200)))
    page = new_page()
    log_in(page, "camille")
    page.goto("/cooperations/importer/")
    assert violations(page) == []
    page.get_by_label("Document JSON d'une coopération").set_input_files(str(document))
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("heading", name="Import de reseau.json")).to_be_visible()
    expect(page.get_by_role("heading", name="Coopération importée")).to_be_visible()
    expect(page.locator(".facts dd").first).to_have_text("200")
    assert violations(page) == []  # the job's page, once done
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # fits a phone
    page.get_by_role("link", name="Voir la coopération Réseau des tiers-lieux").click()
    expect(page.get_by_role("heading", name="Réseau des tiers-lieux")).to_be_visible()
