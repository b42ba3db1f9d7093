"""The network page answers from the metrics computed by a job (network.cache): before the first
computation it says the figures are being computed, then shows them by itself, dated, without a
reload; both states pass the accessibility rules on a desktop screen and on a 390 px phone."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from terreau.core.jobs import job_run
from terreau.network.cache import metrics_work
from terreau.network.models import NetworkMetrics
from tests.browser.axe import violations
from tests.network.factories import TERRITORY, actor_system
from tests.personas import UserFactory

pytestmark = pytest.mark.browser

PAGE = f"/territoires/{TERRITORY}/reseau/"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 800}}

# What sticks out of the screen on the right (outermost elements, tables scrolling in their own
# region aside), to name in the failure.
STICKING_OUT = """() => [...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.table-scroll'))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => !(e.parentElement.getBoundingClientRect().right
                 > document.documentElement.clientWidth + 1))
  .map(e => e.outerHTML.slice(0, 80))"""


def accessibility_problems(page) -> dict:
    found = {}
    for name, size in SIZES.items():
        page.set_viewport_size(size)
        if page.evaluate("document.documentElement.scrollWidth") > size["width"]:
            found[name] = [f"wider than the screen: {page.evaluate(STICKING_OUT)}"]
        if problems := violations(page):
            found[name] = problems
    return found


def test_a_visitor_waits_for_the_first_figures_then_sees_them_dated(new_page, geography, settings):
    actor_system(UserFactory(username="alice"))
    # A real queue that nobody works yet: the job stays queued, as before a worker takes it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page = new_page()
    page.goto(PAGE)
    waiting = page.locator(".network-waiting")
    expect(waiting).to_contain_text("Les mesures de ce réseau sont en cours de calcul")
    expect(page.locator("#network-graph")).to_have_count(0)
    assert accessibility_problems(page) == {}

    # The worker computes the figures; the page, polling, shows them without being reloaded.
    row = NetworkMetrics.objects.get()
    assert (row.audience, row.status) == ("public", "queued")
    with translation.override(row.language):
        assert job_run(row, metrics_work).status == "done"
    page.set_viewport_size(SIZES["desktop"])
    computed = page.locator(".network-computed")
    expect(computed).to_have_text(
        re.compile(r"^Mesures calculées le \d{1,2} [a-zéû]+ \d{4} à \d{1,2} h \d{2}\.\s*$")
    )
    expect(waiting).to_have_count(0)
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-ready", "true")
    # A visitor sees the public relation only, between its two actors.
    expect(graph).to_have_attribute("data-nodes", "2")
    expect(graph).to_have_attribute("data-edges", "1")
    assert accessibility_problems(page) == {}
