"""Abstract models shared by the apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """Work started from a page that may outlast the web server's timeout (a large import): who
    started it, its state, and what it produced. `core.jobs` runs it; each app's concrete job adds
    what the work needs (the uploaded file, its options). Its progress is kept in a small file,
    not here: the work runs in a transaction that other processes cannot see into."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("fichier déposé")
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

    class Meta:
        abstract = True
        ordering = ["-created_at"]
