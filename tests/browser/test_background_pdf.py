"""A PDF not yet printed (core/pdf_jobs.py): the person gets "Votre PDF est en préparation", the
page follows the job by itself and offers the file once a worker printed it; both states pass the
accessibility rules on a desktop screen and on a 390 px phone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from terreau.core import pdf
from terreau.core.jobs import job_run
from terreau.core.models import PdfJob
from terreau.core.pdf_jobs import pdf_work
from tests.browser.axe import violations
from tests.browser.people import log_in
from tests.monographs.factories import make_ecopole
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


def test_a_pdf_is_prepared_in_the_background_then_downloaded(
    page, geography, settings, monkeypatch
):
    camille = UserFactory(username="camille")
    make_ecopole(camille)
    monkeypatch.setattr(pdf, "print_pdf", lambda html: b"%PDF-1.4 fake")
    # A real queue that nobody works yet: the job stays queued, as before a worker takes it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    log_in(page, "camille")
    page.goto("/cooperations/ecopole/monographie/monographie.pdf")
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre PDF est en préparation")
    expect(page.get_by_text("Préparation du PDF")).to_be_visible()
    assert accessibility_problems(page) == {}

    job = PdfJob.objects.get()
    assert job_run(job, pdf_work).status == "done"
    page.set_viewport_size(SIZES["desktop"])
    link = page.get_by_role("link", name="Télécharger monographie-ecopole.pdf")
    expect(link).to_be_visible()  # the page polled the job: no reload
    assert accessibility_problems(page) == {}
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "monographie-ecopole.pdf"
    assert Path(download.value.path()).read_bytes() == b"%PDF-1.4 fake"
