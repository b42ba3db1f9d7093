"""Every main page works on a 390 px phone: the page itself never scrolls sideways (wide tables
scroll inside their own container), the header folds into a menu, and axe stays clean."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from terreau.maturity.services import round_close
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.cooperations.factories import make_actor, make_block, make_cooperation, make_member
from tests.economy.factories import make_cost, make_effect, make_resource
from tests.maturity.factories import answer_by_link, make_round
from tests.offers.factories import make_offer
from tests.personas import UserFactory

PHONE = {"width": 390, "height": 844}

PAGES = [
    "/",
    "/territoires/?q=audruicq",
    "/territoires/commune:62057/",
    "/territoires/departement:62/",
    "/territoires/region:32/",
    "/territoires/epci:246200844/diagnostic/",
    "/territoires/epci:246200844/tableau-de-bord/",
    "/territoires/projets/",
    "/acteurs/?territoire=epci:246200844",
    "/cooperations/",
    "/cooperations/ecopole/",
    "/cooperations/ecopole/membres/ajouter/",
    "/cooperations/ecopole/economie/",
    "/cooperations/ecopole/offres/",
    "/cooperations/ecopole/maturite/",
    "/cooperations/ecopole/evaluation/",
    "/cooperations/ecopole/monographie/",
    "/reseau/cooperation/ecopole/",
    "/offres/",
    "/offres/offre-test/",
    "/acteurs/import/",
    "/cooperations/importer/",
    "/travaux/",
]


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.browser
def test_main_pages_fit_a_phone(geography, new_page, live_server):
    camille = UserFactory(username="camille")
    camille.user_permissions.add(Permission.objects.get(codename="import_actors"))
    camille.user_permissions.add(Permission.objects.get(codename="add_offer"))
    ecopole = make_cooperation(camille, name="Écopôle")
    legumerie = make_actor("Légumerie solidaire de l'Audomarois et des environs")
    make_member(ecopole, legumerie, roles=["lead", "operator"], joined_on=date(2021, 3, 1))
    make_member(ecopole, make_actor("Association des parents d'élèves"), roles=["beneficiary"])
    make_block(ecopole, "Cuisine partagée")
    year = date.today().year
    make_resource(ecopole, "Ventes de paniers aux familles", amount="12000.50", year=year)
    make_cost(ecopole, "Salaires de l'équipe de la légumerie", amount="30000.00", year=year)
    make_effect(ecopole, "Prévention santé")
    make_offer("Offre test", perimeter=["departement:62"], stages=["emergence"], by=camille)
    closed = make_round(ecopole, camille, title="Tour 2025", admins_see_answers=True)
    for name, level in [("A", 1), ("B", 3), ("C", 4)]:
        answer_by_link(closed, name, {"trust": (level, f"avis {name}"), "sharing": level})
    round_close(maturity_round=closed)
    pages = [*PAGES, closed.get_absolute_url(), legumerie.get_absolute_url()]

    page = new_page()
    log_in(page, "camille")
    page.set_viewport_size(PHONE)
    too_wide, found = {}, {}
    for url in pages:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if (extra := overflow(page)) > 0:
            too_wide[url] = extra
        if problems := violations(page):
            found[url] = problems
    anonymous = new_page()
    anonymous.set_viewport_size(PHONE)
    simulators = [
        "/economie/simulateurs/financement-participatif-abonde/",
        "/economie/simulateurs/fonds-territorial/",
        "/economie/simulateurs/economies-partagees/",
    ]
    for url in ["/comptes/connexion/", "/comptes/inscription/", "/", *simulators]:
        anonymous.goto(url)
        anonymous.wait_for_load_state("networkidle")
        if (extra := overflow(anonymous)) > 0:
            too_wide[f"anonymous {url}"] = extra
        if problems := violations(anonymous):
            found[f"anonymous {url}"] = problems
    assert too_wide == {}, "pages wider than a 390 px screen (extra pixels)"
    assert found == {}


@pytest.mark.browser
def test_the_header_folds_into_a_menu_on_a_phone(geography, new_page, live_server):
    UserFactory(username="camille")
    page = new_page()
    log_in(page, "camille")
    page.set_viewport_size(PHONE)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    cooperations = page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Coopérations"
    )
    expect(cooperations).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 120, "the folded header leaves the screen to the page"
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(cooperations).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter (camille)")).to_be_visible()
    cooperations.click()
    expect(page).to_have_url("/cooperations/")

    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Coopérations", exact=True).first).to_be_visible()
