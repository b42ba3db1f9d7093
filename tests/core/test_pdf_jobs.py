"""PDFs printed by a worker (core/pdf_jobs.py, issue 16): a PDF missing from the cache is queued
as a job shown on "Mes travaux", its page follows it and links to the document, which then serves
the file — to those who may read the document only. Chromium is replaced by a fake printer: what
is tested is the queue, not the printing (tests/diagnosis/test_report.py prints for real)."""

import pytest
from django.test import Client

from terreau.cooperations.services import cooperation_publish
from terreau.core import pdf
from terreau.core.jobs import job_run
from terreau.core.models import Job, PdfJob
from terreau.core.pdf_jobs import pdf_work
from tests.diagnosis.factories import actor
from tests.monographs.factories import make_ecopole

pytestmark = pytest.mark.django_db

DOCUMENT = "/cooperations/ecopole/monographie/monographie.pdf"


@pytest.fixture
def ecopole(alice):
    return make_ecopole(alice)


@pytest.fixture
def fake_chromium(monkeypatch):
    printed = []

    def print_pdf(html: str) -> bytes:
        printed.append(html)
        return b"%PDF-1.4 " + pdf.pdf_key(html).encode()

    monkeypatch.setattr(pdf, "print_pdf", print_pdf)
    return printed


@pytest.fixture
def queued(settings):
    """A real queue: the job waits for a worker instead of running within the request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def work_the_queue() -> None:
    """What `terreau jobs worker` does with each queued PDF job."""
    for job in PdfJob.objects.filter(status=Job.Status.QUEUED):
        job_run(job, pdf_work)


def test_a_pdf_not_yet_printed_is_prepared_by_a_worker_then_served(
    ecopole, alice_client, fake_chromium, queued
):
    waiting = alice_client.get(DOCUMENT)
    assert waiting.status_code == 202 and "Votre PDF est en préparation" in waiting.text
    job = PdfJob.objects.get()
    assert (job.status, job.filename, job.source_url) == (
        "queued",
        "monographie-ecopole.pdf",
        DOCUMENT,
    )
    assert f'hx-get="/travaux/pdf/{job.pk}/"' in waiting.text  # the page follows the job
    assert not fake_chromium
    # Asking again while it is prepared queues nothing more.
    assert alice_client.get(DOCUMENT).status_code == 202 and PdfJob.objects.count() == 1
    listed = alice_client.get("/travaux/").text
    assert "monographie-ecopole.pdf" in listed and "En attente" in listed

    work_the_queue()
    job.refresh_from_db()
    assert job.status == "done" and job.progress == {"processed": 1, "total": 1}
    assert job.heartbeat and job.html == ""  # printed: the HTML is not kept
    status = alice_client.get(f"/travaux/pdf/{job.pk}/", headers={"HX-Request": "true"}).text
    assert "Votre PDF est prêt" in status and f'href="{DOCUMENT}"' in status
    served = alice_client.get(DOCUMENT)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert served.content.startswith(b"%PDF") and len(fake_chromium) == 1
    assert served["Content-Disposition"] == 'attachment; filename="monographie-ecopole.pdf"'


def test_only_readers_of_the_document_follow_its_job_or_download_it(
    ecopole, alice_client, charlie_client, fake_chromium, queued
):
    alice_client.get(DOCUMENT)
    job = PdfJob.objects.get()
    work_the_queue()
    # Charlie is no member: neither the job's page nor the document, printed or not.
    assert charlie_client.get(f"/travaux/pdf/{job.pk}/").status_code == 404
    assert charlie_client.get(DOCUMENT).status_code == 404
    assert "monographie-ecopole.pdf" not in charlie_client.get("/travaux/").text
    assert Client().get(f"/travaux/pdf/{job.pk}/").status_code == 404
    assert Client().get(DOCUMENT).status_code == 404
    assert PdfJob.objects.count() == 1 and len(fake_chromium) == 1


def test_a_cached_pdf_is_served_at_once_without_a_job(ecopole, alice_client, fake_chromium):
    # Tests run jobs within the request: the first visit prints and serves.
    first = alice_client.get(DOCUMENT)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    PdfJob.objects.all().delete()
    again = alice_client.get(DOCUMENT)
    assert again.content == first.content and len(fake_chromium) == 1
    assert not PdfJob.objects.exists()


def test_an_anonymous_reader_follows_the_printing_in_their_session(
    ecopole, alice_client, fake_chromium, queued
):
    cooperation_publish(cooperation=ecopole, public=True, public_members=[])
    alice_client.post("/cooperations/ecopole/monographie/publier/", {"public": "1"})
    visitor = Client()
    assert visitor.get(DOCUMENT).status_code == 202
    job = PdfJob.objects.get()
    assert job.created_by is None and job.session_key
    assert visitor.get(f"/travaux/pdf/{job.pk}/").status_code == 200
    assert "Mes travaux" not in visitor.get(f"/travaux/pdf/{job.pk}/").text.split("<main")[-1]
    assert Client().get(f"/travaux/pdf/{job.pk}/").status_code == 404  # another visitor
    work_the_queue()
    assert visitor.get(DOCUMENT).content.startswith(b"%PDF")


def test_a_failed_printing_says_why_and_is_tried_again_on_the_next_visit(
    ecopole, alice_client, monkeypatch, queued
):
    def missing(html):
        raise pdf.PdfError("Chromium est nécessaire pour produire le PDF")

    monkeypatch.setattr(pdf, "print_pdf", missing)
    alice_client.get(DOCUMENT)
    work_the_queue()
    job = PdfJob.objects.get()
    assert job.status == "failed"
    page = alice_client.get(f"/travaux/pdf/{job.pk}/").text
    assert "Le PDF n'a pas pu être préparé" in page and "Chromium est nécessaire" in page
    assert alice_client.get(DOCUMENT).status_code == 202  # queued again, the same row
    job.refresh_from_db()
    assert job.status == "queued" and job.run == 2 and PdfJob.objects.count() == 1


def test_the_diagnosis_report_goes_through_the_queue_too(client, fake_chromium, queued):
    actor("Épicerie", "62057", functions=["food"])
    report = "/territoires/epci:246200844/diagnostic/rapport.pdf"
    assert client.get(report).status_code == 202
    job = PdfJob.objects.get()
    assert job.filename == "diagnostic-246200844.pdf" and job.source_url == report
    work_the_queue()
    served = client.get(report)
    assert served.status_code == 200 and served.content.startswith(b"%PDF")
