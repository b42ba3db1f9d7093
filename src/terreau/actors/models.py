"""The actor directory: organisations and groups of a territory, "le déjà-là"."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.core.models import Job
from terreau.core.permissions import PrivateByDefaultQuerySet
from terreau.core.taxonomies import (
    ActorKind,
    HeadcountBand,
    LifeFunction,
    keys_text,
    stored_members,
)
from terreau.territories.models import Commune


class Source(models.TextChoices):
    SIRENE = "sirene", _("Répertoire SIRENE (INSEE)")
    RNA = "rna", _("Répertoire national des associations")
    SPREADSHEET = "spreadsheet", _("Tableur importé")
    MANUAL = "manual", _("Saisie dans Terreau")
    DEMO = "demo", _("Données de démonstration")
    # Registers fetched by the connectors (issue 19, terreau.connectors).
    DATA_INCLUSION = "data-inclusion", _("data·inclusion (structures de l'inclusion)")


# Actors a person entered in Terreau (by hand, from a cooperation document, or as demonstration
# data), as opposed to those a file created: imports never take their values or provenance.
PERSON_SOURCES = (Source.MANUAL, Source.DEMO)


class ActorQuerySet(PrivateByDefaultQuerySet):
    owner_field = "created_by"  # an actor added by hand is private to its author until public

    def in_territory(self, territory):
        return self.filter(commune__in=territory.communes())

    def serving(self, life_function: str):
        return self.filter(life_functions__contains=f" {life_function} ")


def life_functions_text(keys) -> str:
    """The stored form of a set of life functions, in taxonomy order: " food health "."""
    return keys_text(LifeFunction, keys)


class Actor(models.Model):
    name = models.CharField(_("nom"), max_length=300)
    search_name = models.CharField(max_length=300, db_index=True, editable=False)
    kind = models.CharField(_("type d'acteur"), max_length=30, choices=ActorKind.choices)
    legal_form_code = models.CharField(_("catégorie juridique"), max_length=4, blank=True)
    legal_form_family = models.CharField(_("famille de forme juridique"), max_length=20, blank=True)
    is_ess = models.BooleanField(_("ESS"), default=False)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, db_index=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True)
    external_id = models.CharField(_("identifiant du fichier source"), max_length=100, blank=True)
    naf_code = models.CharField(_("activité (NAF)"), max_length=6, blank=True)
    # From the registers (SIRENE, the API Recherche d'entreprises); NULL: not known.
    headcount_band = models.CharField(
        _("effectif salarié"), max_length=2, choices=HeadcountBand.choices, blank=True
    )
    is_siae = models.BooleanField(_("structure d'insertion (SIAE)"), null=True, blank=True)
    is_mission_company = models.BooleanField(_("société à mission"), null=True, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="actors"
    )
    # Where the establishment is (WGS84 degrees), from the SIRENE Lambert-93 coordinates; without
    # them the actor is drawn at its commune's point.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Stored as " food health " so that one LIKE finds the actors serving a life function on every
    # database; `life_functions_set_by_hand` protects a person's choice from later imports.
    life_functions = models.CharField(_("fonctions de vie"), max_length=200, blank=True)
    life_functions_set_by_hand = models.BooleanField(default=False)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    source = models.CharField(_("provenance"), max_length=20, choices=Source.choices)
    source_name = models.CharField(_("fichier ou personne"), max_length=300, blank=True)
    source_date = models.DateTimeField(_("date de provenance"), null=True, blank=True)
    # Fields a person entered or edited in Terreau (see `person_fields`).
    edited_fields = models.JSONField(default=list, blank=True)
    is_public = models.BooleanField(_("visible par tous"), default=True)
    is_demo = models.BooleanField(_("données de démonstration"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("acteur")
        verbose_name_plural = _("acteurs")
        ordering = ["search_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["siret"], condition=~Q(siret=""), name="unique_siret"),
            models.UniqueConstraint(fields=["rna"], condition=~Q(rna=""), name="unique_rna"),
        ]
        indexes = [
            models.Index(fields=["commune", "kind"]),
            # Covers the life-function figures of a territory (diagnosis, maps): the planner
            # answers them from the index instead of fetching each actor's row.
            models.Index(fields=["commune", "life_functions"], name="actors_commune_functions_idx"),
            # The list of a territory in name order: its first page takes the ids of 50 actors from
            # this index alone (visibility and the id of the order included) instead of sorting
            # every actor's row; its count is read from it too (actors/queries.py).
            models.Index(
                fields=["commune", "search_name", "is_public", "created_by", "id"],
                name="actors_commune_name_id_idx",
            ),
            # Partner suggestions (cooperations.queries.partner_suggestions): the best actors of
            # a territory by life functions, visibility and name, ids included, read from this
            # index alone (an index-only scan) instead of every actor's row: région-wide
            # cooperation at 1,000,000 actors 990 → 75 ms (bench/national.py). `updated_at`
            # serves the data version of the kept ones (cooperations/suggestions.py) alike:
            # 470 → 40 ms.
            models.Index(
                fields=[
                    "commune",
                    "life_functions",
                    "is_public",
                    "created_by",
                    "search_name",
                    "id",
                    "updated_at",
                ],
                name="actors_suggestions_idx",
            ),
            # Whether any actor of a territory changed since the diagnosis aggregates were
            # computed (diagnosis/aggregates.py): a range of each commune's entries.
            models.Index(fields=["commune", "updated_at"], name="actors_commune_updated_idx"),
            models.Index(fields=["commune", "source_date"], name="actors_commune_sourced_idx"),
            # The private actors of a territory, counted live on top of the diagnosis aggregates
            # (diagnosis/aggregates.py): a few rows, found without reading the public ones.
            models.Index(
                fields=["commune"], condition=Q(is_public=False), name="actors_private_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", args=[self.pk])

    def person_fields(self) -> set[str]:
        """The fields (attribute names) whose value a person entered or edited in Terreau: an
        import never overwrites them, it reports the conflict. An actor entered in Terreau whose
        entered fields were not recorded (entered before they were) counts every value it has."""
        names = set(self.edited_fields)
        if self.life_functions_set_by_hand:
            names.add("life_functions")
        if not names and self.source in PERSON_SOURCES:
            return {
                f.attname
                for f in self._meta.concrete_fields
                if getattr(self, f.attname) not in ("", None)
            }
        return {self._meta.get_field(name).attname for name in names}

    @property
    def life_function_list(self) -> list[LifeFunction]:
        return stored_members(LifeFunction, self.life_functions)

    @property
    def kind_label(self) -> str:
        return ActorKind(self.kind).label

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ActorResource(models.Model):
    """Something an actor can share with others, or needs."""

    class Direction(models.TextChoices):
        OFFER = "offer", _("peut partager")
        NEED = "need", _("a besoin de")

    class Kind(models.TextChoices):
        PREMISES = "premises", _("locaux")
        EQUIPMENT = "equipment", _("matériel")
        SKILLS = "skills", _("compétences")
        TIME = "time", _("temps")
        OTHER = "other", _("autre")

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="resources")
    direction = models.CharField(_("sens"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        verbose_name = _("ressource ou besoin")
        verbose_name_plural = _("ressources et besoins")
        ordering = ["direction", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.get_kind_display()} : {self.description}"


class ActorChange(models.Model):
    """One change to an actor: who or which file, when, and each field's old and new value."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict)  # {field: [old, new]}

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor} — {self.at:%Y-%m-%d %H:%M}"


