"""PDFs printed by a worker rather than within the request (issue 16).

Printing takes Chromium seconds and hundreds of megabytes: a page asking for a PDF that is not in
the cache (`core.pdf`) queues a `PdfJob` (`core.jobs`: a row on "Mes travaux", its progress and
heartbeat) and answers "Votre PDF est en préparation", a page that follows the job and links
back to the document once it is printed; a PDF in the cache is served at once, as before.

Only a person who may read the document downloads it: the file is never served from the job.
The document's address renders the HTML again, with the visitor's rights, and serves the cached
PDF named by that HTML's hash; the job's page (its author's, or the anonymous visitor's session)
only says how far the printing is and links to that address. The command line prints
synchronously (`core.pdf.pdf_from_html`).
"""

from django.http import HttpResponse
from django.shortcuts import render

from terreau.core.jobs import JobFailed, job_start, jobs_of
from terreau.core.models import Job, PdfJob
from terreau.core.pdf import PdfBusy, PdfError, cached_pdf, pdf_from_html, pdf_key
from terreau.core.throttling import pdf_unavailable, refused_heavy_work


def pdf_response(request, html: str, *, filename: str) -> HttpResponse:
    """The PDF of `html` (the document as this visitor may read it): the cached file, else the
    page of the job printing it. Counts against the visitor's rate of heavy work, except while
    the job they already started is still printing."""
    key = pdf_key(html)
    job = _visitor_jobs(request).filter(key=key).order_by("-pk").first()
    if job is not None and _printing(job) and cached_pdf(key) is None:
        return pdf_waiting(request, job)
    if refused := refused_heavy_work(request, "pdf"):
        return refused
    if (pdf := cached_pdf(key)) is not None:
        return _attachment(pdf, filename)
    if job is None:
        job = PdfJob(key=key, **_owner(request))
    job.html, job.filename, job.source_url = html, filename, request.get_full_path()
    job.status = Job.Status.QUEUED
    job.save()
    job_start(job, pdf_work)  # the immediate backend (tests) prints it here
    job.refresh_from_db()
    if job.status == Job.Status.DONE and (pdf := cached_pdf(key)) is not None:
        return _attachment(pdf, filename)
    if job.status == Job.Status.FAILED:
        return pdf_failed(request, job)
    return pdf_waiting(request, job)


def pdf_work(job: PdfJob, progress) -> dict:
    """The job: print the HTML into the cache (`core.pdf`), then forget the HTML."""
    progress(0, 1)
    try:
        pdf = pdf_from_html(job.html)
    except PdfBusy as error:
        raise JobFailed(str(error), {"retry_after": error.retry_after}) from error
    except PdfError as error:
        raise JobFailed(str(error)) from error
    PdfJob.objects.filter(pk=job.pk, run=job.run).update(html="")
    progress(1, 1)
    return {"bytes": len(pdf)}


def pdf_jobs_of(request):
    """The PDF jobs a visitor may follow: their own (an anonymous visitor's: their session's);
    staff follow everyone's."""
    return _visitor_jobs(request)


def pdf_waiting(request, job: PdfJob) -> HttpResponse:
    response = render(request, "core/pdf_job.html", {"job": job, "progress": job.progress})
    response.status_code = 202
    return response


def pdf_failed(request, job: PdfJob) -> HttpResponse:
    """The 503 page of a PDF whose printing failed (busy slots, no Chromium)."""
    retry_after = (job.report or {}).get("retry_after")
    error = PdfBusy(retry_after) if retry_after else PdfError(job.error)
    return pdf_unavailable(request, error)


def _printing(job: PdfJob) -> bool:
    return job.status in (Job.Status.QUEUED, Job.Status.RUNNING) and not job.is_interrupted


def _owner(request) -> dict:
    if request.user.is_authenticated:
        return {"created_by": request.user}
    if request.session.session_key is None:
        request.session.save()
    return {"session_key": request.session.session_key}


def _visitor_jobs(request):
    if request.user.is_authenticated:
        return jobs_of(PdfJob, request.user)
    key = request.session.session_key
    if key is None:
        return PdfJob.objects.none()
    return PdfJob.objects.filter(created_by=None, session_key=key)


def _attachment(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
