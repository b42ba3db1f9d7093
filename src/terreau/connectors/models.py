"""What the connectors remember: every run of a source (from a page, the command line or a
scheduled task) with what was asked, its outcome and its error, for the administrators' page; and
the background job of a fetch started from a page (`FetchJob`, run by `core.jobs`)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.core.models import Job


class ConnectorRun(models.Model):
    class Trigger(models.TextChoices):
        PAGE = "page", _("depuis une page")
        COMMAND = "command", _("en ligne de commande")
        SCHEDULE = "schedule", _("tâche planifiée")

    source = models.CharField(_("source"), max_length=40)
    trigger = models.CharField(_("déclenchement"), max_length=10, choices=Trigger.choices)
    query = models.JSONField(_("demande"), default=dict, blank=True)
    dry_run = models.BooleanField(_("essai à blanc"), default=False)
    started_at = models.DateTimeField(_("début"), auto_now_add=True)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    ok = models.BooleanField(_("réussi"), null=True)
    summary = models.JSONField(_("bilan"), default=dict, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("exécution d'un connecteur")
        verbose_name_plural = _("exécutions des connecteurs")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class FetchJob(Job):
    """A fetch started from a page: the source, what to fetch (territory, options) and whether
    it is a preview (dry run); its report is the import contract's."""

    source = models.CharField(_("source"), max_length=40)
    query = models.JSONField(_("demande"), default=dict)
    dry_run = models.BooleanField(_("aperçu seulement"), default=True)

    class Meta:
        verbose_name = _("import depuis un registre public")
        verbose_name_plural = _("imports depuis les registres publics")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("connectors:fetch_job", args=[self.pk])
