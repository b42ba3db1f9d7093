"""A territory's récit: camille, who carries a cooperation there and follows the territory, writes
a narrative in place (htmx) and publishes it; an anonymous visitor then reads the published récit
without her private cooperation, and the plaidoyer pack; at 1280 and 390 px, with axe. A visitor
reads the demo récit likewise."""

import pytest
from playwright.sync_api import expect

from terreau.cooperations.services import cooperation_publish
from terreau.demo import demo_load
from terreau.economy.models import UsefulEffect
from terreau.maturity.demo import DEMO_TERRITORY
from terreau.territories.follows import territory_follow
from terreau.territories.refs import resolve
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.cooperations.factories import make_block, make_cooperation
from tests.personas import UserFactory

pytestmark = pytest.mark.browser

EPCI = "epci:246200844"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_a_member_writes_and_publishes_the_recit_a_visitor_reads_it(new_page, geography):
    camille = UserFactory(username="camille")
    public = make_cooperation(camille, name="Écopôle alimentaire", stage="creation")
    cooperation_publish(cooperation=public, public=True)
    make_block(public, name="Cuisine partagée", life_functions=" food ", status="running")
    private = make_cooperation(camille, name="Garage secret", models=" solidarity_garage ")
    UsefulEffect.objects.create(
        cooperation=private,
        name="Trajets vers l'emploi",
        effect_type="health",
        evidence_level="measured",
    )
    territory_follow(user=camille, territory=resolve(EPCI))

    member = new_page()
    log_in(member, "camille")
    member.goto(f"/territoires/{EPCI}/recit/")
    expect(member.get_by_role("heading", level=1)).to_have_text(
        "Récit du territoire : CC de la Région d'Audruicq"
    )
    section = member.locator("#territory")
    section.get_by_role("link", name="Écrire le récit").click()
    section.get_by_label("Récit").fill("Un marais, des maraîchers, une légumerie.")
    section.get_by_role("button", name="Enregistrer le récit").click()
    expect(member.locator("#territory")).to_contain_text("Un marais, des maraîchers")
    for size in (DESKTOP, PHONE):
        member.set_viewport_size(size)
        member.goto(f"/territoires/{EPCI}/recit/")
        expect(member.locator("#useful_effects")).to_contain_text("Trajets vers l'emploi")
        assert overflow(member) <= 0
        assert violations(member) == []
    member.get_by_role("button", name="Publier le récit").click()
    expect(member.get_by_text("Le récit est publié", exact=False).first).to_be_visible()

    visitor = new_page()
    for size in (DESKTOP, PHONE):
        visitor.set_viewport_size(size)
        visitor.goto(f"/territoires/{EPCI}/recit/")
        expect(visitor.locator("#territory")).to_contain_text("Un marais, des maraîchers")
        expect(visitor.locator("#cooperations")).to_contain_text("Écopôle alimentaire")
        expect(visitor.get_by_text("Garage secret")).to_have_count(0)
        expect(visitor.get_by_text("Trajets vers l'emploi")).to_have_count(0)
        assert overflow(visitor) <= 0
        assert violations(visitor) == []
        visitor.goto(f"/territoires/{EPCI}/plaidoyer.html")
        expect(visitor.get_by_role("heading", level=1)).to_contain_text("Plaidoyer")
        expect(visitor.get_by_text("Trajets vers l'emploi")).to_have_count(0)
        assert overflow(visitor) <= 0
        assert violations(visitor) == []


def test_a_visitor_reads_the_demo_recit_with_its_territory_round(new_page, geography):
    """The demo récit of the Écopôle's territory (`terreau demo load`): published, its narratives
    quoting §000, the Écopôle among the cooperations and the illustrative territory round's
    aggregates with its radar, without comments."""
    demo_load()
    visitor = new_page()
    address = f"/territoires/{DEMO_TERRITORY}/recit/"
    for size in (DESKTOP, PHONE):
        visitor.set_viewport_size(size)
        visitor.goto(address)
        expect(visitor.get_by_role("heading", level=1)).to_contain_text("Récit du territoire")
        expect(visitor.locator("#territory")).to_contain_text("écosystème coopératif")
        expect(visitor.locator("#cooperations")).to_contain_text("Écopôle alimentaire d'Audruicq")
        maturity = visitor.locator("#maturity")
        expect(maturity).to_contain_text("Premier tour du territoire (réponses illustratives)")
        expect(maturity).to_contain_text("Tour illustratif")
        expect(maturity.get_by_role("table").first).to_be_visible()
        assert overflow(visitor) <= 0
        assert violations(visitor) == []
