"""A network's plaidoyer pack on the demo: the Générateur Bourgogne-Franche-Comté, a tête de
réseau whose members (France Active Franche-Comté, Cluster Jura, PESAD 21) carry the Générateur's
cooperation. The demo account, who has its record, opens the pack from the network's page and
reads its members, cooperation and the offers' gaps of the Bourgogne-Franche-Comté; an anonymous
visitor reads the same pack without the memberships recorded inside the cooperation; at 1280 and
390 px, with axe."""

import pytest
from playwright.sync_api import expect

from terreau.actors.models import Actor
from terreau.demo import demo_load
from tests.browser.axe import violations
from tests.browser.people import log_in_as_demo

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
NETWORK = "Générateur Bourgogne-Franche-Comté"


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_demo_network_reads_its_plaidoyer(new_page, geography):
    demo_load()
    head = Actor.objects.get(kind="network", name=NETWORK)

    member = new_page()
    log_in_as_demo(member)
    member.set_viewport_size(DESKTOP)
    member.goto(f"/acteurs/{head.pk}/")
    member.get_by_role("link", name="Plaidoyer du réseau").click()
    expect(member.get_by_role("heading", level=1)).to_have_text(f"Plaidoyer : {NETWORK}")
    for size in (DESKTOP, PHONE):
        member.set_viewport_size(size)
        member.goto(f"/acteurs/{head.pk}/plaidoyer.html")
        expect(member.get_by_text("Membres du réseau :")).to_contain_text("Cluster Jura")
        expect(member.get_by_text("Coopérations du réseau :")).to_contain_text(NETWORK)
        region = member.get_by_role("heading", level=3, name="Bourgogne-Franche-Comté")
        expect(region).to_be_visible()
        assert overflow(member) <= 0
        assert violations(member) == []

    visitor = new_page()
    for size in (DESKTOP, PHONE):
        visitor.set_viewport_size(size)
        visitor.goto(f"/acteurs/{head.pk}/plaidoyer.html")
        expect(visitor.get_by_role("heading", level=1)).to_have_text(f"Plaidoyer : {NETWORK}")
        expect(visitor.get_by_text("Membres du réseau :")).to_contain_text("aucun")
        expect(visitor.get_by_text("Cluster Jura")).to_have_count(0)
        assert overflow(visitor) <= 0
        assert violations(visitor) == []
