"""Pages of a cooperation's record. Every view first asks `cooperation_for` (`access.py`) for the
cooperation and the visitor's access: strangers get a 404 on a private record (its existence does
not leak), and a reader who tries to edit gets a 403."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.actors.models import Actor
from terreau.cooperations import services
from terreau.cooperations.access import (
    can_contribute,
    cooperation_for,
    cooperation_part_or_new,
)
from terreau.cooperations.attachments import AttachmentType
from terreau.cooperations.deletions import deletion_consequences, deletion_title
from terreau.cooperations.forms import (
    AccessForm,
    BlockForm,
    CooperationForm,
    ImportForm,
    JournalEntryForm,
    MemberForm,
    PublishForm,
    QuoteFormSet,
    RelationForm,
    quote_pairs,
)
from terreau.cooperations.jobs import import_job_start, runs_in_background
from terreau.cooperations.models import (
    AccessRole,
    Cooperation,
    CooperationImportJob,
    JournalAttachment,
    JournalEntry,
    Member,
    Relation,
)
from terreau.cooperations.queries import (
    catalysts_operating,
    ecological_share,
    issue_coverage,
    journal_entries,
    no_partner_reason,
)
from terreau.cooperations.suggestions import page_suggestions
from terreau.core.confirmation import confirmation_page
from terreau.core.jobs import jobs_of
from terreau.core.taxonomies import StoryTag
from terreau.core.throttling import refused_heavy_work
from terreau.interchange import (
    InterchangeError,
    cooperation_export,
    cooperation_import,
    document_json,
)
from terreau.territories.refs import TerritoryRefError, resolve


def cooperation_list(request):
    cooperations = Cooperation.objects.visible_to(request.user)
    mine = Cooperation.objects.accessible_to(request.user).order_by("name")
    territory = None
    if ref := request.GET.get("territoire", "").strip():
        try:
            territory = resolve(ref, user=request.user)
        except TerritoryRefError as error:
            raise Http404(str(error)) from error
        cooperations = cooperations.in_territory(territory)
        mine = mine.in_territory(territory)
    context = {
        "cooperations": cooperations,
        "mine": mine if request.user.is_authenticated else [],
        "territory": territory,
        "ecological_share": ecological_share(cooperations),
    }
    return render(request, "cooperations/list.html", context)


def cooperation_export_json(request, slug: str):
    """The whole record as an interchange document (docs/data-formats.md), for its members."""
    if refused := refused_heavy_work(request, "export"):
        return refused
    cooperation, _role = cooperation_for(request, slug)
    response = HttpResponse(
        document_json(cooperation_export(cooperation)), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{cooperation.slug}.json"'
    return response


@login_required
def cooperation_import_json(request):
    """Create a cooperation from an interchange document; every error is listed with its JSON
    path and nothing is written. A large document is imported in the background."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        if runs_in_background(form.cleaned_data["document"]):
            upload = form.cleaned_data["file"]
            job = CooperationImportJob.objects.create(
                file=upload,
                original_name=upload.name,
                slug=form.cleaned_data["slug"],
                created_by=request.user,
            )
            import_job_start(job=job)
            return redirect("cooperations:import_job", pk=job.pk)
        try:
            cooperation = cooperation_import(
                form.cleaned_data["document"],
                by=request.user,
                slug=form.cleaned_data["slug"] or None,
                source_name=form.cleaned_data["file"].name,
            )
        except InterchangeError as error:
            errors = error.errors
        else:
            messages.success(request, _("Coopération importée."))
            return redirect(cooperation)
    jobs = CooperationImportJob.objects.filter(created_by=request.user)[:10]
    context = {
        "form": form,
        "errors": errors,
        "jobs": jobs,
        "inline_items": settings.TERREAU_COOPERATION_IMPORT_INLINE_ITEMS,
    }
    return render(request, "cooperations/import.html", context)


@login_required
def cooperation_import_job(request, pk: int):
    """The progress of a document imported in the background, then the cooperation created or
    the document's errors. Only its author (and staff) may follow it."""
    job = get_object_or_404(jobs_of(CooperationImportJob, request.user), pk=pk)
    context = {"job": job, "progress": job.progress}
    if request.htmx:
        return render(request, "cooperations/includes/import_status.html", context)
    return render(request, "cooperations/import_job.html", context)


