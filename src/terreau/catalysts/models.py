"""Territorial catalysts as actors in their own right (§004, §002): who they are, where and how
they work, how they are funded, the cooperations they accompany, their own stage of development,
and the self-assessments of the four conditions of their durability (`durability.py`)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.actors.models import Actor
from terreau.catalysts.durability import AssessmentMode, DevelopmentStage, results
from terreau.cooperations.models import Cooperation
from terreau.core.permissions import PrivateByDefaultQuerySet


class CatalystKind(models.TextChoices):
    PERSON = "person", _("Une personne")
    STRUCTURE = "structure", _("Une structure")
    AUTHORITY_TEAM = "authority_team", _("Une équipe d'une collectivité")


class Posture(models.TextChoices):
    """The two jobs the sources name: animating one cooperation, or developing territorial
    cooperations (« développeur de coopérations territoriales », §002)."""

    ANIMATION = "animation", _("Animation d'une coopération")
    DEVELOPMENT = "development", _("Développement de coopérations territoriales")


class Position(models.TextChoices):
    INTERNAL = "internal", _("Interne (porté par un acteur de la coopération)")
    EXTERNAL = "external", _("Externe (tiers de confiance)")


class CatalystQuerySet(PrivateByDefaultQuerySet):
    owner_field = "owner"


class Catalyst(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("le catalyseur est"), max_length=20, choices=CatalystKind.choices)
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalysts",
        verbose_name=_("structure dans l'annuaire"),
    )
    team = models.CharField(_("équipe ou service"), max_length=200, blank=True)
    territories = models.JSONField(_("territoires servis"), default=list, blank=True)
    posture = models.CharField(_("posture"), max_length=20, choices=Posture.choices)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    methods = models.TextField(_("méthodes et outils"), blank=True)
    funding = models.TextField(_("financement de l'animation"), blank=True)
    stage = models.CharField(
        _("stade de développement"), max_length=20, choices=DevelopmentStage.choices
    )
    cooperations = models.ManyToManyField(
        Cooperation,
        blank=True,
        related_name="catalysts",
        verbose_name=_("coopérations accompagnées"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="catalysts"
    )
    is_public = models.BooleanField(_("visible par tous"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CatalystQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalyseur territorial")
        verbose_name_plural = _("catalyseurs territoriaux")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalysts:detail", args=[self.pk])

    def can_edit(self, user) -> bool:
        return user.is_authenticated and (user.is_staff or user.pk == self.owner_id)


class DurabilityAssessment(models.Model):
    """One assessment of the four conditions (§004), on the scale of the stage the catalyst was
    at, in the mode chosen; answers: {condition key: {"level": int, "grounds": str}}."""

    catalyst = models.ForeignKey(Catalyst, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("date"))
    stage = models.CharField(
        _("stade de développement"), max_length=20, choices=DevelopmentStage.choices
    )
    mode = models.CharField(_("mode d'évaluation"), max_length=20, choices=AssessmentMode.choices)
    assessors = models.CharField(_("évalué par"), max_length=300, blank=True)
    answers = models.JSONField(default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("évaluation des conditions de pérennité")
        verbose_name_plural = _("évaluations des conditions de pérennité")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.catalyst} — {self.assessed_on}"

    @property
    def results(self):
        return results(self.stage, self.answers)
