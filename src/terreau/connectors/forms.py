"""The form of a fetch from a public registry, started from a territory's or the actors' page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.connectors.fetch import FETCHERS
from terreau.connectors.sources import source
from terreau.core.taxonomies import LifeFunction
from terreau.territories.forms import TerritoryField, bind_user


class FetchForm(forms.Form):
    source = forms.ChoiceField(label=_("Registre public"))
    territory = TerritoryField(label=_("Territoire"), required=True)
    active_only = forms.BooleanField(
        label=_("Seulement les entreprises et associations en activité"),
        required=False,
        initial=True,
        help_text=_("Les établissements fermés sont toujours écartés."),
    )
    ess_only = forms.BooleanField(
        label=_("Seulement l'économie sociale et solidaire (ESS)"), required=False
    )
    associations = forms.BooleanField(label=_("Seulement les associations"), required=False)
    siae = forms.BooleanField(
        label=_("Seulement les structures d'insertion par l'activité économique (SIAE)"),
        required=False,
    )
    life_functions = forms.MultipleChoiceField(
        label=_("Seulement les activités servant ces fonctions de vie"),
        choices=LifeFunction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("D'après le code d'activité (NAF) de chaque établissement."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(key, source(key).label) for key in FETCHERS]
        bind_user(self, user)

    def query(self) -> dict:
        data = self.cleaned_data
        return {
            "territory": data["territory"].ref,
            **{name: data[name] for name in ("active_only", "ess_only", "associations", "siae")},
            "life_functions": list(data["life_functions"]),
        }
