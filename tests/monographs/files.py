"""Reading the exported files back, as a person's word processor or PDF reader would."""

import io
import os
import shutil
import unicodedata

import pytest
from docx import Document
from pypdf import PdfReader

TITLES = [
    "1. Origine du projet",
    "2. Marges de manœuvre",
    "3. Besoins non couverts",
    "4. L'innovation sociale",
    "5. Processus de participation",
    "6. Régulation des frictions et blocages",
    "7. Outils de la coopération",
    "8. Le système d'acteurs",
    "9. Modèle économique et effets utiles",
    "10. Maturité coopérative",
    "11. Indicateurs de l'étape",
    "12. Trajectoire",
]


def docx_headings(data: bytes, level: int = 1) -> list[str]:
    document = Document(io.BytesIO(data))
    style = "Title" if level == 0 else f"Heading {level}"
    return [p.text for p in document.paragraphs if p.style.name == style]


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    """The PDF's text, its ligatures (the « ﬀ » of « eﬀets ») undone as a search would."""
    pages = PdfReader(io.BytesIO(data)).pages
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in pages))


def in_order(text: str, titles: list[str]) -> bool:
    positions = [text.find(title) for title in titles]
    return -1 not in positions and positions == sorted(positions)


def needs_chromium() -> None:
    if shutil.which("chromium"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is required under CI to print the PDF")
    pytest.skip("Chromium is missing: sudo apt-get install chromium")
