from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from terreau.territories.refs import TerritoryRefError, find_commune, resolve


class CommuneCodeField(forms.CharField):
    """An INSEE commune code (current, former or delegated); cleans to the commune, or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(max_length=5, **kwargs)

    def clean(self, value):
        code = super().clean(value).strip().upper()
        if not code:
            return None
        commune = find_commune(code)
        if commune is None:
            raise ValidationError(_("Code commune inconnu : %(code)s") % {"code": code})
        return commune


class TerritoryFilterMixin:
    """A filter form's `territoire` field cleaned to the territory the form's `user` may see, or
    None when empty; an unknown reference is the field's error."""

    def clean_territoire(self):
        ref = self.cleaned_data["territoire"].strip()
        if not ref:
            return None
        try:
            return resolve(ref, user=self.user)
        except TerritoryRefError as error:
            raise ValidationError(str(error)) from error


class TerritoryRefsField(forms.Field):
    """A list of territory references, posted as repeated hidden inputs by the territory picker."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [ref.strip() for ref in value or [] if ref.strip()]


class ProjectTerritoryForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    components = TerritoryRefsField(
        label=_("Composantes"),
        help_text=_(
            "Cherchez puis ajoutez des communes, EPCI, départements, régions ou bassins de vie."
        ),
        error_messages={"required": _("Ajoutez au moins une commune ou un territoire.")},
    )
    is_public = forms.BooleanField(
        label=_("Visible par tous"),
        required=False,
        help_text=_("Sinon, seuls vous et les administrateurs le voient."),
    )
