"""The record of a territorial cooperation, up to an Écosystème Coopératif Territorialisé: its aim,
its members, the building blocks of its integrated solution, the relations between actors and the
journal of its trajectory.

A cooperation is private to the user accounts given access to it (`CooperationAccess`); publishing
it shows a chosen subset to everyone (see `Cooperation.PUBLIC_FIELDS` and `Member.is_public`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.cooperations.attachments import AttachmentType, PrivateStorage
from terreau.core.models import Job
from terreau.core.taxonomies import (
    Carrier,
    CooperationLegalForm,
    CooperationModel,
    CooperationType,
    EconomicModel,
    LifeFunction,
    MemberRole,
    RelationKind,
    Stage,
    StoryTag,
    TerritorialIssue,
    stored_members,
)


class AccessRole(models.TextChoices):
    """What a user account may do on a cooperation's record."""

    ADMINISTRATOR = "administrator", _("administrateur")
    CONTRIBUTOR = "contributor", _("contributeur")
    READER = "reader", _("lecteur")

    @property
    def rank(self) -> int:
        """The order of the roles: each one may do what the ones below it may."""
        return _ROLE_ORDER.index(self)

    def at_least(self, other: "AccessRole") -> bool:
        return self.rank >= other.rank

    @property
    def can_contribute(self) -> bool:
        """Whether the role may change the record (contributors and administrators)."""
        return self.at_least(AccessRole.CONTRIBUTOR)


_ROLE_ORDER = [AccessRole.READER, AccessRole.CONTRIBUTOR, AccessRole.ADMINISTRATOR]


class CooperationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published cooperations, and the private ones the user was given access to; staff and
        the command line (`user=None`) see all."""
        if user is None or (user.is_authenticated and user.is_staff):
            return self
        if not user.is_authenticated:
            return self.filter(is_public=True)
        granted = CooperationAccess.objects.filter(cooperation=OuterRef("pk"), user=user)
        return self.filter(Q(is_public=True) | Q(Exists(granted)))

    def accessible_to(self, user):
        """The cooperations whose whole record the user may read (not only the public part)."""
        if user is None or (user.is_authenticated and user.is_staff):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(accesses__user=user)

    def in_territory(self, territory):
        """Cooperations acting on part of the territory: their territory shares a commune with it
        (a cooperation on a commune shows on its EPCI, département and région, and an EPCI-wide
        one on each of its communes).

        One uncorrelated subquery, the ids of the cooperations on the territory's communes: both
        databases read it once (a correlated EXISTS took seconds a région on SQLite, which ran it
        for every cooperation; bench/README.md, observatory)."""
        located = Cooperation.communes.through.objects.filter(commune__in=territory.communes())
        return self.filter(pk__in=located.values("cooperation_id"))


class Cooperation(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    aim = models.TextField(_("visée"), help_text=_("Ce que la coopération veut changer ensemble."))
    description = models.TextField(_("description"), blank=True)
    life_functions = models.CharField(_("enjeux territoriaux"), max_length=200, blank=True)
    # Issues beyond the life functions (" food_relocation waste_reduction ", see keys_text).
    issues = models.CharField(_("autres enjeux"), max_length=200, blank=True)
    # In the field of the ecological transition (§002, the Générateur: « plus de 60 % d'entre
    # eux sont dans le champ de la transition écologique »); see queries.ecological_share.
    ecological_transition = models.BooleanField(_("transition écologique"), default=False)
    territory_ref = models.CharField(_("territoire"), max_length=100, db_index=True)
    # The communes of `territory_ref`, kept by `services.cooperation_locate` so that the
    # cooperations of any territory are one indexed join away.
    communes = models.ManyToManyField(
        "territories.Commune", related_name="cooperations", editable=False
    )
    cooperation_type = models.CharField(
        _("typologie"), max_length=30, choices=CooperationType.choices
    )
    economic_model = models.CharField(
        _("modèle économique"), max_length=20, choices=EconomicModel.choices
    )
    carrier = models.CharField(_("portage"), max_length=20, choices=Carrier.choices)
    # Driven by the journal's stage changes (`refresh_stage`), not edited directly.
    stage = models.CharField(_("étape"), max_length=20, choices=Stage.choices)
    legal_form = models.CharField(
        _("forme juridique"), max_length=20, choices=CooperationLegalForm.choices
    )
    started_on = models.DateField(_("date de début"), null=True, blank=True)
    is_public = models.BooleanField(_("publiée"), default=False)
    is_demo = models.BooleanField(_("données de démonstration"), default=False)
    # Opted in by an administrator: its economic lines count, anonymously, in the observatory
    # of financings (observatory/), which shows only cells that pass statistical secrecy.
    observatory = models.BooleanField(
        _("partager anonymement avec l'observatoire des financements"),
        default=False,
        help_text=_(
            "Les lignes économiques de la coopération comptent dans les agrégats publics de "
            "l'observatoire, sans son nom ; une case qui réunit moins de 3 coopérations ou où "
            "une seule pèse plus de 85 % n'est jamais montrée."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The models a modelled cooperation refers to, one or several (§002: « un PTCE [peut] être
    # également un tiers-lieu »), stored " ptce tiers_lieu " (see keys_text) like the other
    # sets of keys, so that one LIKE finds the cooperations of a model on every database.
    # Declared after the other fields: in the class body its name hides `django.db.models`.
    models = models.CharField(_("modèles"), max_length=200, blank=True)

    objects = CooperationQuerySet.as_manager()

    # What publishing shows to everyone (with the blocks and the members marked public).
    PUBLIC_FIELDS = (
        "name",
        "aim",
        "territory_ref",
        "cooperation_type",
        "models",
        "stage",
        "issues",
        "ecological_transition",
    )

    class Meta:
        verbose_name = _("coopération")
        verbose_name_plural = _("coopérations")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperations:detail", args=[self.slug])

    @property
    def life_function_list(self) -> list[LifeFunction]:
        return stored_members(LifeFunction, self.life_functions)

    @property
    def issue_list(self) -> list[TerritorialIssue]:
        return stored_members(TerritorialIssue, self.issues)

    @property
    def model_list(self) -> list[CooperationModel]:
        return stored_members(CooperationModel, self.models)

    @property
    def model_labels(self) -> str:
        """The models' labels, "PTCE, Tiers-lieu"; "" for a cooperation without model."""
        return ", ".join(str(model.label) for model in self.model_list)

    def clean(self):
        unknown = set(self.models.split()) - set(CooperationModel.values)
        if unknown:
            raise ValidationError(
                {"models": _("Modèle inconnu : %(keys)s.") % {"keys": ", ".join(sorted(unknown))}}
            )

    def role_of(self, user) -> AccessRole | None:
        """The user's access role on the whole record; None for strangers (who may still see
        the published part). Staff administer every cooperation."""
        if user is None or (user.is_authenticated and user.is_staff):
            return AccessRole.ADMINISTRATOR
        if not user.is_authenticated:
            return None
        role = self.accesses.filter(user=user).values_list("role", flat=True).first()
        return AccessRole(role) if role else None

    def refresh_stage(self) -> None:
        """The current stage is the one of the latest stage change in the journal."""
        latest = (
            self.journal.filter(kind=JournalEntry.Kind.STAGE_CHANGE)
            .exclude(stage="")
            .order_by("-happened_on", "-pk")
            .values_list("stage", flat=True)
            .first()
        )
        if latest and latest != self.stage:
            self.stage = latest
            self.save(update_fields=["stage", "updated_at"])


class CooperationAccess(models.Model):
    """A user account's access to a cooperation; a catalyst holds one on each cooperation they
    accompany."""

    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cooperation_accesses"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=AccessRole.choices)

    class Meta:
        verbose_name = _("accès à une coopération")
        verbose_name_plural = _("accès aux coopérations")
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "user"], name="one_access_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.cooperation} ({self.get_role_display()})"


