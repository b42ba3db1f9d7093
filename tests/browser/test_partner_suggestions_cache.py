"""Partner suggestions of a large territory (cooperations/suggestions.py): the cooperation page
says they are being computed, then shows them by itself, dated; both states pass the
accessibility rules on a desktop screen and on a 390 px phone."""

import re

import pytest
from playwright.sync_api import expect

from terreau.cooperations.models import PartnerSuggestions
from terreau.cooperations.suggestions import suggestions_work
from terreau.core.jobs import job_run
from terreau.territories.models import Commune
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.personas import UserFactory

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 800}}


def accessibility_problems(page) -> dict:
    found = {}
    for name, size in SIZES.items():
        page.set_viewport_size(size)
        if page.evaluate("document.documentElement.scrollWidth") > size["width"]:
            found[name] = ["wider than the screen"]
        if problems := violations(page):
            found[name] = problems
    return found


def test_a_member_waits_for_the_suggestions_then_sees_them_dated(page, geography, settings):
    settings.TERREAU_SUGGESTIONS_CACHE_MIN_COMMUNES = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    camille = UserFactory(username="camille")
    cooperation = make_cooperation(camille, name="Écopôle alimentaire")
    audruicq = Commune.objects.get(code="62057")
    legumerie = make_actor("Légumerie solidaire", commune=audruicq, life_functions=" food ")
    make_member(cooperation, legumerie, roles=["operator"])
    make_actor("Ferme bio", kind="company", commune=audruicq, life_functions=" food ")
    log_in(page, "camille")
    page.goto(f"/cooperations/{cooperation.slug}/")
    partners = page.locator("#partenaires")
    expect(partners).to_contain_text("les partenaires potentiels sont en cours de calcul")
    assert accessibility_problems(page) == {}

    row = PartnerSuggestions.objects.get()
    assert job_run(row, suggestions_work).status == "done"
    page.set_viewport_size(SIZES["desktop"])
    expect(partners.get_by_role("link", name="Ferme bio")).to_be_visible()  # no reload
    expect(partners.get_by_role("status")).to_have_text(
        re.compile(r"^Suggestions calculées le \d{1,2} [a-zéû]+ \d{4} à \d{1,2} h \d{2}\.\s*$")
    )
    assert accessibility_problems(page) == {}
