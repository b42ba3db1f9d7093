from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.economy.queries import FIRST_YEAR, LAST_YEAR
from terreau.territories.forms import TerritoryField, bind_user


class ObservatoryFilterForm(forms.Form):
    territoire = TerritoryField(label=_("Territoire"), help_text=_("Toute la France si vide."))
    annee = forms.IntegerField(
        label=_("Année"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, *args, user=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        bind_user(self, user)
        if years:
            self.fields["annee"].widget = forms.Select(
                choices=[("", _("La dernière année"))] + [(y, y) for y in reversed(years)]
            )
