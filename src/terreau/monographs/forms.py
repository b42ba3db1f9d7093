from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.monographs.models import Monograph
from terreau.monographs.services import NARRATIVE_MAX_LENGTH


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("Récit"),
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Texte libre ; une ligne vide sépare deux paragraphes."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DescribeForm(forms.ModelForm):
    class Meta:
        model = Monograph
        fields = ["title", "authors"]
        help_texts = {"title": _("Laissé vide : « Monographie : » suivi du nom de la coopération.")}


class RecitDescribeForm(forms.ModelForm):
    class Meta:
        model = Monograph
        fields = ["title", "authors"]
        help_texts = {"title": _("Laissé vide : « Récit du territoire : » suivi de son nom.")}
