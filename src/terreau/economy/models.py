"""The multi-actor economic model of a cooperation: its resource lines (money, in kind, time), its
costs, the register of the useful effects it creates for third parties and the contributions
sought from those third parties.

Amounts are euros with cents, stored exactly (DecimalField) and computed with Decimal. Every line
has a start and an end date; a line spanning several years is shared between them by
`proration.year_share`.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from terreau.economy.taxonomies import (
    FAMILY_OF_CATEGORY,
    FUNDING_MODE_OF_CATEGORY,
    ContributionStatus,
    CostCategory,
    Earmark,
    EffectType,
    EvidenceLevel,
    FundingMode,
    ResourceCategory,
    ResourceFamily,
    ResourceForm,
    ResourceStatus,
)

CENT = Decimal("0.01")
AMOUNT = {"max_digits": 14, "decimal_places": 2}


def _ends_after_start(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name=name)


def _date_errors(line) -> dict:
    if line.start_date and line.end_date and line.end_date < line.start_date:
        return {"end_date": _("La fin suit le début.")}
    return {}


class Resource(models.Model):
    """One resource line: who brings what, in which form, over which period, how sure it is."""

    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="resources"
    )
    label = models.CharField(_("intitulé"), max_length=200)
    category = models.CharField(_("catégorie"), max_length=40, choices=ResourceCategory.choices)
    form = models.CharField(
        _("forme"), max_length=10, choices=ResourceForm.choices, default=ResourceForm.MONEY
    )
    # The amount in euros; for time, hours × hourly value (set by `clean`).
    amount = models.DecimalField(_("montant (€)"), **AMOUNT)
    hours = models.DecimalField(_("heures"), max_digits=9, decimal_places=2, null=True, blank=True)
    hourly_value = models.DecimalField(
        _("valeur horaire (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    source = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources_given",
        verbose_name=_("apporté par"),
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    funding_mode = models.CharField(
        _("mode de financement"),
        max_length=30,
        choices=FundingMode.choices,
        default=FundingMode.OTHER,
    )
    earmark = models.CharField(_("affectation"), max_length=20, choices=Earmark.choices, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=ResourceStatus.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["start_date", "category", "label", "pk"]
        indexes = [models.Index(fields=["cooperation", "start_date", "end_date"])]
        constraints = [
            _ends_after_start("resource_ends_after_start"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="resource_amount_positive"),
            models.CheckConstraint(
                condition=~Q(form="time") | Q(hours__isnull=False, hourly_value__isnull=False),
                name="resource_time_has_hours",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def family(self) -> ResourceFamily:
        return FAMILY_OF_CATEGORY[ResourceCategory(self.category)]

    def clean(self):
        errors = _date_errors(self)
        if self.form == ResourceForm.TIME:
            if self.hours is None or self.hours <= 0:
                errors["hours"] = _("Indiquez le nombre d'heures.")
            if self.hourly_value is None or self.hourly_value <= 0:
                errors["hourly_value"] = _("Indiquez la valeur d'une heure.")
            if not errors:
                self.amount = (self.hours * self.hourly_value).quantize(CENT)
        else:
            self.hours = self.hourly_value = None
        if self.amount is not None and self.amount <= 0 and "amount" not in errors:
            errors["amount"] = _("Le montant est positif.")
        implied = FUNDING_MODE_OF_CATEGORY.get(self.category)
        if implied and self.funding_mode != implied:
            errors["funding_mode"] = _(
                "Cette catégorie publique implique le mode « %(mode)s »."
            ) % {"mode": implied.label}
        if errors:
            raise ValidationError(errors)


class Cost(models.Model):
    """One cost line over a period; the animation and coordination function is a category of its
    own, so that its coverage by earmarked resources shows."""

    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="costs"
    )
    label = models.CharField(_("intitulé"), max_length=200)
    category = models.CharField(_("catégorie"), max_length=30, choices=CostCategory.choices)
    amount = models.DecimalField(_("montant (€)"), **AMOUNT)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["start_date", "category", "label", "pk"]
        indexes = [models.Index(fields=["cooperation", "start_date", "end_date"])]
        constraints = [
            _ends_after_start("cost_ends_after_start"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="cost_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        errors = _date_errors(self)
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("Le montant est positif.")
        if errors:
            raise ValidationError(errors)


class UsefulEffect(models.Model):
    """An effect of the cooperation useful to third parties who do not directly benefit from its
    activity, and who may therefore pay for it (*effet utile*)."""

    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="useful_effects"
    )
    name = models.CharField(_("effet"), max_length=200)
    effect_type = models.CharField(_("type d'effet"), max_length=30, choices=EffectType.choices)
    description = models.TextField(_("description"), blank=True)
    blocks = models.ManyToManyField(
        "cooperations.BuildingBlock",
        blank=True,
        related_name="useful_effects",
        verbose_name=_("briques qui le produisent"),
    )
    indicator = models.CharField(_("indicateur"), max_length=200, blank=True)
    measured_value = models.CharField(_("valeur mesurée"), max_length=200, blank=True)
    estimated_annual_value = models.DecimalField(
        _("valeur annuelle estimée (€)"), **AMOUNT, null=True, blank=True
    )
    valuation_method = models.TextField(_("méthode d'estimation"), blank=True)
    valuation_source = models.CharField(_("source de l'estimation"), max_length=300, blank=True)
    evidence_level = models.CharField(
        _("niveau de preuve"),
        max_length=30,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.HYPOTHESIS,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("effet utile")
        verbose_name_plural = _("effets utiles")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_annual_value__isnull=True) | Q(estimated_annual_value__gte=0),
                name="useful_effect_value_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """What is sought from, or obtained from, one third party benefiting from a useful effect;
    once paid it points to the resource line that records the money."""

    effect = models.ForeignKey(UsefulEffect, on_delete=models.CASCADE, related_name="contributions")
    beneficiary = models.ForeignKey(
        "actors.Actor",
        on_delete=models.PROTECT,
        related_name="useful_effect_contributions",
        verbose_name=_("tiers bénéficiaire"),
    )
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.IDENTIFIED,
    )
    amount = models.DecimalField(_("montant (€)"), **AMOUNT, null=True, blank=True)
    resource = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("ligne de ressource"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("contribution d'un tiers")
        verbose_name_plural = _("contributions des tiers")
        ordering = ["effect", "beneficiary__search_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["effect", "beneficiary"], name="one_contribution_per_beneficiary"
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(resource__isnull=False),
                name="paid_contribution_has_resource",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="contribution_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effect} — {self.beneficiary}"

    def clean(self):
        errors = {}
        if self.status == ContributionStatus.PAID and self.resource_id is None:
            errors["resource"] = _("Une contribution versée renvoie à sa ligne de ressource.")
        if self.resource_id is not None:
            resource = self.resource
            if resource.cooperation_id != self.effect.cooperation_id:
                errors["resource"] = _("Cette ligne appartient à une autre coopération.")
            elif resource.source_id != self.beneficiary_id:
                errors["resource"] = _("La ligne de ressource doit venir de ce même tiers.")
        if errors:
            raise ValidationError(errors)
