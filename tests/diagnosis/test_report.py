import os
import re
import shutil

import pytest
from django.test import Client

from terreau.cli import main
from terreau.core import pdf
from tests.diagnosis.factories import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors():
    actor("Épicerie", "62057", functions=["food"])
    actor("Garage", "62906", kind="company", functions=["mobility"])


def test_the_printable_report_holds_figures_chart_map_date_and_sources(actors, client):
    page = client.get("/territoires/epci:246200844/diagnostic/rapport.html").text
    assert "CC de la Région d&#x27;Audruicq" in page
    assert page.count("<svg") == 2 and "<script" not in page
    assert page.count("<circle") == 15  # every commune of the EPCI has a point
    assert 'x1="530.0"' in page  # SVG numbers are not localised ("530,0" would draw nothing)
    assert "état au" in page and "@etalab/decoupage-administratif" in page
    assert "manque" in page and "Pas-de-Calais" in page


def test_the_report_writes_numbers_as_the_pages_do(actors, client):
    """The PDF is printed from this HTML: its chart labels say "0,35", like the diagnosis page,
    while the SVG coordinates stay machine-readable."""
    report = client.get("/territoires/epci:246200844/diagnostic/rapport.html").text
    page = client.get("/territoires/epci:246200844/diagnostic/").text
    assert "<td>0,35</td>" in page
    assert 'font-size="9">0,35</text>' in report and "<td>0,35</td>" in report
    assert ">0.35<" not in report and ">0.0<" not in report


def test_the_report_chart_has_a_value_axis_in_french_format_and_a_legend(actors, client):
    report = client.get("/territoires/epci:246200844/diagnostic/rapport.html").text
    ticks = re.findall(r'font-size="9" text-anchor="middle">([^<]*)<', report)
    assert ticks == ["0", "0,1", "0,2", "0,3", "0,4"]  # round steps, written the French way
    assert 'font-size="10">CC de la Région d&#x27;Audruicq</text>' in report
    assert 'font-size="10">Pas-de-Calais</text>' in report


def test_the_page_draws_the_same_chart_with_its_axis_and_a_breadcrumb(actors, client):
    page = client.get("/territoires/epci:246200844/diagnostic/").text
    ticks = re.findall(r'font-size="9" text-anchor="middle">([^<]*)<', page)
    assert ticks == ["0", "0,1", "0,2", "0,3", "0,4"]
    assert '<svg class="coverage-chart" role="img"' in page
    assert '<nav class="breadcrumbs" aria-label="Fil d\'Ariane">' in page
    trail = page.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    assert '<a href="/territoires/">Territoires</a>' in trail
    assert '<li aria-current="page">Diagnostic</li>' in trail


def test_the_report_follows_the_interface_language(actors, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/territoires/epci:246200844/diagnostic/rapport.html").text
    assert '<html lang="en">' in page and "Coverage of life functions" in page


def test_cli_writes_html_and_pdf(actors, tmp_path, capsys):
    html = tmp_path / "rapport.html"
    assert main(["diagnose", "epci:246200844", "--format", "html", "-o", str(html)]) == 0
    assert "<svg" in html.read_text()
    needs_chromium()
    printed = tmp_path / "rapport.pdf"
    assert main(["diagnose", "epci:246200844", "--format", "pdf", "-o", str(printed)]) == 0
    assert printed.read_bytes().startswith(b"%PDF")


REPORT_PDF = "/territoires/epci:246200844/diagnostic/rapport.pdf"


def needs_chromium() -> None:
    if not shutil.which("chromium"):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI to print the PDF")
        pytest.skip("Chromium is missing: sudo apt-get install chromium")


def test_a_pdf_asked_again_is_served_from_the_cache_until_the_data_or_language_change(
    actors, client, pdf_cache
):
    needs_chromium()
    first = client.get(REPORT_PDF)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    printed = pdf.renderings
    # Anyone asking for the same report gets the same file, without starting Chromium.
    again = Client().get(REPORT_PDF)
    assert again.content == first.content and pdf.renderings == printed
    assert len(list(pdf_cache.glob("*.pdf"))) == 1
    # Another language is another document.
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert english.get(REPORT_PDF).content != first.content
    assert pdf.renderings == printed + 1
    # New data: the report changes, so does its PDF.
    actor("Recyclerie", "62057", functions=["waste"])
    changed = client.get(REPORT_PDF)
    assert changed.content != first.content and pdf.renderings == printed + 2
    assert len(list(pdf_cache.glob("*.pdf"))) == 3


def test_the_pdf_cache_keeps_within_its_size(actors, client, pdf_cache, settings):
    needs_chromium()
    client.get(REPORT_PDF)
    size = next(pdf_cache.glob("*.pdf")).stat().st_size
    settings.TERREAU_PDF_CACHE_MAX_BYTES = size + size // 2
    actor("Recyclerie", "62057", functions=["waste"])
    client.get(REPORT_PDF)
    assert len(list(pdf_cache.glob("*.pdf"))) == 1  # the older one went


def test_when_every_rendering_slot_is_busy_the_visitor_gets_a_503_page_to_retry(
    actors, client, settings
):
    settings.TERREAU_PDF_MAX_CONCURRENT = 1
    settings.TERREAU_PDF_WAIT_SECONDS = 0
    with pdf.rendering_slot():  # another request is printing
        busy = client.get(REPORT_PDF)
    assert busy.status_code == 503
    assert busy["Retry-After"] == "30"
    assert "PDF momentanément indisponible" in busy.text
    assert "Réessayez dans une minute" in busy.text
