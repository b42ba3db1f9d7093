"""The territory dashboard: an anonymous visitor reads it on the territory page (loaded there by
htmx) and a member sees her private cooperation and its useful effects on its own page, at 1280
and 390 px, with axe."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from terreau.cooperations.services import cooperation_publish
from terreau.economy.models import Contribution, UsefulEffect
from terreau.territories.models import Commune
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.cooperations.factories import make_actor, make_block, make_cooperation
from tests.diagnosis.factories import need
from tests.personas import UserFactory

pytestmark = pytest.mark.browser

EPCI = "epci:246200844"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_visitor_and_member_read_the_territory_dashboard(new_page, geography):
    camille = UserFactory(username="camille")
    public = make_cooperation(camille, name="Écopôle alimentaire", stage="creation")
    cooperation_publish(cooperation=public, public=True)
    make_block(public, name="Cuisine partagée", life_functions=" food ", status="running")
    private = make_cooperation(camille, name="Garage secret", models=" solidarity_garage ")
    mairie = make_actor(
        "Mairie d'Audruicq", kind="public_body", commune=Commune.objects.get(code="62057")
    )
    effect = UsefulEffect.objects.create(
        cooperation=private,
        name="Trajets vers l'emploi",
        effect_type="health",
        estimated_annual_value=Decimal("8000"),
    )
    Contribution.objects.create(effect=effect, beneficiary=mairie)
    # Open needs of the EPCI and of Arras: enough in the Pas-de-Calais to compare.
    need(EPCI, "Manger local", author=camille, cooperations=[public])
    need("commune:62041", "Se loger à Arras", author=camille)
    need("commune:62041", "Se déplacer à Arras", author=camille)

    visitor = new_page()
    for size in (DESKTOP, PHONE):
        visitor.set_viewport_size(size)
        visitor.goto(f"/territoires/{EPCI}/")
        board = visitor.get_by_role("region", name="Tableau de bord du territoire")
        expect(board.get_by_role("link", name="Écopôle alimentaire").first).to_be_visible()
        expect(board.get_by_role("heading", level=3, name="Comparaison")).to_be_visible()
        expect(board.get_by_text("Garage secret")).to_have_count(0)
        expect(board.get_by_text("réservé à ses membres", exact=False)).to_be_visible()
        needs = board.get_by_role(
            "region", name="Besoins ouverts et part prise en charge", exact=False
        )
        expect(needs.get_by_role("row", name="Part prise en charge 100 % 33 %")).to_be_visible()
        expect(
            board.get_by_role("heading", level=4, name="Besoins ouverts, ici et à Pas-de-Calais")
        ).to_be_visible()
        assert overflow(visitor) <= 0
        assert violations(visitor) == []

    member = new_page()
    log_in(member, "camille")
    for size in (DESKTOP, PHONE):
        member.set_viewport_size(size)
        member.goto(f"/territoires/{EPCI}/tableau-de-bord/")
        expect(member.get_by_role("heading", level=1)).to_have_text(
            "Tableau de bord : CC de la Région d'Audruicq"
        )
        expect(member.get_by_role("rowheader", name="Garage secret privée")).to_be_visible()
        effects = member.get_by_role("region", name="Effets utiles et contributeurs").last
        expect(effects).to_contain_text("Trajets vers l'emploi")
        expect(effects).to_contain_text("8 000 €")
        expect(
            member.get_by_role(
                "heading", level=3, name="Effets utiles et contributeurs, ici et à Pas-de-Calais"
            )
        ).to_be_visible()
        section = member.get_by_role("region", name="Effets utiles et contributeurs").first
        expect(section).to_contain_text("Trop peu de chiffres pour comparer avec Pas-de-Calais")
        chart = member.get_by_role("img", name="Nombre de coopérations par étape", exact=False)
        expect(chart).to_be_visible()
        assert overflow(member) <= 0
        assert violations(member) == []

    member.get_by_label("Comparer avec").fill("France")
    member.get_by_role("button", name="Comparer").click()
    comparison = member.get_by_role("region", name="Comparaison").first
    expect(comparison.get_by_role("rowheader", name="France")).to_be_visible()
