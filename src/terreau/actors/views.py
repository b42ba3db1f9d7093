import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from terreau.actors import classification
from terreau.actors.exports import (
    CONTENT_TYPES,
    FILE_NAMES,
    export_chunks,
    export_xlsx_file,
    position,
)
from terreau.actors.forms import ActorFilterForm, ActorForm, ResourceFormSet
from terreau.actors.history import actor_history
from terreau.actors.jobs import export_job_start
from terreau.actors.models import Actor, ExportJob
from terreau.actors.queries import (
    ActorFilters,
    ActorPaginator,
    actor_suggestions,
    actors_matching,
    actors_per_commune,
)
from terreau.actors.services import actor_save
from terreau.core.jobs import jobs_of
from terreau.core.throttling import refused_heavy_work
from terreau.territories.refs import territory_or_404

ACTORS_PER_PAGE = 50


def _filters(request) -> tuple[ActorFilterForm, ActorFilters | None]:
    """The list's filter form and, when it is valid, the filters it gives."""
    form = ActorFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, ActorFilters(
        territory=data.get("territoire"),
        kind=data.get("kind", ""),
        life_function=data.get("life_function", ""),
        ess={"oui": True, "non": False}.get(data.get("ess", "")),
        legal_form_family=data.get("family", ""),
        commune=data["commune"].code if data.get("commune") else "",
        text=data.get("q", ""),
    )


def actor_list(request):
    form, filters = _filters(request)
    actors = actors_matching(filters, user=request.user) if filters else Actor.objects.none()
    page = ActorPaginator(actors, ACTORS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "filters": filters}
    if request.htmx:
        return render(request, "actors/includes/results.html", context)
    return render(request, "actors/list.html", context)


def actor_export(request, file_format: str):
    if file_format not in CONTENT_TYPES:
        raise Http404
    if refused := refused_heavy_work(request, "export"):
        return refused
    _form, filters = _filters(request)
    if filters is None:
        raise Http404
    actors = actors_matching(filters, user=request.user)
    name = FILE_NAMES.get(file_format, f"acteurs.{file_format}")
    if file_format == "xlsx" and actors.count() > settings.TERREAU_EXPORT_DIRECT_MAX_ROWS:
        return _export_in_background(request, actors, file_format)
    if file_format == "xlsx":
        return FileResponse(
            export_xlsx_file(actors),
            as_attachment=True,
            filename=name,
            content_type=CONTENT_TYPES[file_format],
        )
    response = StreamingHttpResponse(
        export_chunks(actors, file_format), content_type=CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _export_in_background(request, actors, file_format: str):
    """A large export that cannot stream: GET says it will be prepared in the background (or,
    to an anonymous visitor, that it needs an account and that CSV streams at once); POST
    queues it with the actors the person sees now, and leads to its page."""
    query = request.GET.copy()
    context = {
        "count": actors.count(),
        "file_format": file_format,
        "csv_url": f"{reverse('actors:export', args=['csv'])}?{query.urlencode()}",
        "list_url": f"{reverse('actors:list')}?{query.urlencode()}",
    }
    if request.method == "POST" and request.user.is_authenticated:
        job = ExportJob.objects.create(
            file_format=file_format,
            query=query.urlencode(),
            actor_ids=list(actors.values_list("pk", flat=True)),
            created_by=request.user,
        )
        export_job_start(job=job)
        return redirect(job)
    return render(request, "actors/export_ask.html", context)


@login_required
def export_job(request, pk: int):
    """An export's page: its progress, then the link to download the file."""
    job = get_object_or_404(jobs_of(ExportJob, request.user), pk=pk)
    context = {
        "job": job,
        "progress": job.progress,
        "list_url": f"{reverse('actors:list')}?{job.query}",
        "retention_days": settings.TERREAU_UPLOAD_RETENTION_DAYS,
    }
    if request.htmx:
        return render(request, "actors/includes/export_status.html", context)
    return render(request, "actors/export_job.html", context)


@login_required
def export_download(request, pk: int):
    """The file of a finished export, to its author (or staff) only; gone once cleaned."""
    job = get_object_or_404(
        jobs_of(ExportJob, request.user).filter(status=ExportJob.Status.DONE).exclude(file=""),
        pk=pk,
    )
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.original_name,
        content_type=CONTENT_TYPES[job.file_format],
    )


def actor_map(request):
    _form, filters = _filters(request)
    if filters is None:
        raise Http404
    return JsonResponse(actors_per_commune(actors_matching(filters, user=request.user)))


def actor_picker(request):
    """The suggestions of the actor picker (`actors.forms.ActorPicker`): the actors ticked so far,
    then those matching the search, among the actors the visitor may see (in a territory when the
    picker says so)."""
    name = request.GET.get("name", "")
    if not re.fullmatch(r"[\w-]+", name):
        raise Http404
    territory = None
    if ref := request.GET.get("territoire", ""):
        territory = territory_or_404(ref, user=request.user)
    query = request.GET.get(f"{name}-q", "").strip()
    context = actor_suggestions(
        user=request.user, text=query, chosen=request.GET.getlist(name), territory=territory
    )
    context.update(
        query=query,
        name=name,
        id=request.GET.get("id", f"id_{name}"),
        territory=territory,
        input_type="checkbox" if request.GET.get("multiple") else "radio",
    )
    return render(request, "actors/includes/actor_choices.html", context)


def _visible_actor(request, pk: int) -> Actor:
    return get_object_or_404(
        Actor.objects.visible_to(request.user).select_related("commune"), pk=pk
    )


def can_edit(user, actor: Actor) -> bool:
    return user.is_authenticated and (user.is_staff or actor.created_by_id == user.pk)


def actor_detail(request, pk: int):
    actor = _visible_actor(request, pk)
    context = {
        "actor": actor,
        "naf_label": classification.naf_label(actor.naf_code),
        "legal_form": classification.legal_form(actor.legal_form_code),
        "resources": actor.resources.all(),
        "history": actor_history(actor),
        "can_edit": can_edit(request.user, actor),
    }
    return render(request, "actors/detail.html", context)


def actor_position(request, pk: int):
    """The actor page's map: one point, at the establishment or at its commune."""
    actor = _visible_actor(request, pk)
    found = position(actor)
    features = []
    if found:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": found[0]},
                "properties": {
                    "name": actor.name,
                    "code": actor.commune.code if actor.commune else "",
                },
            }
        )
    unplaced = [{"name": actor.commune.name}] if actor.commune and not found else []
    return JsonResponse({"type": "FeatureCollection", "features": features, "unplaced": unplaced})


@login_required
def actor_create(request):
    return _actor_form(request, Actor(is_public=False))


@login_required
def actor_edit(request, pk: int):
    actor = _visible_actor(request, pk)
    if not can_edit(request.user, actor):
        raise Http404
    return _actor_form(request, actor)


def _actor_form(request, actor: Actor):
    form = ActorForm(request.POST or None, instance=actor)
    resources = ResourceFormSet(request.POST or None, instance=actor, prefix="resources")
    if request.method == "POST" and form.is_valid() and resources.is_valid():
        with transaction.atomic():
            actor = actor_save(actor=actor, by=request.user, changed=form.apply())
            resources.instance = actor
            resources.save()
        messages.success(request, _("Acteur enregistré."))
        return redirect(actor)
    return render(
        request, "actors/form.html", {"form": form, "resources": resources, "actor": actor}
    )
