"""Pages of a cooperation's monograph. Members of the cooperation read it, its administrators and
contributors write the narratives, and everyone else gets a 404 unless an administrator
published it (see `Monograph.readable_by`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.cooperations.access import can_contribute, cooperation_for
from terreau.cooperations.models import AccessRole
from terreau.core.csp import self_contained_html
from terreau.core.pdf import PdfError
from terreau.core.pdf_jobs import pdf_response
from terreau.core.throttling import pdf_unavailable, refused_heavy_work
from terreau.monographs import services
from terreau.monographs.exports import CONTENT_TYPES, monograph_export, monograph_print_html
from terreau.monographs.forms import DescribeForm, NarrativeForm
from terreau.monographs.sections import Reader, build_monograph, build_section, monograph_of

PUBLIC_PREVIEW = "public"


def _readable(request, slug: str):
    """The cooperation and the reader: members as themselves (or as the public when they ask
    for the public preview), others only for a published monograph."""
    cooperation, role = cooperation_for(request, slug, need=None)
    if not monograph_of(cooperation).readable_by(role):
        raise Http404
    if role is not None and request.GET.get("apercu") == PUBLIC_PREVIEW:
        return cooperation, role, Reader.public()
    return cooperation, role, Reader(request.user, role)


def monograph_page(request, slug: str):
    cooperation, role, reader = _readable(request, slug)
    preview = role is not None and not reader.sees_record
    can_edit = not preview and can_contribute(role)
    monograph = monograph_of(cooperation)
    context = {
        "cooperation": cooperation,
        "monograph": build_monograph(cooperation, reader=reader),
        "stored": monograph,
        "role": role,
        "preview": preview,
        "can_edit": can_edit,
        "can_administer": not preview and role == AccessRole.ADMINISTRATOR,
        "describe_form": DescribeForm(instance=monograph) if can_edit else None,
        "query": f"?apercu={PUBLIC_PREVIEW}" if preview else "",
    }
    return render(request, "monographs/monograph.html", context)


def monograph_file(request, slug: str, file_format: str):
    """The monograph as HTML, PDF or DOCX, in the interface's language. PDF and DOCX count
    against the visitor's rate of heavy work (`core.throttling`); a PDF not yet printed is
    printed by a worker while a page follows it (`core.pdf_jobs`)."""
    if file_format not in CONTENT_TYPES:
        raise Http404
    if file_format == "docx" and (refused := refused_heavy_work(request, file_format)):
        return refused
    cooperation, _role, reader = _readable(request, slug)
    language = get_language() or "fr"
    if file_format == "pdf":  # printed by a worker unless cached (core.pdf_jobs)
        html = monograph_print_html(cooperation, reader=reader, language=language)
        return pdf_response(request, html, filename=f"monographie-{cooperation.slug}.pdf")
    try:
        data = monograph_export(
            cooperation, reader=reader, file_format=file_format, language=language
        )
    except PdfError as error:
        return pdf_unavailable(request, error)
    if file_format == "html":
        return self_contained_html(data.decode())
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    name = f"monographie-{cooperation.slug}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _section_context(cooperation, role, key: str, request) -> dict:
    section = build_section(cooperation, Reader(request.user, role), key)
    if section is None:
        raise Http404
    return {
        "cooperation": cooperation,
        "section": section,
        "can_edit": can_contribute(role),
    }


def section_show(request, slug: str, key: str):
    """One section as shown on the page (what the edit form's Cancel brings back)."""
    cooperation, role = cooperation_for(request, slug)
    return render(
        request,
        "monographs/includes/section.html",
        _section_context(cooperation, role, key, request),
    )


@login_required
def section_edit(request, slug: str, key: str):
    cooperation, role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    context = _section_context(cooperation, role, key, request)
    section = context["section"]
    form = NarrativeForm(
        request.POST or None, initial={"narrative": section.narrative, "version": section.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.monograph_section_save(
                cooperation=cooperation,
                key=key,
                narrative=form.cleaned_data["narrative"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.StaleNarrative as error:
            # The writer's text stays in the form, now based on the version they were shown.
            data = request.POST.copy()
            data["version"] = error.current.version
            form = NarrativeForm(data)
            form.is_valid()
            form.add_error("narrative", str(error))
            context["current"] = error.current
        except services.MonographError as error:
            form.add_error("narrative", str(error))
        else:
            if request.htmx:
                context = _section_context(cooperation, role, key, request)
                return render(request, "monographs/includes/section.html", context)
            messages.success(request, _("Récit enregistré."))
            return redirect(reverse("monographs:monograph", args=[slug]) + f"#{key}")
    context["form"] = form
    if request.htmx:
        return render(request, "monographs/includes/section_form.html", context)
    return render(request, "monographs/section_edit.html", context)


@login_required
@require_POST
def monograph_describe(request, slug: str):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    form = DescribeForm(request.POST, instance=monograph_of(cooperation))
    if form.is_valid():
        services.monograph_describe(
            cooperation=cooperation,
            title=form.cleaned_data["title"],
            authors=form.cleaned_data["authors"],
        )
        messages.success(request, _("Titre et auteurs enregistrés."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("monographs:monograph", slug=slug)


@login_required
@require_POST
def monograph_publish(request, slug: str):
    cooperation, _role = cooperation_for(request, slug, AccessRole.ADMINISTRATOR)
    public = request.POST.get("public") == "1"
    try:
        services.monograph_publish(cooperation=cooperation, public=public)
    except services.MonographError as error:
        messages.error(request, str(error))
    else:
        if public:
            messages.success(request, _("La monographie est publiée : tout le monde peut la lire."))
        else:
            messages.success(request, _("La monographie n'est plus publiée."))
    return redirect("monographs:monograph", slug=slug)
