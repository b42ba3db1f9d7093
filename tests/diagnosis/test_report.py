import os
import shutil

import pytest

from terreau.cli import main
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
    assert 'width="300.0"' in page  # SVG numbers are not localised ("300,0" would draw nothing)
    assert "état au" in page and "@etalab/decoupage-administratif" in page
    assert "manque" in page and "Pas-de-Calais" in page


def test_the_report_follows_the_interface_language(actors, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/territoires/epci:246200844/diagnostic/rapport.html").text
    assert '<html lang="en">' in page and "Coverage of life functions" in page


def test_cli_writes_html_and_pdf(actors, tmp_path, capsys):
    html = tmp_path / "rapport.html"
    assert main(["diagnose", "epci:246200844", "--format", "html", "-o", str(html)]) == 0
    assert "<svg" in html.read_text()
    if not shutil.which("chromium"):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI to print the PDF")
        pytest.skip("Chromium is missing: sudo apt-get install chromium")
    pdf = tmp_path / "rapport.pdf"
    assert main(["diagnose", "epci:246200844", "--format", "pdf", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
