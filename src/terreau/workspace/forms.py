from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.accounts.models import Role
from terreau.territories.forms import TerritoryFilterMixin


class OnboardingForm(TerritoryFilterMixin, forms.Form):
    territoire = forms.CharField(
        label=_("Votre territoire"),
        required=False,
        help_text=_(
            "Le territoire sur lequel vous agissez : vous le suivrez depuis Mon espace. "
            "Exemples : commune:93055 (Pantin), epci:200057867, departement:62."
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
