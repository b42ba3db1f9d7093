from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.actors.models import life_functions_text
from terreau.core.forms import LifeFunctionsField
from terreau.diagnosis.models import Need, Note


class NeedForm(forms.ModelForm):
    life_functions_list = LifeFunctionsField(label=_("Fonctions de vie"))

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
            "is_public",
        ]
        widgets = {
            "voiced_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

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