class Member(models.Model):
    """An actor of the directory taking part in a cooperation, with its roles."""

    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="members")
    actor = models.ForeignKey("actors.Actor", on_delete=models.PROTECT, related_name="memberships")
    roles = models.CharField(_("rôles"), max_length=200)  # " lead operator ", see keys_text
    joined_on = models.DateField(_("arrivée"), null=True, blank=True)
    left_on = models.DateField(_("départ"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_public = models.BooleanField(_("montré sur la fiche publiée"), default=False)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["left_on", "actor__search_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "actor"], name="one_membership"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.role_labels})"

    @property
    def role_list(self) -> list[MemberRole]:
        return stored_members(MemberRole, self.roles)

    @property
    def role_labels(self) -> str:
        return ", ".join(str(role.label) for role in self.role_list)

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class BuildingBlock(models.Model):
    """Brique: one part of the integrated solution, run by some members."""

    class Status(models.TextChoices):
        IDEA = "idea", _("idée")
        PLANNED = "planned", _("prévue")
        RUNNING = "running", _("en fonctionnement")
        STOPPED = "stopped", _("arrêtée")

    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="blocks")
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    life_functions = models.CharField(_("enjeux servis"), max_length=200, blank=True)
    operators = models.ManyToManyField(
        Member, blank=True, related_name="blocks", verbose_name=_("opérateurs")
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default="idea")
    started_on = models.DateField(_("début"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("brique")
        verbose_name_plural = _("briques")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def life_function_list(self) -> list[LifeFunction]:
        return stored_members(LifeFunction, self.life_functions)


class RelationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Relations recorded in a cooperation are seen by those with access to its record;
        relations recorded outside any cooperation are private to their author until public."""
        if user is None or (user.is_authenticated and user.is_staff):
            return self
        outside = Q(cooperation__isnull=True, is_public=True)
        if not user.is_authenticated:
            return self.filter(outside)
        granted = CooperationAccess.objects.filter(cooperation=OuterRef("cooperation"), user=user)
        return self.filter(
            outside | Q(cooperation__isnull=True, created_by=user) | Q(Exists(granted))
        )


class Relation(models.Model):
    """A typed link between two actors of the directory (système d'acteurs)."""

    source = models.ForeignKey(
        "actors.Actor", on_delete=models.CASCADE, related_name="relations_from"
    )
    target = models.ForeignKey(
        "actors.Actor", on_delete=models.CASCADE, related_name="relations_to"
    )
    kind = models.CharField(_("nature"), max_length=30, choices=RelationKind.choices)
    # From source to target (who funds whom); set from the kind unless the user says otherwise.
    directed = models.BooleanField(_("orientée"), default=False)
    started_on = models.DateField(_("début"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    amount = models.DecimalField(
        _("montant (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relations",
        verbose_name=_("coopération"),
    )
    is_public = models.BooleanField(_("visible par tous"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("relation entre acteurs")
        verbose_name_plural = _("relations entre acteurs")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_between_two_actors"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="relation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        arrow = "→" if self.directed else "↔"
        return f"{self.source} {arrow} {self.target} ({self.get_kind_display()})"


class JournalEntry(models.Model):
    """One dated event of the cooperation's trajectory."""

    class Kind(models.TextChoices):
        STAGE_CHANGE = "stage_change", _("changement d'étape")
        DECISION = "decision", _("décision")
        SMALL_VICTORY = "small_victory", _("petite victoire")
        FRICTION = "friction", _("difficulté ou friction")
        MEMBER_ARRIVAL = "member_arrival", _("arrivée d'un membre")
        MEMBER_DEPARTURE = "member_departure", _("départ d'un membre")
        FUNDING_OBTAINED = "funding_obtained", _("financement obtenu")
        FUNDING_REFUSED = "funding_refused", _("financement refusé")
        TESTIMONY = "testimony", _("témoignage")
        STORY = "story", _("récit")
        PERIMETER_CHANGE = "perimeter_change", _("changement de périmètre")

    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="journal")
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("récit"), blank=True)
    # For a friction: how it was regulated. For a stage change: the stage reached.
    regulation = models.TextField(_("comment elle a été régulée"), blank=True)
    stage = models.CharField(_("étape atteinte"), max_length=20, choices=Stage.choices, blank=True)
    members = models.ManyToManyField(Member, blank=True, related_name="journal_entries")
    blocks = models.ManyToManyField(BuildingBlock, blank=True, related_name="journal_entries")
    # A story's tags (" small_victory turning_point ", see keys_text) and the people involved
    # who are not members of the cooperation (an inhabitant, a cook), one name per line.
    tags = models.CharField(_("étiquettes"), max_length=100, blank=True)
    people = models.TextField(
        _("autres personnes impliquées"),
        blank=True,
        help_text=_("Une personne par ligne : habitants, salariés, bénévoles…"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text so that the signature survives an export, an import or a deleted account.
    author_name = models.CharField(_("auteur"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("événement du journal")
        verbose_name_plural = _("journal de la trajectoire")
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="stage_change") | ~Q(stage=""),
                name="stage_change_names_a_stage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.happened_on} — {self.title}"

    @property
    def tag_list(self) -> list[StoryTag]:
        return stored_members(StoryTag, self.tags)

    @property
    def people_list(self) -> list[str]:
        return [name.strip() for name in self.people.splitlines() if name.strip()]


class JournalQuote(models.Model):
    """Words someone said, quoted in a story of the journal, with who said them."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(_("citation"))
    speaker = models.CharField(_("qui l'a dit"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"« {self.text} » — {self.speaker}"


class JournalAttachment(models.Model):
    """A photo or document attached to a story. The file lives outside every public URL
    (`attachments.PrivateStorage`) and is served by a view that checks the cooperation's
    permissions; its type was read from its content, never from its name."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=PrivateStorage(), max_length=200)
    file_type = models.CharField(_("type"), max_length=10, choices=AttachmentType.choices)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    size = models.PositiveIntegerField(_("taille (octets)"))
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("Ce que montre la photo, pour les personnes qui ne la voient pas."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return AttachmentType(self.file_type).is_image


class CooperationImportJob(Job):
    """A cooperation document imported from the web in the background (`core.jobs`), as large
    documents take longer than a web request may: the uploaded file, the identifier asked for
    instead of the document's, and the cooperation created."""

    file = models.FileField(_("fichier"), upload_to="imports/cooperations/")
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    slug = models.SlugField(_("identifiant demandé"), max_length=80, blank=True)
    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(Job.Meta):
        verbose_name = _("import de coopération")
        verbose_name_plural = _("imports de coopérations")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("cooperations:import_job", args=[self.pk])

    # What relaunching an interrupted run does to what it had written (`core.jobs`).
    relaunch_note = _("Rien n'avait été enregistré : le document est importé en une fois.")


class PartnerSuggestions(Job):
    """The partner suggestions of a cooperation whose territory is large, as one reader sees
    them (`audience` "all" for staff, else the reader, `created_by`), and the job computing them
    (`cooperations.suggestions`): `suggestions` (actor ids, scores and reasons, best first),
    `computed_at` and the `data_version` they were computed from."""

    key = models.CharField(max_length=64, unique=True)
    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=10)  # all (staff), or user (created_by)
    limit = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data_version = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    suggestions = models.JSONField(default=list, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("calcul des partenaires potentiels")
        verbose_name_plural = _("calculs des partenaires potentiels")

    def __str__(self) -> str:
        return self.cooperation.name

    def get_absolute_url(self) -> str:
        return reverse("cooperations:detail", args=[self.cooperation.slug]) + "#partenaires"

    @property
    def original_name(self) -> str:
        """What "Mes travaux" names it by."""
        return self.cooperation.name

    @classmethod
    def prunable(cls, before):
        """Rows superseded by newer data and not recomputed since `before` (`terreau jobs
        prune`)."""
        from terreau.cooperations.suggestions import prunable

        return prunable(before)
