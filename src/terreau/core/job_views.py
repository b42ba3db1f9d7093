"""Pages of the background jobs of every kind (`core.jobs`): "Mes travaux", the list of a
person's jobs and their state, the relaunch of an interrupted one, and a PDF's printing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from terreau.core.jobs import job_models, job_relaunch, jobs_of
from terreau.core.pdf_jobs import pdf_jobs_of

LISTED = 200


@login_required
def job_list(request):
    """Every job the person may follow (their own; staff: everyone's), most recent first."""
    jobs = []
    for model in job_models():
        for job in jobs_of(model, request.user).select_related("created_by")[:LISTED]:
            job.kind = model._meta.verbose_name
            jobs.append(job)
    jobs.sort(key=lambda job: job.created_at, reverse=True)
    return render(request, "core/job_list.html", {"jobs": jobs[:LISTED]})


@login_required
def job_relaunch_view(request, label: str, pk: int):
    """GET: what relaunching means, to confirm; POST: queue the interrupted job again."""
    models = {model._meta.label_lower: model for model in job_models()}
    if label not in models:
        raise Http404
    job = get_object_or_404(jobs_of(models[label], request.user), pk=pk)
    if request.method == "POST":
        if job_relaunch(job):
            messages.success(request, _("Le travail est relancé depuis le début."))
        else:
            messages.info(request, _("Ce travail n'est pas interrompu : il n'a pas été relancé."))
        return redirect(job)
    return render(request, "core/job_relaunch.html", {"job": job})


def pdf_job(request, pk: int):
    """A PDF's printing (`core.pdf_jobs`): its progress, then the link to the document, which
    serves the printed file to whoever may read it. Its author's (an anonymous visitor's: their
    session's) or staff's only."""
    job = get_object_or_404(pdf_jobs_of(request), pk=pk)
    context = {"job": job, "progress": job.progress}
    if request.htmx:
        return render(request, "core/includes/pdf_status.html", context)
    return render(request, "core/pdf_job.html", context)
