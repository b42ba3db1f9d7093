"""A visitor finds territories by typing, and reads their page and map."""

import pytest
from playwright.sync_api import expect

from terreau.territories.models import Contour

pytestmark = pytest.mark.browser


def test_visitor_finds_a_commune_by_typing_and_sees_it_on_its_map(page, geography):
    page.goto("/territoires/")
    page.get_by_label("Chercher un territoire").press_sequentially("audruicq")

    results = page.locator("#territory-results")
    expect(
        results.get_by_role("link", name="CC de la Région d'Audruicq", exact=True)
    ).to_be_visible()
    # A bassin de vie is also called Audruicq: the visitor tells them apart by their level.
    commune = results.get_by_role("listitem").filter(has=page.get_by_text("Commune", exact=True))
    commune.get_by_role("link", name="Audruicq", exact=True).click()

    expect(page).to_have_url("/territoires/commune:62057/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audruicq")
    expect(page.locator(".facts div", has_text="Niveau").locator("dd")).to_have_text("Commune")
    parents = page.get_by_role("region", name="Territoires englobants")
    for name in ["CC de la Région d'Audruicq", "Pas-de-Calais", "Hauts-de-France"]:
        expect(parents.get_by_role("link", name=name, exact=True)).to_be_visible()

    territory_map = page.locator("#territory-map")
    expect(territory_map).to_have_attribute("data-ready", "true")
    # Its outline and the communes around it, drawn as SVG without any tile server.
    expect(territory_map).to_have_attribute("data-outlined", "true")
    expect(territory_map.locator(".leaflet-overlay-pane svg path").first).to_be_attached()
    expect(page.locator("#territory-map-note")).to_be_empty()


def test_epci_map_shows_its_communes_and_a_map_without_contours_falls_back_to_points(
    page, geography
):
    page.goto("/territoires/epci:246200844/")
    expect(page.get_by_role("heading", level=1)).to_have_text("CC de la Région d'Audruicq")
    territory_map = page.locator("#territory-map")
    expect(territory_map).to_have_attribute("data-ready", "true")
    # Outline, its 15 communes and neighbouring communes.
    assert territory_map.locator(".leaflet-overlay-pane svg path").count() > 16

    # Without any contour loaded, the map draws the communes' points, and says when none is known.
    Contour.objects.all().delete()
    page.goto("/territoires/commune:12218/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conques-en-Rouergue")
    expect(territory_map).to_have_attribute("data-ready", "true")
    expect(territory_map).to_have_attribute("data-points", "0")
    expect(page.locator("#territory-map-note")).to_have_text(
        "Aucune position connue pour ces communes : "
        "chargez les points avec « terreau geo load-points »."
    )
