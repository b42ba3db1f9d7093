from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.core.taxonomies import RelationKind
from terreau.network.graph import NetworkFilters


class NetworkFilterForm(forms.Form):
    """The filters of a network page, named as in the API and the CLI: kind, from, to."""

    kind = forms.MultipleChoiceField(
        label=_("Natures de relation"),
        choices=RelationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : toutes les natures."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: these fields cannot be declared as class attributes.
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(
            label=_("Actives à partir du"), required=False, widget=date_input
        )
        self.fields["to"] = forms.DateField(label=_("jusqu'au"), required=False, widget=date_input)

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["filters"] = NetworkFilters(
                kinds=tuple(cleaned.get("kind") or ()),
                start=cleaned.get("from"),
                end=cleaned.get("to"),
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned

    def filters(self) -> NetworkFilters:
        """The valid filters, or none when the form is not valid (its errors are shown)."""
        return self.cleaned_data["filters"] if self.is_valid() else NetworkFilters()
