"""A person imports a spreadsheet of actors in the browser; the import runs in the background."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from terreau.actors.models import Actor
from terreau.territories.models import Commune
from tests.actors.files import siret
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.personas import UserFactory


@pytest.mark.browser
def test_person_imports_a_spreadsheet_and_sees_the_actors_on_the_map(
    geography, new_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(username="camille")
    user.user_permissions.add(Permission.objects.get(codename="import_actors"))
    UserFactory(username="charlie")
    # Camille renamed this one in Terreau: the spreadsheet's older name must not replace hers.
    renamed = Actor.objects.create(
        name="Épicerie solidaire d'Audruicq",
        search_name="epicerie solidaire d audruicq",
        kind="association",
        siret=siret(1),
        commune=Commune.objects.get(code="62057"),
        source="manual",
        created_by=user,
        edited_fields=["name"],
    )
    spreadsheet = tmp_path / "acteurs.csv"
    spreadsheet.write_bytes(
        "Nom;SIRET;Code commune;Fonctions de vie\n"
        f"Épicerie solidaire;{siret(1)};62057;Se nourrir, s'alimenter\n"
        "Garage solidaire;;62906;mobility\n".encode("cp1252")
    )
    page = new_page()
    log_in(page, "camille")
    page.goto("/acteurs/import/")
    page.get_by_label("Fichier").set_input_files(str(spreadsheet))
    page.get_by_label("Format").select_option("csv")
    visibility = page.get_by_label("Visibilité des acteurs créés")
    expect(visibility.locator("option:checked")).to_have_text(
        "Selon le format : publics pour SIRENE et RNA, privés pour un tableur"
    )
    expect(page.get_by_label("Les cellules vides effacent les valeurs")).not_to_be_checked()
    assert violations(page) == []
    page.get_by_role("button", name="Déposer et prévisualiser").click()
    expect(page.get_by_role("heading", name="Aperçu des premières lignes")).to_be_visible()
    expect(page.get_by_role("cell", name="Garage solidaire")).to_be_visible()
    expect(page.get_by_text("Les acteurs créés seront privés")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Lancer l'import").click()
    expect(page.get_by_role("heading", name="Résultat")).to_be_visible()
    expect(page.locator(".facts dd").first).to_have_text("1")
    expect(page.get_by_text("Les acteurs créés sont privés")).to_be_visible()
    conflicts = page.get_by_role("table", name="Conflits avec des valeurs saisies dans Terreau")
    expect(conflicts.get_by_role("row")).to_have_count(2)
    expect(conflicts.get_by_role("cell", name="Épicerie solidaire", exact=True)).to_be_visible()
    expect(conflicts.get_by_role("link", name=renamed.name)).to_have_attribute(
        "href", renamed.get_absolute_url()
    )
    assert violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the report fits a phone
    expect(page.get_by_text("Format : Tableur CSV")).to_be_visible()  # a name, not the key
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Voir les acteurs").click()
    actors_map = page.locator("#actors-map")
    expect(actors_map).to_have_attribute("data-points", "2")  # scripts loaded, map drawn
    page.get_by_label("Fonction de vie").select_option("mobility")
    expect(page.get_by_role("link", name=renamed.name)).to_have_count(0)
    expect(page.get_by_role("link", name="Garage solidaire")).to_be_visible()
    expect(page.locator("#actors-map")).to_have_attribute("data-points", "1")

    # Charlie, logged in without the permission, learns what he lacks and whom to ask, and does
    # not see Camille's private actors.
    other = new_page()
    log_in(other, "charlie")
    other.goto("/acteurs/import/")
    expect(other.get_by_role("heading", name="Permission nécessaire")).to_be_visible()
    expect(other.get_by_text("« Peut importer des acteurs depuis un fichier »")).to_be_visible()
    assert violations(other) == []
    other.goto("/acteurs/?territoire=commune:62906")
    expect(other.get_by_role("link", name="Garage solidaire")).to_have_count(0)
