"""`terreau monograph SLUG --format {html,pdf,docx} -o PATH`."""

import re

import pytest

from terreau.cli import main
from terreau.monographs.services import monograph_section_save
from tests.monographs.factories import make_ecopole
from tests.monographs.files import (
    TITLES,
    docx_headings,
    docx_text,
    in_order,
    needs_chromium,
    pdf_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecopole(alice):
    cooperation = make_ecopole(alice)
    monograph_section_save(
        cooperation=cooperation,
        key="frictions",
        narrative="La médiation de 2023 a tenu parce que chacun y a gagné.",
        version=0,
        by=alice,
    )
    return cooperation


def test_docx_and_html_files_follow_the_grid(ecopole, tmp_path):
    docx = tmp_path / "ecopole.docx"
    assert main(["monograph", "ecopole", "--format", "docx", "-o", str(docx)]) == 0
    assert docx_headings(docx.read_bytes()) == TITLES
    text = docx_text(docx.read_bytes())
    assert in_order(text, [TITLES[5], "La médiation de 2023 a tenu", TITLES[6]])
    # The operator reads the whole record: private members and amounts are there.
    assert "Conseil municipal de Polincove" in text and "12\xa0000,50 €" in text

    html = tmp_path / "ecopole.html"
    assert main(["monograph", "ecopole", "-o", str(html)]) == 0
    assert in_order(html.read_text().replace("&#x27;", "'"), TITLES)


def test_the_public_version_and_the_english_language(ecopole, tmp_path, capsys):
    assert (
        main(
            ["monograph", "ecopole", "--format", "docx", "--public", "-o", str(tmp_path / "p.docx")]
        )
        == 0
    )
    text = docx_text((tmp_path / "p.docx").read_bytes())
    assert "La médiation de 2023" in text and "Conseil municipal de Polincove" not in text
    assert main(["monograph", "ecopole", "--language", "en"]) == 0
    html = capsys.readouterr().out
    assert '<html lang="en">' in html and "1. Origin of the project" in html


def test_pdf_sections_in_order(ecopole, tmp_path):
    needs_chromium()
    pdf = tmp_path / "ecopole.pdf"
    assert main(["monograph", "ecopole", "--format", "pdf", "-o", str(pdf)]) == 0
    text = re.sub(r"\s+", " ", pdf_text(pdf.read_bytes()))
    assert in_order(text, TITLES) and "La médiation de 2023 a tenu" in text


def test_an_unknown_cooperation_is_named(db, capsys):
    assert main(["monograph", "nulle-part", "--format", "docx", "-o", "/dev/null"]) == 2
    assert capsys.readouterr().err == "terreau: unknown cooperation: nulle-part\n"


def test_the_demo_monograph_has_narratives_from_the_sources(db, tmp_path):
    from terreau.demo import demo_load

    demo_load()
    demo_load()  # idempotent
    docx = tmp_path / "butinerie.docx"
    assert main(["monograph", "la-butinerie", "--format", "docx", "-o", str(docx)]) == 0
    text = docx_text(docx.read_bytes())
    assert in_order(text, [TITLES[0], "bien manger n'est pas si simple", TITLES[1]])
    assert "Auteurs : Équipe de démonstration, d'après La Butinerie" in text
    assert "Un circuit direct s'arrête" in text  # the friction of the journal
