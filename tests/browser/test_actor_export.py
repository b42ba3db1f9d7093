"""A large XLSX export of the directory is prepared in the background: an anonymous visitor is
asked to log in (and offered the CSV), a logged-in person starts it and downloads the file."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from terreau.actors.models import Actor
from terreau.core.text import search_key
from terreau.territories.models import Commune
from tests.browser.axe import violations
from tests.personas import PASSWORD, UserFactory


@pytest.mark.browser
def test_a_person_logs_in_to_receive_a_large_spreadsheet(geography, new_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TERREAU_EXPORT_DIRECT_MAX_ROWS = 1
    UserFactory(username="camille")
    commune = Commune.objects.get(code="62057")
    for name in ("Atelier vélo", "Épicerie solidaire"):
        Actor.objects.create(name=name, search_name=search_key(name), commune=commune)
    page = new_page()
    page.goto("/acteurs/export.xlsx?territoire=commune:62057")
    expect(page.get_by_role("heading", name="Exporter la liste en tableur")).to_be_visible()
    expect(page.get_by_text("La liste compte 2 acteurs.")).to_be_visible()
    expect(page.get_by_role("link", name="télécharger le CSV")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("link", name="Se connecter pour recevoir le tableur").click()
    page.get_by_label("Nom d’utilisateur").fill("camille")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("button", name="Préparer le tableur").click()
    link = page.get_by_role("link", name="Télécharger acteurs.xlsx")
    expect(link).to_be_visible()
    assert violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_download() as download:
        link.click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Atelier vélo",
        "Épicerie solidaire",
    ]
    page.goto("/travaux/")
    expect(page.get_by_role("link", name="Export d'acteurs : acteurs.xlsx")).to_be_visible()
