"""A monograph as files: a self-contained HTML page (inline CSS and SVG, no script, no external
file), the PDF Chromium prints from it (`core.pdf`: cached, bounded), and a DOCX written with
python-docx. All three follow the sections of the grid in order, each with its narrative and the
parts generated from the record."""

import io

from django.template.loader import render_to_string
from django.utils import translation

from terreau.cooperations.models import Cooperation
from terreau.core.pdf import pdf_from_html
from terreau.monographs.content import MonographContent, RecitContent
from terreau.monographs.recit import TerritoryView, build_recit
from terreau.monographs.sections import Reader, build_monograph

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMATS = tuple(CONTENT_TYPES)

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "monograph_export",
    "monograph_print_html",
    "recit_export",
    "recit_print_html",
]


def monograph_export(
    cooperation: Cooperation, *, reader: Reader, file_format: str, language: str = "fr"
) -> bytes:
    """The monograph as the reader may see it, in `language`, as html, pdf or docx bytes.
    Raises core.pdf.PdfError when Chromium is missing for the PDF, PdfBusy when every
    rendering slot stays busy."""
    if file_format == "docx":
        with translation.override(language):
            return monograph_docx(build_monograph(cooperation, reader=reader))
    html = monograph_print_html(cooperation, reader=reader, language=language)
    return html.encode() if file_format == "html" else pdf_from_html(html)


def monograph_print_html(cooperation: Cooperation, *, reader: Reader, language: str = "fr") -> str:
    """The self-contained HTML page of the monograph, which its PDF is printed from."""
    with translation.override(language):
        return monograph_html(build_monograph(cooperation, reader=reader), language=language)


def recit_export(view: TerritoryView, *, file_format: str, language: str = "fr") -> bytes:
    """A territory's récit as the view's reader may see it, as html, pdf or docx bytes (the same
    renderings as a cooperation's monograph)."""
    if file_format == "docx":
        with translation.override(language):
            return monograph_docx(build_recit(view))
    html = recit_print_html(view, language=language)
    return html.encode() if file_format == "html" else pdf_from_html(html)


def recit_print_html(view: TerritoryView, *, language: str = "fr") -> str:
    with translation.override(language):
        return monograph_html(build_recit(view), language=language)


def monograph_html(content: MonographContent | RecitContent, *, language: str) -> str:
    return render_to_string("monographs/report.html", {"monograph": content, "language": language})


def monograph_docx(content: MonographContent | RecitContent) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = content.title
    document.core_properties.author = content.authors or "Terreau"
    document.core_properties.language = translation.get_language() or "fr"
    document.add_heading(content.title, level=0)
    for line in content.header_lines:
        document.add_paragraph(line)
    _facts(document, content.identity.rows)
    for number, section in enumerate(content.sections, start=1):
        document.add_heading(f"{number}. {section.title}", level=1)
        for question in section.questions:
            document.add_paragraph().add_run(question).italic = True
        if section.paragraphs:
            for paragraph in section.paragraphs:
                document.add_paragraph(paragraph)
            document.add_paragraph().add_run(section.signature).italic = True
        if section.parts:
            document.add_heading(str(content.source_heading), level=2)
        for part in section.parts:
            _docx_part(document, part)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _facts(document, rows) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)


def _docx_part(document, part) -> None:
    if part.kind == "facts":
        _facts(document, part.rows)
    elif part.kind == "text":
        document.add_paragraph(part.text)
    elif part.kind == "bullets":
        document.add_paragraph().add_run(part.title).bold = True
        for item in part.items:
            document.add_paragraph(item, style="List Bullet")
    elif part.kind == "table":
        document.add_paragraph().add_run(part.caption).bold = True
        table = document.add_table(rows=1, cols=len(part.columns))
        table.style = "Table Grid"
        for cell, column in zip(table.rows[0].cells, part.columns, strict=True):
            cell.text = str(column)
        for row in part.rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = str(value)
    elif part.kind == "figure":
        # python-docx embeds raster images only; the figure's data follows as a table or list.
        document.add_paragraph().add_run(part.caption).italic = True
    elif part.kind == "missing":
        document.add_paragraph().add_run(part.text).italic = True
