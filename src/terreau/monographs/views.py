"""Pages of a cooperation's monograph. Members of the cooperation read it, its administrators and
contributors write the narratives, and everyone else gets a 404 unless an administrator
published it (see `Monograph.readable_by`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from terreau.cooperations.access import can_contribute, cooperation_for
from terreau.cooperations.models import AccessRole
from terreau.monographs import services
from terreau.monographs.editing import (
    PUBLIC_PREVIEW,
    SECTION,
    Editing,
    describe_response,
    file_response,
    section_edit_response,
)
from terreau.monographs.exports import monograph_export, monograph_print_html
from terreau.monographs.forms import DescribeForm
from terreau.monographs.sections import Reader, build_monograph, build_section, monograph_of

EDITING = Editing(
    page_url="monographs:monograph",
    section_url="monographs:section",
    edit_url="monographs:section_edit",
    source_heading=gettext_lazy("D'après le dossier de la coopération"),
    edit_page="monographs/section_edit.html",
)


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
        "editing": EDITING,
        "subject": cooperation.slug,
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
    """The monograph as HTML, PDF or DOCX (`editing.file_response`)."""
    return file_response(
        request,
        file_format,
        readable=lambda: _readable(request, slug),
        print_html=lambda found, language: monograph_print_html(
            found[0], reader=found[2], language=language
        ),
        export=lambda found, file_format, language: monograph_export(
            found[0], reader=found[2], file_format=file_format, language=language
        ),
        name=lambda found: f"monographie-{found[0].slug}",
    )


def _section_context(cooperation, role, key: str, request) -> dict:
    section = build_section(cooperation, Reader(request.user, role), key)
    if section is None:
        raise Http404
    return {
        "cooperation": cooperation,
        "editing": EDITING,
        "subject": cooperation.slug,
        "section": section,
        "can_edit": can_contribute(role),
    }


def section_show(request, slug: str, key: str):
    """One section as shown on the page (what the edit form's Cancel brings back)."""
    cooperation, role = cooperation_for(request, slug)
    return render(
        request,
        SECTION,
        _section_context(cooperation, role, key, request),
    )


@login_required
def section_edit(request, slug: str, key: str):
    cooperation, role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    return section_edit_response(
        request,
        context=lambda: _section_context(cooperation, role, key, request),
        save=lambda **written: services.monograph_section_save(
            cooperation=cooperation, key=key, by=request.user, **written
        ),
        page_url=reverse("monographs:monograph", args=[slug]),
        editing=EDITING,
    )


@login_required
@require_POST
def monograph_describe(request, slug: str):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    return describe_response(
        request,
        DescribeForm(request.POST, instance=monograph_of(cooperation)),
        lambda **described: services.monograph_describe(cooperation=cooperation, **described),
        reverse("monographs:monograph", args=[slug]),
    )


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
