"""Abstract models shared by the apps."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """Work started from a page that may outlast the web server's timeout (a large import): who
    started it, its state, its progress and what it produced. `core.jobs` queues it and a worker
    runs it; each app's concrete job adds what the work needs (the uploaded file, its options) and
    its page (`get_absolute_url`).

    While it runs, the worker writes `heartbeat` (with the progress) every few seconds from a
    connection of its own, outside the work's transaction; a running job whose heartbeat is older
    than TERREAU_JOB_DEAD_AFTER_SECONDS lost its worker: it is interrupted (`is_interrupted`) and
    its author may relaunch it."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("fichier déposé")
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default="uploaded")
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The work, a module-level function by its dotted name, and the language of the page that
    # started it: what a worker (or a relaunch) needs to run it again.
    work = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=10, blank=True)
    # Each run (the first, then each relaunch) has its number: a run that was given up for dead
    # and still writes cannot overwrite the state of the run that replaced it.
    run = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_interrupted(self) -> bool:
        """Running, but its worker has not written its heartbeat for too long: it died."""
        if self.status != self.Status.RUNNING or self.heartbeat is None:
            return False
        silent = timedelta(seconds=settings.TERREAU_JOB_DEAD_AFTER_SECONDS)
        return self.heartbeat < timezone.now() - silent

    @property
    def state(self) -> str:
        """The state shown to people: the status, or "interrupted" for a dead running job."""
        return "interrupted" if self.is_interrupted else self.status

    @property
    def state_label(self) -> str:
        if self.is_interrupted:
            return _("interrompu")
        return self.get_status_display()

    @property
    def progress(self) -> dict:
        """`{"processed": n, "total": m}`; `total` is None while the work cannot tell yet."""
        return {"processed": self.processed, "total": self.total}

    @property
    def relaunch_url(self) -> str:
        return reverse("core:job_relaunch", args=[self._meta.label_lower, self.pk])


class PdfJob(Job):
    """A PDF printed by a worker (`core.pdf_jobs`): the HTML of the document as its reader sees
    it, hashed into `key` — the name of the PDF in the cache once printed. The file is never
    served from the job: the document's own address (`source_url`) renders the HTML again with
    the visitor's rights and serves the cached PDF whose key it finds, so only a person who may
    read the document gets it. `html` is cleared once printed (a relaunch needs it before)."""

    key = models.CharField(max_length=64, db_index=True)
    html = models.TextField(blank=True)
    filename = models.CharField(_("fichier"), max_length=200)
    source_url = models.CharField(max_length=2000)
    # The reader: an account, or a visitor's session (an anonymous reader of a public document).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = _("PDF")
        verbose_name_plural = _("PDF")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("core:pdf_job", args=[self.pk])

    @property
    def original_name(self) -> str:
        """The file's name, as "Mes travaux" lists it."""
        return self.filename

    @classmethod
    def prunable(cls, before):
        """Jobs ended before `before` (`terreau jobs prune`); their PDF stays in the cache."""
        ended = cls.objects.filter(status__in=[cls.Status.DONE, cls.Status.FAILED])
        return ended.filter(finished_at__lt=before).values_list("pk", flat=True)
