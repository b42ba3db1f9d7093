"""A person imports a spreadsheet of actors in the browser; the import runs in the background."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.browser.people import log_in
from tests.personas import UserFactory


@pytest.mark.browser
def test_person_imports_a_spreadsheet_and_sees_the_actors_on_the_map(
    geography, new_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(username="camille")
    user.user_permissions.add(Permission.objects.get(codename="import_actors"))
    spreadsheet = tmp_path / "acteurs.csv"
    spreadsheet.write_bytes(
        "Nom;Code commune;Fonctions de vie\n"
        "Épicerie solidaire;62057;Se nourrir, s'alimenter\n"
        "Garage solidaire;62906;mobility\n".encode("cp1252")
    )
    page = new_page()
    log_in(page, "camille")
    page.goto("/acteurs/import/")
    page.get_by_label("Fichier").set_input_files(str(spreadsheet))
    page.get_by_label("Format").select_option("csv")
    page.get_by_role("button", name="Déposer et prévisualiser").click()
    expect(page.get_by_role("heading", name="Aperçu des premières lignes")).to_be_visible()
    expect(page.get_by_role("cell", name="Garage solidaire")).to_be_visible()
    page.get_by_role("button", name="Lancer l'import").click()
    expect(page.get_by_role("heading", name="Résultat")).to_be_visible()
    expect(page.locator(".facts dd").first).to_have_text("2")
    page.get_by_role("link", name="Voir les acteurs").click()
    actors_map = page.locator("#actors-map")
    expect(actors_map).to_have_attribute("data-points", "2")  # scripts loaded, map drawn
    page.get_by_label("Fonction de vie").select_option("mobility")
    expect(page.get_by_role("link", name="Épicerie solidaire")).to_have_count(0)
    expect(page.get_by_role("link", name="Garage solidaire")).to_be_visible()
    expect(page.locator("#actors-map")).to_have_attribute("data-points", "1")
