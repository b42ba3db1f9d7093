from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.actors.forms import ActorChoiceField
from terreau.actors.models import Actor
from terreau.cooperations.forms import DATE
from terreau.economy.models import CENT, Contribution, Cost, Resource, UsefulEffect
from terreau.economy.taxonomies import ResourceCategory, ResourceFamily, ResourceForm


def category_choices():
    """Resource categories grouped by family, as the page shows them."""
    return [
        (family.label, [(c.value, c.label) for c in ResourceCategory if c.family == family])
        for family in ResourceFamily
    ]


def _pick_actor(field, *, user, cooperation) -> None:
    """An actor picker over the directory the user may see, offering the members first and
    searching the cooperation's territory."""
    field.queryset = Actor.objects.visible_to(user)
    field.widget.offered = Actor.objects.filter(memberships__cooperation=cooperation).order_by(
        "search_name"
    )
    field.widget.territory_ref = cooperation.territory_ref


class ResourceEditForm(forms.ModelForm):
    source = ActorChoiceField(
        label=_("Apporté par"),
        required=False,
        help_text=_(
            "L'acteur qui apporte la ressource ; vide pour des ventes à de nombreux clients."
        ),
    )

    class Meta:
        model = Resource
        fields = [
            "label",
            "category",
            "form",
            "amount",
            "hours",
            "hourly_value",
            "source",
            "start_date",
            "end_date",
            "funding_mode",
            "earmark",
            "status",
            "note",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "amount": _("En euros, centimes compris. Pour du temps : calculé (heures × valeur)."),
            "end_date": _(
                "Une ligne sur plusieurs années est répartie entre elles au prorata des jours."
            ),
            "status": _("Seules les ressources accordées ou reçues comptent dans les indicateurs."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *category_choices()]
        self.fields["amount"].required = False
        earmarks = self.fields["earmark"].choices[1:]
        self.fields["earmark"].choices = [("", _("Non affectée")), *earmarks]
        _pick_actor(self.fields["source"], user=user, cooperation=self.instance.cooperation)

    def clean(self):
        data = super().clean()
        if data.get("form") == ResourceForm.TIME:
            hours, value = data.get("hours"), data.get("hourly_value")
            if not hours:
                self.add_error("hours", _("Indiquez le nombre d'heures."))
            if not value:
                self.add_error("hourly_value", _("Indiquez la valeur d'une heure."))
            if hours and value:
                data["amount"] = (hours * value).quantize(CENT)
        elif data.get("amount") is None and not self.has_error("amount"):
            self.add_error("amount", _("Indiquez le montant."))
        return data


class CostEditForm(forms.ModelForm):
    class Meta:
        model = Cost
        fields = ["label", "category", "amount", "start_date", "end_date", "note"]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class UsefulEffectEditForm(forms.ModelForm):
    blocks = forms.ModelMultipleChoiceField(
        label=_("Briques qui le produisent"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = UsefulEffect
        fields = [
            "name",
            "effect_type",
            "description",
            "blocks",
            "indicator",
            "measured_value",
            "estimated_annual_value",
            "valuation_method",
            "valuation_source",
            "evidence_level",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "valuation_method": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "name": _("Par exemple : prévention santé par l'alimentation."),
            "measured_value": _("Par exemple : 85 familles accompagnées en 2025."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blocks"].queryset = self.instance.cooperation.blocks.all()


class ContributionEditForm(forms.ModelForm):
    beneficiary = ActorChoiceField(label=_("Tiers bénéficiaire"))

    class Meta:
        model = Contribution
        fields = ["beneficiary", "status", "amount", "resource", "note"]
        help_texts = {
            "resource": _("Une fois versée : la ligne de ressource qui enregistre ce versement."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        cooperation = self.instance.effect.cooperation
        _pick_actor(self.fields["beneficiary"], user=user, cooperation=cooperation)
        self.fields["resource"].queryset = cooperation.resources.select_related("source")
        self.fields["resource"].label_from_instance = _resource_label

    def validate_unique(self):
        super().validate_unique()
        effect, beneficiary = self.instance.effect, self.cleaned_data.get("beneficiary")
        taken = effect.contributions.exclude(pk=self.instance.pk).filter(beneficiary=beneficiary)
        if beneficiary and taken.exists():
            self.add_error("beneficiary", _("Ce tiers figure déjà parmi les contributeurs."))


def _resource_label(resource: Resource) -> str:
    source = f" — {resource.source.name}" if resource.source else ""
    return f"{resource.label}{source} ({resource.start_date:%Y}–{resource.end_date:%Y})"
