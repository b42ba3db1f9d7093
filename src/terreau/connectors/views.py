"""Importing actors from a public registry from the web: choose the territory and options, see
a preview (a dry run in the background: what would be created, updated, left as it is), then
import, with a progress bar and the report of the import contract."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from terreau.actors import history
from terreau.actors.import_views import SKIPPED_LABELS
from terreau.actors.models import Actor
from terreau.connectors.fetch import fetch_job_start
from terreau.connectors.forms import FetchForm
from terreau.connectors.models import FetchJob
from terreau.connectors.sources import SOURCES
from terreau.core.jobs import jobs_of
from terreau.core.taxonomies import LifeFunction
from terreau.core.views import permission_required_or_explain
from terreau.territories.refs import TerritoryRefError, resolve

FETCH_SKIPPED_LABELS = {
    **SKIPPED_LABELS,
    "other_life_functions": _("activités ne servant pas les fonctions de vie choisies"),
    "no_siret": _("acteurs sans SIRET"),
    "not_found": _("établissements introuvables dans le registre"),
}


@permission_required_or_explain("actors.import_actors")
def fetch_start(request):
    initial = {"territory": request.GET.get("territoire", ""), "active_only": True}
    form = FetchForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = FetchJob.objects.create(
            source=form.cleaned_data["source"],
            query=form.query(),
            dry_run=True,
            created_by=request.user,
        )
        fetch_job_start(job=job)
        return redirect("connectors:fetch_job", pk=job.pk)
    jobs = FetchJob.objects.filter(created_by=request.user)[:10]
    return render(request, "connectors/fetch_start.html", {"form": form, "jobs": jobs})


def _job(request, pk: int) -> FetchJob:
    return get_object_or_404(jobs_of(FetchJob, request.user), pk=pk)


def _conflicts(job: FetchJob, user) -> list[dict]:
    """The conflicts on actors the person may see now, as an actor's page shows values."""
    conflicts = job.report.get("conflicts", [])
    actors = Actor.objects.visible_to(user).in_bulk({c["actor"] for c in conflicts})
    return [
        {
            "actor": actors[conflict["actor"]],
            "field": history.field_label(conflict["field"]),
            "kept": history.displayed(conflict["field"], conflict["kept"], {}),
            "incoming": history.displayed(conflict["field"], conflict["incoming"], {}),
        }
        for conflict in conflicts
        if conflict["actor"] in actors
    ]


def _options(job: FetchJob) -> list[str]:
    query = job.query
    words = [
        str(label)
        for key, label in (
            ("active_only", _("en activité")),
            ("ess_only", _("ESS")),
            ("associations", _("associations")),
            ("siae", _("SIAE")),
        )
        if query.get(key)
    ]
    return words + [str(LifeFunction(key).label) for key in query.get("life_functions", [])]


def _territory_name(job: FetchJob, user) -> str:
    try:
        return resolve(job.query["territory"], user=user).name
    except (KeyError, TerritoryRefError):
        return job.query.get("territory", "")


@permission_required_or_explain("actors.import_actors")
def fetch_job(request, pk: int):
    job = _job(request, pk)
    source = SOURCES.get(job.source)
    context = {
        "job": job,
        "progress": job.progress,
        "source_label": source.label if source else job.source,
        "territory_name": _territory_name(job, request.user),
        "options": _options(job),
        "skipped": [
            (FETCH_SKIPPED_LABELS.get(reason, reason), count)
            for reason, count in (job.report or {}).get("skipped", {}).items()
        ],
    }
    if job.status == FetchJob.Status.DONE:
        context["conflicts"] = _conflicts(job, request.user)
    if request.htmx:
        return render(request, "connectors/includes/fetch_status.html", context)
    return render(request, "connectors/fetch_job.html", context)


@permission_required_or_explain("actors.import_actors")
@require_POST
def fetch_run(request, pk: int):
    """Import what a preview showed: a new job with the same query, writing this time."""
    preview = _job(request, pk)
    if not (preview.dry_run and preview.status == FetchJob.Status.DONE):
        return redirect("connectors:fetch_job", pk=preview.pk)
    job = FetchJob.objects.create(
        source=preview.source, query=preview.query, dry_run=False, created_by=request.user
    )
    fetch_job_start(job=job)
    return redirect("connectors:fetch_job", pk=job.pk)
