from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.actors.forms import ActorsChoiceField
from terreau.actors.models import life_functions_text
from terreau.cooperations.models import Cooperation
from terreau.core.forms import LifeFunctionsField
from terreau.diagnosis.models import Need, Note
from terreau.diagnosis.needs import linkable_actors
from terreau.territories.forms import TerritoryField, bind_user

NEED_PREFIX = "need"


class ComparisonForm(forms.Form):
    """What a diagnosis is compared with: France (when empty) or a territory typed by name."""

    compare = TerritoryField(
        label=_("Comparer avec"),
        comparison=True,
        help_text=_("Un territoire (nom, code postal ou code), ou « France »."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bind_user(self, user)


class NeedForm(forms.ModelForm):
    life_functions_list = LifeFunctionsField(label=_("Fonctions de vie"))
    actors = ActorsChoiceField(
        label=_("Acteurs concernés"),
        required=False,
        help_text=_(
            "Cherchez un acteur du territoire par son nom, son SIRET ou son numéro RNA, puis "
            "cochez-le."
        ),
        error_messages={
            "invalid_choice": _(
                "L'acteur n° %(value)s n'est pas un acteur de ce territoire que vous pouvez voir."
            ),
            "invalid_pk_value": _("« %(pk)s » n'est pas un numéro d'acteur."),
        },
    )

    cooperations = forms.ModelMultipleChoiceField(
        label=_("Coopérations concernées"),
        queryset=Cooperation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les coopérations du territoire qui prennent ce besoin en charge."),
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "voiced_by",
            "channel",
            "voiced_on",
            "priority",
            "status",
            "actors",
            "cooperations",
            "is_public",
        ]
        widgets = {
            "voiced_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, territory, user, **kwargs):
        super().__init__(*args, prefix=NEED_PREFIX, **kwargs)
        actors = linkable_actors(territory, user=user)
        self.fields["actors"].queryset = actors
        self.fields["actors"].widget.territory_ref = territory.ref
        self.fields["cooperations"].queryset = Cooperation.objects.visible_to(user).in_territory(
            territory
        )
        if not self.fields["cooperations"].queryset.exists():
            del self.fields["cooperations"]

    def save(self, commit=True):
        self.instance.life_functions = life_functions_text(self.cleaned_data["life_functions_list"])
        return super().save(commit)


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["kind", "text", "observed_on", "is_public"]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 3}),
        }
