"""Pages of a territory's récit and its plaidoyer pack. Who reads and writes the récit is in
`recit/access.py`; anyone who may see the territory reads its plaidoyer, made of what they may
see (monographs/plaidoyer.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.core.csp import self_contained_html
from terreau.core.pdf_jobs import pdf_response
from terreau.monographs import services
from terreau.monographs.editing import (
    PUBLIC_PREVIEW,
    SECTION,
    Editing,
    describe_response,
    file_response,
    section_edit_response,
)
from terreau.monographs.exports import recit_export, recit_print_html
from terreau.monographs.forms import RecitDescribeForm
from terreau.monographs.plaidoyer import plaidoyer_html
from terreau.monographs.recit import TerritoryView, build_recit, build_recit_section, recit_of
from terreau.monographs.recit.access import can_publish, can_read, can_write
from terreau.territories.refs import territory_or_404

EDITING = Editing(
    page_url="recit:recit",
    section_url="recit:section",
    edit_url="recit:section_edit",
    source_heading=gettext_lazy("D'après les données du territoire"),
    edit_page="monographs/recit_section_edit.html",
)


def _readable(request, ref: str):
    """The territory, its stored récit, whether the visitor may write it, and the view it is read
    with: the visitor's rights, or the public's when asked for the public version."""
    territory = territory_or_404(ref, user=request.user)
    recit = recit_of(territory)
    if not can_read(request.user, territory, recit):
        raise Http404
    writer = can_write(request.user, territory, recit)
    if request.GET.get("apercu") == PUBLIC_PREVIEW:
        return territory, recit, writer, TerritoryView.public(territory)
    return territory, recit, writer, TerritoryView(territory, request.user)


def recit_page(request, ref: str):
    try:
        territory, recit, writer, view = _readable(request, ref)
    except Http404:
        return _not_published(request, ref)
    preview = view.is_public_version and request.user.is_authenticated
    can_edit = writer and not preview
    context = {
        "territory": territory,
        "editing": EDITING,
        "subject": territory.ref,
        "recit": build_recit(view),
        "stored": recit,
        "preview": preview,
        "can_edit": can_edit,
        "can_publish": not preview and can_publish(request.user, recit),
        "describe_form": RecitDescribeForm(instance=recit) if can_edit else None,
        "query": f"?apercu={PUBLIC_PREVIEW}" if view.is_public_version else "",
    }
    return render(request, "monographs/recit.html", context)


def _not_published(request, ref: str):
    """A 404 that says why, the same whether a draft exists or not: the récit is not published
    and who may start or write it."""
    territory = territory_or_404(ref, user=request.user)
    response = render(request, "monographs/recit_unpublished.html", {"territory": territory})
    response.status_code = 404
    return response


def recit_file(request, ref: str, file_format: str):
    """The récit as HTML, PDF or DOCX (`editing.file_response`)."""
    return file_response(
        request,
        file_format,
        readable=lambda: _readable(request, ref),
        print_html=lambda found, language: recit_print_html(found[3], language=language),
        export=lambda found, file_format, language: recit_export(
            found[3], file_format=file_format, language=language
        ),
        name=lambda found: f"recit-{found[0].ref.replace(':', '-')}",
    )


def _writable(request, ref: str):
    territory = territory_or_404(ref, user=request.user)
    recit = recit_of(territory)
    if not can_write(request.user, territory, recit):
        raise Http404
    return territory, recit


def _section_context(request, territory, key: str, can_edit: bool) -> dict:
    section = build_recit_section(TerritoryView(territory, request.user), key)
    if section is None:
        raise Http404
    return {
        "territory": territory,
        "editing": EDITING,
        "subject": territory.ref,
        "section": section,
        "can_edit": can_edit,
    }


def section_show(request, ref: str, key: str):
    territory, _recit, writer, _view = _readable(request, ref)
    context = _section_context(request, territory, key, writer)
    return render(request, SECTION, context)


@login_required
def section_edit(request, ref: str, key: str):
    territory, _recit = _writable(request, ref)
    return section_edit_response(
        request,
        context=lambda: _section_context(request, territory, key, True),
        save=lambda **written: services.recit_section_save(
            territory=territory, key=key, by=request.user, **written
        ),
        page_url=reverse("recit:recit", args=[territory.ref]),
        editing=EDITING,
    )


@login_required
@require_POST
def recit_describe(request, ref: str):
    territory, recit = _writable(request, ref)
    return describe_response(
        request,
        RecitDescribeForm(request.POST, instance=recit),
        lambda **described: services.recit_describe(
            territory=territory, by=request.user, **described
        ),
        reverse("recit:recit", args=[territory.ref]),
    )


@login_required
@require_POST
def recit_publish(request, ref: str):
    territory, recit = _writable(request, ref)
    if not can_publish(request.user, recit):
        raise Http404
    public = request.POST.get("public") == "1"
    try:
        services.recit_publish(territory=territory, public=public, by=request.user)
    except services.MonographError as error:
        messages.error(request, str(error))
    else:
        if public:
            messages.success(request, _("Le récit est publié : tout le monde peut le lire."))
        else:
            messages.success(request, _("Le récit n'est plus publié."))
    return redirect("recit:recit", ref=territory.ref)


def plaidoyer_file(request, ref: str, file_format: str):
    """The plaidoyer pack as a printable page or its PDF, made of what the visitor may see."""
    if file_format not in ("html", "pdf"):
        raise Http404
    territory = territory_or_404(ref, user=request.user)
    html = plaidoyer_html(territory, user=request.user, language=get_language() or "fr")
    if file_format == "pdf":
        name = f"plaidoyer-{territory.ref.replace(':', '-')}.pdf"
        return pdf_response(request, html, filename=name)
    return self_contained_html(html)
