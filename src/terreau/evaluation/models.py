"""Stage-aware evaluation: the indicators a cooperation follows and the values it records.

A cooperation follows indicators taken from the default set of its stage (data/indicators.json,
read by `defaults.py`) or of its own; each value is dated and says where it comes from. Early
cooperations are not judged with the grids of mature ones: the page says which indicators fit the
current stage (from the journal) and suggests the missing ones (`queries.py`).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from terreau.core.charts import plain_number
from terreau.core.taxonomies import Stage, stored_members
from terreau.evaluation.defaults import DefaultIndicator, default_indicators


class Direction(models.TextChoices):
    """Which way an indicator is good."""

    UP = "up", _("plus c'est élevé, mieux c'est")
    DOWN = "down", _("plus c'est bas, mieux c'est")
    NEITHER = "neither", _("ni l'un ni l'autre : à lire dans son contexte")


class Indicator(models.Model):
    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="indicators"
    )
    # The key of a default indicator (its texts are then read from the data file in the reader's
    # language); empty for the cooperation's own indicators.
    key = models.SlugField(_("indicateur par défaut"), max_length=60, blank=True)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("ce qu'il mesure"), blank=True)
    unit = models.CharField(
        _("unité"), max_length=60, help_text=_("Par exemple : personnes, réunions, €, ETP, %.")
    )
    direction = models.CharField(
        _("sens souhaité"), max_length=10, choices=Direction.choices, default=Direction.UP
    )
    stages = models.CharField(_("étapes"), max_length=100, blank=True)  # keys_text of Stage
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "key"],
                condition=~Q(key=""),
                name="one_default_indicator_per_cooperation",
            ),
            models.UniqueConstraint(
                fields=["cooperation", "name"], name="indicator_names_unique_in_cooperation"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_list(self) -> list[Stage]:
        return stored_members(Stage, self.stages)

    @property
    def default(self) -> DefaultIndicator | None:
        return default_indicators().get(self.key) if self.key else None

    # A default indicator speaks the reader's language; the stored French texts are what an
    # export or a report falls back on if the data file drops it.
    @property
    def label(self) -> str:
        return self.default.name if self.default else self.name

    @property
    def unit_label(self) -> str:
        return self.default.unit if self.default else self.unit

    @property
    def description_text(self) -> str:
        return self.default.description if self.default else self.description

    def fits(self, stage: str) -> bool:
        """Whether the indicator suits a cooperation at `stage`; one tied to no stage suits all."""
        return not self.stages or f" {stage} " in self.stages


class IndicatorValue(models.Model):
    """One measure of an indicator, dated, with where it comes from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("valeur"), max_digits=18, decimal_places=4)
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("D'où vient ce chiffre : compte rendu, bilan comptable, comptage, enquête…"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("valeur d'un indicateur")
        verbose_name_plural = _("valeurs des indicateurs")
        ordering = ["measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="one_value_per_indicator_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.measured_on}: {self.value_text}"

    @property
    def value_text(self) -> str:
        """The value as the reader writes numbers, without trailing zeros: « 1 250,5 »."""
        return number_format(Decimal(plain_number(self.value)), force_grouping=True)
