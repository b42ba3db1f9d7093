"""Network metrics computed by a background job and kept (`network.cache`)."""

import json

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.core.models import Job


class OrderedJSONField(models.TextField):
    """JSON kept as text, in the order it was written. PostgreSQL's `jsonb` (Django's JSONField)
    sorts object keys, and the figures' order is meaningful: the metrics' keys as documented,
    sector pairs from the most to the least frequent."""

    def from_db_value(self, value, expression, connection):
        return json.loads(value) if value else {}

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value) if value else {}
        return value

    def get_prep_value(self, value):
        return json.dumps(value, ensure_ascii=False) if value is not None else ""


class NetworkMetrics(Job):
    """The figures of one network view — a scope (territory or cooperation), an audience (what
    the reader may see), filters and a language, hashed into `key` — and the job computing them.

    `figures` (metrics, graph elements, relation list) and `computed_at` keep the latest result
    while the next one is computed; `data_version` is the version of the scope's data they were
    computed from (`network.cache.data_version`): another version means they are stale."""

    key = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("périmètre"), max_length=150, db_index=True)  # territory:REF …
    audience = models.CharField(max_length=10)  # public, all, or user (created_by)
    filters = models.JSONField(default=dict)
    filtered = models.BooleanField(default=False)  # any filter: refreshed on visit only
    # The reader whose view it is (audience "user"); nobody for the public and full views.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data_version = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    figures = OrderedJSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("calcul des mesures d'un réseau")
        verbose_name_plural = _("calculs des mesures de réseaux")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.scope

    def get_absolute_url(self) -> str:
        kind, _sep, name = self.scope.partition(":")
        if kind == "cooperation":
            return reverse("network:cooperation", args=[name])
        return reverse("network:territory", args=[name])

    @classmethod
    def prunable(cls, before):
        """Rows superseded by newer data and not recomputed since `before` (`terreau jobs
        prune`)."""
        from terreau.network.cache import prunable

        return prunable(before)


class NetworkRevision(models.Model):
    """A counter raised by every edit in place of a relation, a membership or an access: such an
    edit changes no count nor greatest identifier, which `network.cache.data_version` reads."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
