"""What people say about a territory, beside the figures: unmet needs and qualitative notes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.core.models import Job
from terreau.core.permissions import PrivateByDefaultQuerySet
from terreau.core.taxonomies import LifeFunction, stored_members


class TerritoryRecordQuerySet(PrivateByDefaultQuerySet):
    owner_field = "author"

    def for_territory(self, territory):
        return self.filter(territory_ref=territory.ref)


class TerritoryRecord(models.Model):
    """Something recorded about a territory (by its reference, so any level works)."""

    territory_ref = models.CharField(_("territoire"), max_length=100, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_public = models.BooleanField(_("visible par tous"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TerritoryRecordQuerySet.as_manager()

    class Meta:
        abstract = True


class Need(TerritoryRecord):
    """Besoin non couvert: an unmet need voiced on the territory."""

    class Channel(models.TextChoices):
        WORKSHOP = "workshop", _("atelier")
        INTERVIEW = "interview", _("entretien")
        SURVEY = "survey", _("enquête")
        PUBLIC_DATA = "public_data", _("données publiques")

    class Priority(models.TextChoices):
        HIGH = "high", _("haute")
        MEDIUM = "medium", _("moyenne")
        LOW = "low", _("basse")

    class Status(models.TextChoices):
        OPEN = "open", _("ouvert")
        ADDRESSED = "addressed", _("pris en charge par une coopération")
        MET = "met", _("satisfait")

    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    life_functions = models.CharField(_("fonctions de vie"), max_length=200, blank=True)
    voiced_by = models.CharField(_("exprimé par"), max_length=200, blank=True)
    channel = models.CharField(_("comment"), max_length=20, choices=Channel.choices)
    voiced_on = models.DateField(_("date"))
    priority = models.CharField(_("priorité"), max_length=10, choices=Priority.choices)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default="open")
    actors = models.ManyToManyField("actors.Actor", blank=True, related_name="needs")
    cooperations = models.ManyToManyField(
        "cooperations.Cooperation", blank=True, related_name="needs"
    )

    class Meta:
        verbose_name = _("besoin non couvert")
        verbose_name_plural = _("besoins non couverts")
        ordering = ["status", "priority", "-voiced_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def life_function_list(self) -> list[LifeFunction]:
        return stored_members(LifeFunction, self.life_functions)


class Note(TerritoryRecord):
    """A qualitative note beside the figures: an intuition, a quote, an observation."""

    class Kind(models.TextChoices):
        INTUITION = "intuition", _("intuition")
        QUOTE = "quote", _("citation")
        OBSERVATION = "observation", _("observation")

    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("texte"))
    observed_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("note qualitative")
        verbose_name_plural = _("notes qualitatives")
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class NeedsImportJob(Job):
    """A needs register uploaded on a territory's diagnosis page, imported in the background
    (`core.jobs`, `diagnosis/jobs.py`): the file, the territory, the option and the report."""

    file = models.FileField(_("fichier"), upload_to="imports/")
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    territory_ref = models.CharField(_("territoire"), max_length=100)
    atomic = models.BooleanField(_("tout ou rien"), default=False)

    class Meta:
        verbose_name = _("import de besoins")
        verbose_name_plural = _("imports de besoins")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("diagnosis:import_needs_job", args=[self.territory_ref, self.pk])


class AggregateRefresh(Job):
    """One computation of the diagnosis aggregates (`diagnosis/aggregates.py`), run by `terreau
    diagnosis refresh-aggregates` (scheduled): when it ran and from which version of the actor
    directory. The latest one done dates the figures of the large territories' diagnoses."""

    # Scheduled by the operator: nobody started it from a page.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data_version = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calcul des agrégats du diagnostic")
        verbose_name_plural = _("calculs des agrégats du diagnostic")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.computed_at or self.created_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class ActorAggregate(models.Model):
    """The public actors of one commune counted by what a diagnosis groups them by (kind, legal
    form family, ESS, stored life functions, source file): a diagnosis of a large territory sums
    these rows instead of counting its actors one by one. Private actors are never counted here;
    a viewer's own private actors are added live (`diagnosis/aggregates.py`)."""

    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=30)
    legal_form_family = models.CharField(max_length=20, blank=True)
    is_ess = models.BooleanField(default=False)
    life_functions = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20)
    source_name = models.CharField(max_length=300, blank=True)
    actors = models.PositiveIntegerField()
    latest_source_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agrégat du diagnostic")
        verbose_name_plural = _("agrégats du diagnostic")
        indexes = [
            models.Index(
                fields=["commune", "life_functions", "actors"], name="diagnosis_aggregate_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.kind} {self.life_functions}: {self.actors}"


class CommuneFunctions(models.Model):
    """The life functions at least one public actor of a commune serves (" food health "), kept
    by the same job as `ActorAggregate`: the communes without actors of a large territory's
    diagnosis read one row per commune instead of every (commune, life functions) group."""

    commune = models.OneToOneField(
        "territories.Commune", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    life_functions = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("fonctions de vie servies dans une commune")
        verbose_name_plural = _("fonctions de vie servies dans les communes")

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.life_functions}"
