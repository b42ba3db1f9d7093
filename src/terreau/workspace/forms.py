from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.accounts.models import Role
from terreau.territories.forms import TerritoryField, bind_user


class OnboardingForm(forms.Form):
    territoire = TerritoryField(
        label=_("Votre territoire"),
        help_text=_(
            "Le territoire sur lequel vous agissez (commune, intercommunalité, département, "
            "région) : tapez son nom puis choisissez ; vous le suivrez depuis Mon espace."
        ),
    )
    role = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=Role.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        bind_user(self, user)
