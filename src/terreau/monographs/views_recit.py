"""Pages of a territory's récit and its plaidoyer pack. Who reads and writes the récit is in
`recit/access.py`; anyone who may see the territory reads its plaidoyer, made of what they may
see (monographs/plaidoyer.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.core.csp import self_contained_html
from terreau.core.pdf import PdfError
from terreau.core.pdf_jobs import pdf_response
from terreau.core.throttling import pdf_unavailable, refused_heavy_work
from terreau.monographs import services
from terreau.monographs.exports import CONTENT_TYPES, recit_export, recit_print_html
from terreau.monographs.forms import NarrativeForm, RecitDescribeForm
from terreau.monographs.plaidoyer import plaidoyer_html
from terreau.monographs.recit import TerritoryView, build_recit, build_recit_section, recit_of
from terreau.monographs.recit.access import can_publish, can_read, can_write
from terreau.territories.refs import territory_or_404

PUBLIC_PREVIEW = "public"


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
    """The récit as HTML, PDF (printed by a worker, `core.pdf_jobs`) or DOCX."""
    if file_format not in CONTENT_TYPES:
        raise Http404
    if file_format == "docx" and (refused := refused_heavy_work(request, file_format)):
        return refused
    territory, _recit, _writer, view = _readable(request, ref)
    language = get_language() or "fr"
    name = f"recit-{territory.ref.replace(':', '-')}"
    if file_format == "pdf":
        html = recit_print_html(view, language=language)
        return pdf_response(request, html, filename=f"{name}.pdf")
    try:
        data = recit_export(view, file_format=file_format, language=language)
    except PdfError as error:
        return pdf_unavailable(request, error)
    if file_format == "html":
        return self_contained_html(data.decode())
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


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
    return {"territory": territory, "section": section, "can_edit": can_edit}


def section_show(request, ref: str, key: str):
    territory, _recit, writer, _view = _readable(request, ref)
    context = _section_context(request, territory, key, writer)
    return render(request, "monographs/includes/recit_section.html", context)


@login_required
def section_edit(request, ref: str, key: str):
    territory, _recit = _writable(request, ref)
    context = _section_context(request, territory, key, True)
    section = context["section"]
    form = NarrativeForm(
        request.POST or None, initial={"narrative": section.narrative, "version": section.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.recit_section_save(
                territory=territory,
                key=key,
                narrative=form.cleaned_data["narrative"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.StaleNarrative as error:
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
                context = _section_context(request, territory, key, True)
                return render(request, "monographs/includes/recit_section.html", context)
            messages.success(request, _("Récit enregistré."))
            return redirect(reverse("recit:recit", args=[territory.ref]) + f"#{key}")
    context["form"] = form
    if request.htmx:
        return render(request, "monographs/includes/recit_section_form.html", context)
    return render(request, "monographs/recit_section_edit.html", context)


@login_required
@require_POST
def recit_describe(request, ref: str):
    territory, recit = _writable(request, ref)
    form = RecitDescribeForm(request.POST, instance=recit)
    if form.is_valid():
        services.recit_describe(
            territory=territory,
            title=form.cleaned_data["title"],
            authors=form.cleaned_data["authors"],
            by=request.user,
        )
        messages.success(request, _("Titre et auteurs enregistrés."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("recit:recit", ref=territory.ref)


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
