"""A visitor opens the observatory from the navigation, reads its figures in French with the
secret cells marked, filters by territory, and the page stays axe-clean at desktop and 390 px."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.cooperations.factories import make_actor, make_cooperation
from tests.economy.factories import make_resource
from tests.personas import UserFactory

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shared(geography):
    camille = UserFactory(username="camille")
    region = make_actor("Région Hauts-de-France", kind="local_authority")
    year = date.today().year
    for index, name in enumerate(("Écopôle", "Garage solidaire", "Tiers-lieu du marais")):
        cooperation = make_cooperation(camille, name=name)
        cooperation.observatory = True
        cooperation.save()
        make_resource(cooperation, "Ventes", amount=f"{4000 + 1000 * index}.50", year=year)
        make_resource(
            cooperation,
            "Subvention",
            category="public_annual_subsidy",
            funding_mode="annual_subsidy",
            amount="12000.00",
            source=region,
            year=year,
        )
    make_resource(cooperation, "Don", category="donations", amount="777.00", year=year)
    return year


def test_visitor_reads_the_observatory(new_page, shared):
    page = new_page()
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Observatoire", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Observatoire des financements")
    # 3 × 12,000 + 4,000.50 + 5,000.50 + 6,000.50 + 777 = 51,778.50
    expect(page.get_by_text("3 coopérations observées ont réuni")).to_contain_text(
        "51\u202f778,50\u00a0€"
    )
    families = page.get_by_role("region", name="Par famille et catégorie de ressources")
    expect(families.get_by_role("row", name="Ressources publiques")).to_contain_text(
        "36\u202f000,00\u00a0€"
    )
    # The donation is one cooperation's: secret, and so is the market family beside it.
    secret = families.get_by_role("row", name="Dons").locator("abbr[title='secret statistique']")
    expect(secret).to_have_count(2)  # money and total
    expect(page.locator("main")).not_to_contain_text("777")
    assert violations(page) == []

    page.goto("/observatoire/?territoire=departement%3A35")
    expect(page.locator("main")).to_contain_text("Aucune coopération de ce territoire")

    phone = new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(f"/observatoire/?annee={shared}")
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert violations(phone) == []