class ImportJob(Job):
    """An import started from the web interface: the uploaded file, its options, its progress and
    its report. It runs in the background (`core.jobs`)."""

    file = models.FileField(_("fichier"), upload_to="imports/")
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    territory_ref = models.CharField(_("territoire"), max_length=100, blank=True)
    atomic = models.BooleanField(_("tout ou rien"), default=False)
    # Visibility of the actors the import creates, chosen on the form (default: the format's).
    is_public = models.BooleanField(_("acteurs créés visibles par tous"), default=False)
    clear_empty = models.BooleanField(_("les cellules vides effacent les valeurs"), default=False)

    class Meta:
        verbose_name = _("import d'acteurs")
        verbose_name_plural = _("imports d'acteurs")
        ordering = ["-created_at"]
        permissions = [("import_actors", _("Peut importer des acteurs depuis un fichier"))]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("actors:import_job", args=[self.pk])

    @property
    def relaunch_note(self) -> str:
        """What relaunching an interrupted run does to what it had written (`core.jobs`)."""
        if self.atomic:
            return _("Rien n'avait été enregistré : un import « tout ou rien » écrit en une fois.")
        return _(
            "Les lignes déjà enregistrées sont retrouvées par leur SIRET, leur numéro RNA ou leur "
            "identifiant et comptées comme inchangées ; une ligne déjà enregistrée sans aucun de "
            "ces identifiants serait créée une seconde fois."
        )


class ExportJob(Job):
    """A directory export too large to be written while the page waits (an XLSX file cannot
    stream): the actors the person could see when they asked, by id in list order, written by a
    worker into `file`, which only its author (or staff) downloads from "Mes travaux". The file
    is deleted with uploads, TERREAU_UPLOAD_RETENTION_DAYS after the job ended."""

    file = models.FileField(_("fichier"), upload_to="exports/", blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    # The list's query string (filters), to say what was exported.
    query = models.TextField(_("filtres"), blank=True)
    actor_ids = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("export d'acteurs")
        verbose_name_plural = _("exports d'acteurs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def original_name(self) -> str:
        """The file's name, as "Mes travaux" lists it."""
        return f"acteurs.{self.file_format}"

    def get_absolute_url(self) -> str:
        return reverse("actors:export_job", args=[self.pk])
