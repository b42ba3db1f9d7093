from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau.actors.forms import ActorChoiceField
from terreau.actors.models import Actor
from terreau.catalysts.durability import CONDITIONS, AssessmentMode, scale_for
from terreau.catalysts.models import Catalyst, CatalystKind
from terreau.cooperations.models import Cooperation
from terreau.territories.forms import TerritoryRefsField, bind_user

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CatalystForm(forms.ModelForm):
    actor = ActorChoiceField(
        label=_("Structure dans l'annuaire"),
        required=False,
        help_text=_("La structure qui porte le catalyseur (ou la collectivité de l'équipe)."),
    )
    territories = TerritoryRefsField(
        label=_("Territoires servis"),
        required=False,
        help_text=_(
            "Cherchez par nom, code postal ou code puis ajoutez des communes, EPCI, "
            "départements ou régions."
        ),
    )
    cooperations = forms.ModelMultipleChoiceField(
        label=_("Coopérations accompagnées"),
        queryset=Cooperation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Catalyst
        fields = [
            "name",
            "kind",
            "actor",
            "team",
            "territories",
            "posture",
            "position",
            "methods",
            "funding",
            "stage",
            "cooperations",
            "is_public",
        ]
        widgets = {"kind": forms.RadioSelect, "posture": forms.RadioSelect}
        help_texts = {
            "funding": _("Qui finance l'animation, comment et pour combien de temps."),
            "methods": _("Ateliers, diagnostics partagés, outils de mise en relation…"),
            "is_public": _("Sinon, seuls vous et les administrateurs voient cette fiche."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_user(self, user)
        self.fields["actor"].queryset = Actor.objects.visible_to(user)
        self.fields["cooperations"].queryset = Cooperation.objects.visible_to(user).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("kind") == CatalystKind.AUTHORITY_TEAM and not data.get("team"):
            self.add_error("team", _("Indiquez l'équipe ou le service de la collectivité."))
        return data


class AssessmentForm(forms.Form):
    """The four conditions on the scale of the catalyst's stage; grounds required unless it is a
    self-assessment (durability.py)."""

    assessed_on = forms.DateField(label=_("Date"), widget=DATE)
    assessors = forms.CharField(label=_("Évalué par"), max_length=300, required=False)

    def __init__(self, *args, stage: str, mode: AssessmentMode, **kwargs):
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.mode = mode
        if mode.needs_grounds:
            self.fields["assessors"].required = True
            self.fields["assessors"].help_text = _("Les pairs ou l'évaluateur, par leur nom.")
        for condition in CONDITIONS:
            self.fields[f"{condition.key}_level"] = forms.TypedChoiceField(
                label=condition.label,
                help_text=condition.question,
                choices=scale_for(stage),
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"{condition.key}_grounds"] = forms.CharField(
                label=_("Sur quoi s'appuie cette appréciation"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=mode.needs_grounds,
            )

    def conditions(self):
        """(condition, level field, grounds field) for the template."""
        return [
            (condition, self[f"{condition.key}_level"], self[f"{condition.key}_grounds"])
            for condition in CONDITIONS
        ]

    def answers(self) -> dict:
        return {
            condition.key: {
                "level": self.cleaned_data[f"{condition.key}_level"],
                "grounds": self.cleaned_data[f"{condition.key}_grounds"],
            }
            for condition in CONDITIONS
        }
