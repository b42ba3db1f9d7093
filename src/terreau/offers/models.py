"""The catalogue of support and financing offers.

Unknown is never written as "no": every eligibility criterion, amount, date and flag that the source
does not give is NULL. Sets of keys (audiences, stages, models…) are stored like the actors' life
functions, `" emergence creation "` (`core.taxonomies.keys_text`), so that one LIKE finds the offers
holding a key on every database; NULL means unknown (the source says nothing), and an offer open to
every stage lists every stage. The perimeter is a child table of territory references
(`OfferPerimeter`: level + code, indexed), so that the offers covering a territory are one indexed
lookup on the references that contain it; an offer without perimeter rows has an unknown perimeter.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau.core.taxonomies import (
    Carrier,
    CooperationLegalForm,
    CooperationModel,
    EconomicModel,
    LifeFunction,
    Stage,
    stored_members,
)
from terreau.offers.taxonomies import (
    TYPES_OF_KIND,
    Audience,
    OfferKind,
    OfferStatus,
    Recurrence,
    type_taxonomies,
)
from terreau.territories.models import Level

# The perimeter "all of France", written `france` like the diagnosis's comparison territory.
NATIONAL = "france"


class PerimeterLevel(models.TextChoices):
    """The levels of territory references, and the whole country."""

    NATIONAL = NATIONAL, _("France entière")
    COMMUNE = Level.COMMUNE.value, Level.COMMUNE.label
    EPCI = Level.EPCI.value, Level.EPCI.label
    DEPARTEMENT = Level.DEPARTEMENT.value, Level.DEPARTEMENT.label
    REGION = Level.REGION.value, Level.REGION.label
    BASSIN = Level.BASSIN.value, Level.BASSIN.label
    ZONE_EMPLOI = Level.ZONE_EMPLOI.value, Level.ZONE_EMPLOI.label
    PROJET = Level.PROJET.value, Level.PROJET.label


class OfferSource(models.TextChoices):
    MANUAL = "manual", _("Saisie dans Terreau")
    JSON = "json", _("Fichier JSON importé")
    CSV = "csv", _("Tableur CSV importé")
    AIDES_TERRITOIRES = "aides-territoires", _("Aides-territoires")
    DEMO = "demo", _("Données de démonstration")


def _manages_all(user) -> bool:
    """The command line (`user=None`), staff and holders of `offers.change_offer`."""
    return user is None or (
        user.is_authenticated and (user.is_staff or user.has_perm("offers.change_offer"))
    )


def _edited_by(user) -> Q:
    editors = Offer.editors.through.objects.filter(offer=OuterRef("pk"), user=user)
    return Q(created_by=user) | Q(Exists(editors))


class OfferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published and archived offers for everyone; drafts only for those who may edit them
        (their author, their editors, staff and holders of `offers.change_offer`; the command
        line, `user=None`, sees all). No join: the editors are an EXISTS, so no DISTINCT."""
        if _manages_all(user):
            return self
        shown = ~Q(status=OfferStatus.DRAFT)
        if user.is_authenticated:
            shown |= _edited_by(user)
        return self.filter(shown)

    def editable_by(self, user):
        if _manages_all(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(_edited_by(user))

    def open_on(self, day):
        """Published offers that can be applied for on `day`: opened (or no opening date) and
        deadline not passed (or none)."""
        return self.filter(status=OfferStatus.PUBLISHED).filter(
            Q(opens_on__isnull=True) | Q(opens_on__lte=day),
            Q(deadline__isnull=True) | Q(deadline__gte=day),
        )

    def with_key(self, field: str, key: str):
        """Offers whose stored set `field` holds `key` (a LIKE on `" key "`)."""
        return self.filter(**{f"{field}__contains": f" {key} "})


class Offer(models.Model):
    name = models.CharField(_("nom"), max_length=300)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("nature"), max_length=20, choices=OfferKind.choices, db_index=True)
    # An offer may support AND finance (France Active, the Fonds d'impulsion jurassien, the
    # Fondation de France do both, §002): `kind` is then its main nature.
    both_kinds = models.BooleanField(
        _("accompagne et finance"),
        default=False,
        help_text=_(
            "L'offre accompagne et finance à la fois, quelle que soit sa nature principale."
        ),
    )
    # Keys of SupportType or FinancingType (the kind's taxonomy), stored " dla training ".
    types = models.CharField(_("types"), max_length=400, blank=True)
    providers = models.ManyToManyField(
        "actors.Actor", related_name="offers_provided", blank=True, verbose_name=_("porteurs")
    )
    funders = models.ManyToManyField(
        "actors.Actor", related_name="offers_funded", blank=True, verbose_name=_("financeurs")
    )
    # Providers and funders named by the source but not (yet) in the directory.
    provider_names = models.JSONField(_("autres porteurs"), default=list, blank=True)
    funder_names = models.JSONField(_("autres financeurs"), default=list, blank=True)

    # Eligibility: NULL = unknown; a set lists the eligible keys.
    audiences = models.CharField(  # noqa: DJ001 (NULL = unknown)
        _("publics visés"), max_length=400, null=True, blank=True
    )
    stages = models.CharField(  # noqa: DJ001 (NULL = unknown)
        _("étapes"), max_length=200, null=True, blank=True
    )
    cooperation_models = models.CharField(  # noqa: DJ001 (NULL = unknown)
        _("modèles de coopération"), max_length=400, null=True, blank=True
    )
    economic_models = models.CharField(  # noqa: DJ001 (NULL = unknown)
        _("modèles économiques"), max_length=100, null=True, blank=True
    )
    carriers = models.CharField(  # noqa: DJ001 (NULL = unknown)
        _("portages"), max_length=100, null=True, blank=True
    )
    life_functions = models.CharField(  # noqa: DJ001 (NULL = unknown)
        _("fonctions de vie"), max_length=200, null=True, blank=True
    )
    legal_entity_required = models.BooleanField(
        _("structure juridique exigée"), null=True, blank=True
    )
    # The legal form the offer helps create (SCIC creation): not for a cooperation that has it.
    creates_legal_form = models.CharField(
        _("forme juridique que l'offre aide à créer"),
        max_length=20,
        choices=CooperationLegalForm.choices,
        blank=True,
    )
    funds_animation = models.BooleanField(
        _("finance l'animation / la coordination"), null=True, blank=True
    )
    # In the field of the ecological transition, like the cooperations it serves (§002).
    ecological_transition = models.BooleanField(_("transition écologique"), default=False)
    eligibility_note = models.TextField(_("autres conditions"), blank=True)

    # Amounts in euros; rates in percent of the expenses.
    amount_min = models.DecimalField(
        _("montant minimum (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("montant maximum (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    rate_min = models.DecimalField(
        _("taux minimum (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rate_max = models.DecimalField(
        _("taux maximum (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    duration_months = models.PositiveIntegerField(_("durée (mois)"), null=True, blank=True)
    recurrence = models.CharField(  # noqa: DJ001 (NULL = unknown)
        _("récurrence"), max_length=20, choices=Recurrence.choices, null=True, blank=True
    )
    is_call_for_projects = models.BooleanField(_("appel à projets"), null=True, blank=True)
    opens_on = models.DateField(_("date d'ouverture"), null=True, blank=True)
    deadline = models.DateField(_("date limite"), null=True, blank=True, db_index=True)
    contact = models.TextField(_("contact"), blank=True)
    url = models.URLField(_("lien"), max_length=500, blank=True)

    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=OfferStatus.choices,
        default=OfferStatus.DRAFT,
        db_index=True,
    )
    # Provenance: where the offer comes from, its id there (re-imports match on both), licence.
    source = models.CharField(
        _("provenance"), max_length=30, choices=OfferSource.choices, default=OfferSource.MANUAL
    )
    source_id = models.CharField(_("identifiant à la source"), max_length=200, blank=True)
    source_name = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("page source"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("données de démonstration"), default=False)
    # The fields a person edited in Terreau (model field names, "perimeter" for the perimeter
    # rows): an import or a sync never overwrites them, it reports the conflict (as for actors).
    edited_fields = models.JSONField(_("champs modifiés à la main"), default=list, blank=True)

    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="editable_offers",
        blank=True,
        verbose_name=_("éditeurs"),
        help_text=_(
            "Comptes autorisés à modifier cette offre (par exemple la structure porteuse)."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    # The stored sets of keys and their taxonomies (types depend on the kind).
    KEY_SETS = {
        "audiences": Audience,
        "stages": Stage,
        "cooperation_models": CooperationModel,
        "economic_models": EconomicModel,
        "carriers": Carrier,
        "life_functions": LifeFunction,
    }

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="offers_unique_source_id",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="offers_status_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", args=[self.slug])

    def can_edit(self, user) -> bool:
        if _manages_all(user):
            return True
        if not user.is_authenticated or self.pk is None:
            return False
        return self.created_by_id == user.pk or self.editors.filter(pk=user.pk).exists()

    def clean(self) -> None:
        errors = {}
        if self.kind in TYPES_OF_KIND and self.types:
            allowed = {
                member.value
                for taxonomy in type_taxonomies(self.kind, self.both_kinds)
                for member in taxonomy
            }
            wrong = [key for key in self.types.split() if key not in allowed]
            if wrong:
                errors["types"] = _("Types inconnus pour une offre de ce genre : %(keys)s") % {
                    "keys": ", ".join(wrong)
                }
        for low, high in (("amount_min", "amount_max"), ("rate_min", "rate_max")):
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is not None and high_value is not None and low_value > high_value:
                errors[high] = _("Le maximum est inférieur au minimum.")
        for field in ("rate_min", "rate_max"):
            value = getattr(self, field)
            if value is not None and not 0 <= value <= 100:
                errors[field] = _("Un taux est compris entre 0 et 100 %.")
        for field in ("amount_min", "amount_max"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("Un montant ne peut pas être négatif.")
        if self.opens_on and self.deadline and self.opens_on > self.deadline:
            errors["deadline"] = _("La date limite précède la date d'ouverture.")
        if errors:
            raise ValidationError(errors)

    def members(self, field: str) -> list | None:
        """The members of a stored set, or None when unknown."""
        text = getattr(self, field)
        if text is None:
            return None
        if field == "types":
            taxonomies = type_taxonomies(self.kind, self.both_kinds)
            return [
                next(t(key) for t in taxonomies if key in t.values)
                for key in text.split()
                if any(key in t.values for t in taxonomies)
            ]
        return stored_members(self.KEY_SETS[field], text)

    def criteria(self) -> list[dict]:
        """Each eligibility criterion as `{"key", "label", "value", "known"}`, its value in words
        ("Non précisé" when the offer does not say): the page, the list and the API show them."""
        rows = []

        def add(key, label, value):
            known = value is not None
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "value": value if known else _("Non précisé"),
                    "known": known,
                }
            )

        perimeters = list(self.perimeters.all())
        add(
            "perimeter",
            _("Périmètre"),
            ", ".join(row.display_name for row in perimeters) if perimeters else None,
        )
        labels = {
            "audiences": _("Publics visés"),
            "stages": _("Étapes"),
            "cooperation_models": _("Modèles de coopération"),
            "economic_models": _("Modèles économiques"),
            "carriers": _("Portages"),
            "life_functions": _("Fonctions de vie"),
        }
        for field, label in labels.items():
            members = self.members(field)
            add(field, label, None if members is None else ", ".join(str(m.label) for m in members))
        for field, label in (
            ("legal_entity_required", _("Structure juridique exigée")),
            ("funds_animation", _("Finance l'animation / la coordination")),
            ("is_call_for_projects", _("Appel à projets")),
        ):
            value = getattr(self, field)
            add(field, label, None if value is None else (_("Oui") if value else _("Non")))
        if self.creates_legal_form:
            add(
                "creates_legal_form",
                _("Aide à créer"),
                CooperationLegalForm(self.creates_legal_form).label,
            )
        return rows

    @property
    def type_list(self) -> list:
        return self.members("types") or []

    @property
    def kind_label(self) -> str:
        if self.both_kinds:
            return _("Accompagnement et financement")
        return OfferKind(self.kind).label

    @property
    def perimeter_refs(self) -> list[str]:
        return [perimeter.ref for perimeter in self.perimeters.all()]

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (
            self.status == OfferStatus.PUBLISHED
            and (self.opens_on is None or self.opens_on <= day)
            and (self.deadline is None or self.deadline >= day)
        )


class OfferPerimeter(models.Model):
    """One territory the offer is open to: a reference (`level:code`), or `france`."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="perimeters")
    level = models.CharField(_("niveau"), max_length=20, choices=PerimeterLevel.choices)
    code = models.CharField(_("code"), max_length=100, blank=True)
    name = models.CharField(_("nom"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("périmètre d'offre")
        verbose_name_plural = _("périmètres d'offre")
        ordering = ["offer", "level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "level", "code"], name="offers_unique_perimeter"
            )
        ]
        indexes = [models.Index(fields=["level", "code", "offer"], name="offers_perimeter_ref_idx")]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        return NATIONAL if self.level == NATIONAL else f"{self.level}:{self.code}"

    @property
    def level_label(self) -> str:
        return self.get_level_display()

    @property
    def display_name(self) -> str:
        if self.level == NATIONAL:
            return str(PerimeterLevel.NATIONAL.label)
        return f"{self.name or self.code} ({self.get_level_display()})"


class OfferSubscription(models.Model):
    """A user follows the new offers that match a cooperation they have access to."""

    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="offer_subscriptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offer_subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suivi des offres d'une coopération")
        verbose_name_plural = _("suivis des offres")
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "user"], name="one_offer_subscription")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.cooperation}"


class Notification(models.Model):
    """A new offer that matches a cooperation a user follows; shown in Terreau, emailed when
    mail is configured."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offer_notifications"
    )
    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="+"
    )
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("adéquation"))
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("envoyée par courriel le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification d'offre")
        verbose_name_plural = _("notifications d'offres")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cooperation", "offer"], name="one_notification_per_offer"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="offers_notif_unread_idx")]

    def __str__(self) -> str:
        return f"{self.offer} → {self.cooperation} ({self.user})"