@login_required
def cooperation_create(request):
    form = CooperationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        cooperation = services.cooperation_create(
            by=request.user, life_functions=data.pop("life_functions_list"), **data
        )
        messages.success(request, _("Coopération créée. Ajoutez maintenant ses membres."))
        return redirect(cooperation)
    return render(request, "cooperations/form.html", {"form": form})


def cooperation_detail(request, slug: str):
    cooperation, role = cooperation_for(request, slug, need=None)
    blocks = list(cooperation.blocks.prefetch_related("operators__actor"))
    context = {
        "cooperation": cooperation,
        "role": role,
        "can_edit": can_contribute(role),
        "can_administer": role == AccessRole.ADMINISTRATOR,
        "territory": _territory(cooperation),
        "blocks": blocks,
        "coverage": issue_coverage(cooperation, blocks),
    }
    members = cooperation.members.select_related("actor__commune")
    if role is None:
        context["members"] = members.filter(is_public=True)
        return render(request, "cooperations/detail_public.html", context)
    tag = request.GET.get("etiquette", "")
    context.update(
        tag=StoryTag(tag) if tag in StoryTag.values else None,
        tags=StoryTag,
        journal=journal_entries(cooperation, tag=tag if tag in StoryTag.values else None),
    )
    if request.htmx:
        return render(request, "cooperations/includes/journal.html", context)
    context.update(
        members=members,
        catalysts_operating=list(catalysts_operating(cooperation)),
        relations=cooperation.relations.select_related("source", "target"),
        **_partners(cooperation, request.user),
    )
    return render(request, "cooperations/detail.html", context)


def _partners(cooperation, user) -> dict:
    """The partner suggestions section's context: kept ones on a large territory
    (`cooperations.suggestions`), with why there are none."""
    found = page_suggestions(cooperation, user=user, limit=10)
    context = {"suggestions": found.suggestions, "suggestions_cache": found.cache}
    if not found.suggestions and not found.waiting:
        context["no_partner_reason"] = no_partner_reason(cooperation, user=user)
    return context


def partners_section(request, slug: str):
    """The partner suggestions section alone: what the page polls while fresher ones are
    computed. Members only."""
    cooperation, _role = cooperation_for(request, slug)
    context = {"cooperation": cooperation, **_partners(cooperation, request.user)}
    return render(request, "cooperations/includes/partners.html", context)


def _territory(cooperation):
    try:
        return resolve(cooperation.territory_ref, user=None)
    except TerritoryRefError:
        return None


@login_required
def cooperation_edit(request, slug: str):
    cooperation, role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    form = CooperationForm(
        request.POST or None,
        instance=cooperation,
        user=request.user,
        administrator=role == AccessRole.ADMINISTRATOR,
    )
    if request.method == "POST" and form.is_valid():
        cooperation = services.cooperation_update(
            cooperation=form.save(commit=False),
            life_functions=form.cleaned_data["life_functions_list"],
            by=request.user,
        )
        messages.success(request, _("Coopération enregistrée."))
        return redirect(cooperation)
    return render(request, "cooperations/form.html", {"form": form, "cooperation": cooperation})


def _edit_page(request, template: str, form, cooperation, **extra):
    context = {
        "form": form,
        "cooperation": cooperation,
        "back_url": cooperation.get_absolute_url(),
        "back_label": cooperation.name,
        **extra,
    }
    return render(request, f"cooperations/{template}", context)


