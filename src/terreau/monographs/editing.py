"""What the pages of a cooperation's monograph (views.py) and of a territory's récit
(views_recit.py) do alike: edit a narrative in place (htmx, or a full page without JavaScript)
with the version check against silent overwrites, save the title and authors, and answer a file.
Each view checks its own permissions first and passes what differs."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from terreau.core.csp import self_contained_html
from terreau.core.pdf import PdfError
from terreau.core.pdf_jobs import pdf_response
from terreau.core.throttling import pdf_unavailable, refused_heavy_work
from terreau.monographs import services
from terreau.monographs.exports import CONTENT_TYPES
from terreau.monographs.forms import NarrativeForm

# `?apercu=public`: a member reads the monograph or the récit as the public does.
PUBLIC_PREVIEW = "public"
SECTION = "monographs/includes/section.html"  # a section as the page shows it
SECTION_FORM = "monographs/includes/section_form.html"  # its edit form alone (htmx)


@dataclass(frozen=True)
class Editing:
    """What differs between a monograph's and a récit's sections, for the shared templates
    `SECTION` and `SECTION_FORM` (given as `editing`, with `subject`, the argument of the URLs):
    the names of the URLs of the page, of one section and of its edit form, the heading over
    the data, and the full page of the edit form."""

    page_url: str
    section_url: str
    edit_url: str
    source_heading: Promise
    edit_page: str


def section_edit_response(
    request,
    *,
    context: Callable[[], dict],
    save: Callable[..., object],
    page_url: str,
    editing: Editing,
) -> HttpResponse:
    """The narrative form of one section, and its save: `context()` builds the section's
    context (with `section`), `save(narrative=, version=)` writes it, `page_url` is where a
    full-page save returns."""
    found = context()
    section = found["section"]
    form = NarrativeForm(
        request.POST or None, initial={"narrative": section.narrative, "version": section.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            save(narrative=form.cleaned_data["narrative"], version=form.cleaned_data["version"])
        except services.StaleNarrative as error:
            # The writer's text stays in the form, now based on the version they were shown.
            data = request.POST.copy()
            data["version"] = error.current.version
            form = NarrativeForm(data)
            form.is_valid()
            form.add_error("narrative", str(error))
            found["current"] = error.current
        except services.MonographError as error:
            form.add_error("narrative", str(error))
        else:
            if request.htmx:
                return render(request, SECTION, context())
            messages.success(request, _("Récit enregistré."))
            return redirect(f"{page_url}#{section.key}")
    found["form"] = form
    return render(request, SECTION_FORM if request.htmx else editing.edit_page, found)


def describe_response(request, form, save: Callable[..., object], page_url: str):
    """Save the title and authors from a bound `DescribeForm`-like form, then back to the page
    with a message (the form's errors as messages)."""
    if form.is_valid():
        save(title=form.cleaned_data["title"], authors=form.cleaned_data["authors"])
        messages.success(request, _("Titre et auteurs enregistrés."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(page_url)


def file_response(
    request,
    file_format: str,
    *,
    readable: Callable[[], object],
    print_html: Callable[[object, str], str],
    export: Callable[[object, str, str], bytes],
    name: Callable[[object], str],
) -> HttpResponse:
    """The document as HTML, PDF or DOCX, in the interface's language. DOCX counts against the
    visitor's rate of heavy work (`core.throttling`); a PDF not yet printed is printed by a
    worker while a page follows it (`core.pdf_jobs`). `readable()` checks who reads and gives
    what `print_html(subject, language)`, `export(subject, file_format, language)` and
    `name(subject)` (the file name without extension) take."""
    if file_format not in CONTENT_TYPES:
        raise Http404
    if file_format == "docx" and (refused := refused_heavy_work(request, file_format)):
        return refused
    subject = readable()
    language = get_language() or "fr"
    if file_format == "pdf":
        return pdf_response(request, print_html(subject, language), filename=f"{name(subject)}.pdf")
    try:
        data = export(subject, file_format, language)
    except PdfError as error:
        return pdf_unavailable(request, error)
    if file_format == "html":
        return self_contained_html(data.decode())
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name(subject)}.{file_format}"'
    return response
