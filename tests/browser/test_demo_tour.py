"""The demonstration as a newcomer tours it: the pages the README shows, on a desktop and on a
390 px phone, each with its content from the demo data set (La Butinerie, Pantin's synthetic
directory). With TERREAU_SCREENSHOTS=DIR (`make screenshots`) each view is saved in DIR, the
README's pictures."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from terreau.demo import demo_load
from tests.browser.people import log_in_as_demo

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# (file name, address, what the page must show, also shot on a phone)
TOUR = [
    ("accueil", "/", "Terreau", True),
    ("territoire", "/territoires/commune:93055/", "Pantin", False),
    ("diagnostic", "/territoires/commune:93055/diagnostic/?life_function=food", "Pantin", True),
    ("cooperation", "/cooperations/la-butinerie/", "La Butinerie", True),
    ("economie", "/cooperations/la-butinerie/economie/", "La Butinerie", False),
    ("offres", "/cooperations/la-butinerie/offres/", "La Butinerie", False),
    ("reseau", "/reseau/cooperation/la-butinerie/", "La Butinerie", False),
    # The other real cases, as their sources tell them (§000, §001–§002), and the catalysts.
    (
        "audruicq",
        "/cooperations/ecopole-alimentaire-audruicq/",
        "Écopôle alimentaire d'Audruicq",
        True,
    ),
    (
        "generateur",
        "/cooperations/generateur-bourgogne-franche-comte/",
        "Générateur Bourgogne-Franche-Comté",
        True,
    ),
    ("catalyseurs", "/catalyseurs/", "Catalyseurs territoriaux", True),
]


def shoot(page, name: str) -> None:
    """Save what the person sees, when screenshots are asked for."""
    directory = os.environ.get("TERREAU_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.jpeg"), type="jpeg", quality=80)


def test_the_demo_shows_a_territory_and_a_cooperation_on_a_desktop_and_a_phone(page, geography):
    demo_load()
    page.set_viewport_size(DESKTOP)
    page.goto("/territoires/commune:93055/diagnostic/")
    # Pantin's synthetic directory: a diagnosis of hundreds of actors, not six.
    lead = page.locator("p.lead")
    expect(lead).to_contain_text("acteurs connus")
    assert int("".join(ch for ch in lead.inner_text().split(" acteurs")[0] if ch.isdigit())) > 100
    log_in_as_demo(page)
    for name, address, shown, on_phone in TOUR:
        for size, suffix in [(DESKTOP, ""), *([(PHONE, "-mobile")] if on_phone else [])]:
            page.set_viewport_size(size)
            page.goto(address)
            expect(page.get_by_role("heading", level=1)).to_contain_text(shown)
            if page.locator("[data-ready]").count():
                expect(page.locator("[data-ready]").first).to_have_attribute("data-ready", "true")
            shoot(page, name + suffix)
