from django import forms
from django.utils.translation import gettext_lazy as _


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