@login_required
def member_edit(request, slug: str, pk: int | None = None):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    member = cooperation_part_or_new(cooperation, "members", pk)
    form = MemberForm(request.POST or None, instance=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if member.pk is None:
                member.actor = form.chosen_or_new_actor("actor", by=request.user)
            services.member_save(member=member, roles=form.cleaned_data["roles_list"])
        messages.success(request, _("Membre enregistré."))
        return redirect(cooperation.get_absolute_url() + "#membres")
    return _edit_page(
        request,
        "member_form.html",
        form,
        cooperation,
        member=member,
        heading=_("Modifier le membre") if member.pk else _("Ajouter un membre"),
    )


@login_required
def block_edit(request, slug: str, pk: int | None = None):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    block = cooperation_part_or_new(cooperation, "blocks", pk)
    form = BlockForm(request.POST or None, instance=block)
    if request.method == "POST" and form.is_valid():
        services.block_save(
            block=form.save(commit=False),
            life_functions=form.cleaned_data["life_functions_list"],
            operators=form.cleaned_data["operators"],
        )
        messages.success(request, _("Brique enregistrée."))
        return redirect(cooperation.get_absolute_url() + "#briques")
    return _edit_page(
        request,
        "block_form.html",
        form,
        cooperation,
        heading=_("Modifier la brique") if block.pk else _("Ajouter une brique"),
    )


@login_required
def relation_add(request, slug: str):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    relation = Relation(cooperation=cooperation)
    sources = cooperation.members.values("actor")
    form = RelationForm(
        request.POST or None,
        instance=relation,
        user=request.user,
        sources=Actor.objects.filter(pk__in=sources).order_by("search_name"),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            relation.target = form.chosen_or_new_actor("target", by=request.user)
            services.relation_save(relation=relation, directed=form.directed, by=request.user)
        messages.success(request, _("Relation enregistrée."))
        return redirect(cooperation.get_absolute_url() + "#relations")
    return _edit_page(
        request, "relation_form.html", form, cooperation, heading=_("Ajouter une relation")
    )


@login_required
def journal_edit(request, slug: str, pk: int | None = None):
    """Write an event or a story of the journal: text, tags, quotes, people involved, and one
    photo or document at a time (type and size checked; see attachments.py)."""
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    entry = cooperation_part_or_new(cooperation, "journal", pk)
    form = JournalEntryForm(request.POST or None, request.FILES or None, instance=entry)
    # A post without the quotes' management form (a script) leaves the quotes as they are.
    posted_quotes = "citations-TOTAL_FORMS" in request.POST
    quotes = QuoteFormSet(
        request.POST if posted_quotes else None,
        prefix="citations",
        initial=[{"text": q.text, "speaker": q.speaker} for q in entry.quotes.all()]
        if entry.pk
        else None,
    )
    if request.method == "POST" and form.is_valid() and (not posted_quotes or quotes.is_valid()):
        with transaction.atomic():
            entry = services.journal_entry_save(
                entry=form.save(commit=False),
                by=request.user,
                members=form.cleaned_data["members"],
                blocks=form.cleaned_data["blocks"],
                tags=form.cleaned_data["tag_list"],
                quotes=quote_pairs(quotes) if posted_quotes else None,
            )
            if upload := form.cleaned_data["attachment"]:
                services.journal_attachment_add(
                    entry=entry,
                    upload=upload,
                    description=form.cleaned_data["attachment_description"],
                    by=request.user,
                )
        messages.success(request, _("Événement ajouté au journal."))
        return redirect(cooperation.get_absolute_url() + "#journal")
    return _edit_page(
        request,
        "journal_form.html",
        form,
        cooperation,
        quotes=quotes,
        attachments=entry.attachments.all() if entry.pk else [],
        heading=_("Modifier l'événement") if entry.pk else _("Ajouter au journal"),
    )


def journal_attachment(request, slug: str, pk: int):
    """Send an attachment of the journal to those who may read the cooperation's record; anyone
    else (a stranger, an anonymous visitor, the public of a published cooperation) gets a 404.
    Photos are shown inline, documents downloaded; the browser must not guess another type."""
    cooperation, _role = cooperation_for(request, slug)
    attachment = get_object_or_404(
        JournalAttachment.objects.filter(entry__cooperation=cooperation), pk=pk
    )
    file_type = AttachmentType(attachment.file_type)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=file_type.content_type,
        as_attachment=not file_type.is_image,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def journal_attachment_delete(request, slug: str, pk: int):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    attachment = get_object_or_404(
        JournalAttachment.objects.filter(entry__cooperation=cooperation), pk=pk
    )
    page = confirmation_page(
        request,
        title=_("Supprimer la pièce jointe « %(name)s »") % {"name": attachment.original_name},
        consequences=[
            _("Le fichier joint à l'événement « %(title)s ».") % {"title": attachment.entry.title}
        ],
        cancel_url=reverse(
            "cooperations:journal_edit", args=[cooperation.slug, attachment.entry_id]
        ),
    )
    if page:
        return page
    services.journal_attachment_delete(attachment=attachment)
    messages.success(request, _("Pièce jointe supprimée."))
    return redirect("cooperations:journal_edit", slug=cooperation.slug, pk=attachment.entry_id)


DELETABLE = {
    "membre": "members",
    "brique": "blocks",
    "relation": "relations",
    "journal": "journal",
}


@login_required
def part_delete(request, slug: str, part: str, pk: int):
    """Remove a member, a block, a relation or a journal entry of the cooperation, once the
    confirmation page has said what goes with it."""
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    if part not in DELETABLE:
        raise Http404
    item = get_object_or_404(getattr(cooperation, DELETABLE[part]), pk=pk)
    page = confirmation_page(
        request,
        title=deletion_title(item),
        consequences=deletion_consequences(item),
        cancel_url=cooperation.get_absolute_url(),
        back_label=cooperation.name,
    )
    if page:
        return page
    if isinstance(item, JournalEntry):
        services.journal_entry_delete(entry=item)
    elif isinstance(item, Member) and item.journal_entries.exists():
        messages.error(
            request,
            _("Ce membre figure dans le journal : indiquez plutôt sa date de départ."),
        )
        return redirect(cooperation)
    else:
        item.delete()
    messages.success(request, _("Supprimé."))
    return redirect(cooperation)


@login_required
def access_manage(request, slug: str):
    cooperation, _role = cooperation_for(request, slug, AccessRole.ADMINISTRATOR)
    form = AccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.access_grant(
            cooperation=cooperation,
            user=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Accès enregistré."))
        return redirect("cooperations:access", slug=cooperation.slug)
    accesses = cooperation.accesses.select_related("user").order_by("user__username")
    return _edit_page(
        request,
        "access.html",
        form,
        cooperation,
        accesses=accesses,
        heading=_("Accès au dossier"),
    )


@login_required
@require_POST
def access_revoke(request, slug: str, user_id: int):
    cooperation, _role = cooperation_for(request, slug, AccessRole.ADMINISTRATOR)
    access = get_object_or_404(cooperation.accesses, user_id=user_id)
    try:
        services.access_revoke(cooperation=cooperation, user=access.user)
    except ValueError as error:
        messages.error(request, str(error))
    return redirect("cooperations:access", slug=cooperation.slug)


@login_required
def publish(request, slug: str):
    cooperation, _role = cooperation_for(request, slug, AccessRole.ADMINISTRATOR)
    form = PublishForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        services.cooperation_publish(
            cooperation=cooperation,
            public=form.cleaned_data["public"],
            public_members=form.cleaned_data["public_members"],
        )
        if cooperation.is_public:
            messages.success(request, _("La fiche publique de la coopération est en ligne."))
        else:
            messages.success(request, _("La coopération n'est plus publiée."))
        return redirect(cooperation)
    return _edit_page(request, "publish.html", form, cooperation, heading=_("Publication"))


def actor_relations(request, pk: int):
    """The relations of an actor the visitor may see, shown on the actor's page."""
    actor = get_object_or_404(Actor.objects.visible_to(request.user), pk=pk)
    relations = (
        Relation.objects.visible_to(request.user)
        .filter(Q(source=actor) | Q(target=actor))
        .filter(source__in=Actor.objects.visible_to(request.user))
        .filter(target__in=Actor.objects.visible_to(request.user))
        .select_related("source", "target", "cooperation")
    )
    return render(
        request,
        "cooperations/includes/actor_relations.html",
        {"actor": actor, "relations": relations},
    )


@login_required
def actor_relation_add(request, pk: int):
    """A relation recorded outside any cooperation, from an actor's page; private to its author
    unless made public."""
    actor = get_object_or_404(Actor.objects.visible_to(request.user), pk=pk)
    relation = Relation(source=actor)
    form = RelationForm(
        request.POST or None,
        instance=relation,
        user=request.user,
        initial={"source": actor.pk},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            relation.source = actor
            relation.target = form.chosen_or_new_actor("target", by=request.user)
            relation.is_public = form.cleaned_data["is_public"]
            services.relation_save(relation=relation, directed=form.directed, by=request.user)
        messages.success(request, _("Relation enregistrée."))
        return redirect(actor)
    context = {
        "form": form,
        "heading": _("Ajouter une relation"),
        "back_url": actor.get_absolute_url(),
        "back_label": actor.name,
    }
    return render(request, "cooperations/relation_form.html", context)
