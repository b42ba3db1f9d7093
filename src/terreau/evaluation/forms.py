from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.cooperations.forms import DATE
from terreau.core.taxonomies import Stage
from terreau.evaluation.models import Indicator, IndicatorValue


class IndicatorForm(forms.ModelForm):
    """One of the cooperation's own indicators."""

    stage_list = forms.MultipleChoiceField(
        label=_("Étapes auxquelles il convient"),
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : il convient à toutes les étapes."),
    )

    class Meta:
        model = Indicator
        fields = ["name", "description", "unit", "direction"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage_list"].initial = self.instance.stages.split()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = self.instance.cooperation.indicators.exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("La coopération suit déjà un indicateur nommé « %(name)s ».") % {"name": name}
            )
        return name


class IndicatorValueForm(forms.ModelForm):
    # Typed as people write numbers in French ("1 250,50") or in English ("1250.50").
    value = forms.CharField(
        label=_("Valeur"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Un nombre, par exemple 12 ou 1 250,50."),
    )

    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value", "source", "note"]
        widgets = {"measured_on": DATE}

    def clean_value(self):
        text = self.cleaned_data["value"]
        compact = "".join(text.split()).replace(",", ".")  # split() drops every space
        try:
            value = Decimal(compact)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise forms.ValidationError(_("« %(text)s » n'est pas un nombre.") % {"text": text})
        return value

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        if self.instance.indicator.values.filter(measured_on=day).exists():
            raise forms.ValidationError(
                _("Une valeur est déjà enregistrée au %(day)s : supprimez-la d'abord.")
                % {"day": day.strftime("%d/%m/%Y")}
            )
        return day
