"""Maps that help: a territory's outline, and the diagnosis choropleth with its legend and table,
readable on a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.diagnosis.factories import actor

pytestmark = pytest.mark.browser


def fits_a_phone(page, selector: str) -> bool:
    """The map's figure (map, legend, table) stays within a 390 px screen. The page as a whole
    is issue 17's point 6 (header, other tables)."""
    page.set_viewport_size({"width": 390, "height": 800})
    box = page.locator(selector).bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_diagnosis_colours_communes_by_actors_per_inhabitants(page, geography):
    actor("Épicerie solidaire", "62057", functions=["food"])
    actor("AMAP des marais", "62057", functions=["food"])
    actor("Jardin partagé", "62906", functions=["food"])

    page.goto("/territoires/epci:246200844/diagnostic/?life_function=food")
    diagnosis_map = page.locator("#diagnosis-map")
    expect(diagnosis_map).to_have_attribute("data-ready", "true")
    expect(diagnosis_map).to_have_attribute("data-outlined", "true")
    paths = diagnosis_map.locator(".leaflet-overlay-pane svg path")
    # Communes without any actor are hatched, the others filled with a colour of their class.
    expect(paths.and_(page.locator('[fill="url(#terreau-hatch)"]')).first).to_be_attached()
    assert paths.and_(page.locator('[fill="#74c476"]')).count() >= 1

    legend = page.get_by_role("list", name="Légende : acteurs pour 10 000 habitants")
    expect(legend).to_contain_text("aucun acteur (hachuré) (13 communes)")
    expect(legend.get_by_role("listitem").nth(1)).to_contain_text(",")  # French decimals
    page.get_by_text("Tableau des chiffres de la carte").click()
    table = page.get_by_role(
        "table", name="Acteurs servant « Se nourrir, s'alimenter » par commune"
    )
    expect(table.get_by_role("row", name="Audruicq")).to_contain_text("2")
    assert violations(page) == []
    assert fits_a_phone(page, ".map-figure") and fits_a_phone(page, ".map-table")


def test_territory_page_outline_is_accessible_and_fits_a_phone(page, geography):
    page.goto("/territoires/departement:62/")
    territory_map = page.locator("#territory-map")
    expect(territory_map).to_have_attribute("data-ready", "true")
    expect(territory_map.locator(".leaflet-overlay-pane svg path").first).to_be_attached()
    assert territory_map.locator(".leaflet-overlay-pane svg path").count() > 800
    assert violations(page) == []
    assert fits_a_phone(page, ".map-figure")
