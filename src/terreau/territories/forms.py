from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.territories.lookup import REF, find_territory, territory_label
from terreau.territories.models import Level
from terreau.territories.refs import TerritoryRefError, resolve_comparison


class TerritoryInput(forms.TextInput):
    """A text box where a territory is typed by name, postal code or code. Without JavaScript it
    is a plain text box that the server reads (`find_territory`); territory_field.js turns it into
    an accessible combobox whose suggestions come from the JSON search
    (`/api/v1/territories/search`). In a `multiple` field, each choice becomes a chip carrying a
    hidden input of the same name (territories/includes/territory_picker.html)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.levels: list[Level] | None = None
        self.comparison = False
        self.multiple = False
        self.user = None

    def format_value(self, value):
        # A stored reference shows as the name people know ("Pantin (Seine-Saint-Denis)").
        if hasattr(value, "ref"):
            return territory_label(value)
        if isinstance(value, str) and REF.match(value):
            try:
                return territory_label(resolve_comparison(value, user=self.user))
            except TerritoryRefError:
                return value
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        query = {"limit": 8}
        if self.levels:
            query["levels"] = ",".join(level.value for level in self.levels)
        if self.comparison:
            query["france"] = "true"
        context["widget"]["attrs"].update(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "data-territory-search": f"{reverse('api:search')}?{urlencode(query)}",
                "data-found-one": _("1 territoire proposé, flèches haut et bas pour choisir."),
                "data-found-many": _(
                    "%(count)s territoires proposés, flèches haut et bas pour choisir."
                ),
                "data-found-none": _("Aucun territoire ne correspond."),
                "data-options-label": _("Propositions"),
            }
        )
        if self.multiple:
            context["widget"]["attrs"]["data-territory-multiple"] = "true"
        return context


class TerritoryField(forms.CharField):
    """One territory, typed as people write it: a name ("Saint-Omer", "saint omer", with its
    département in parentheses when several communes bear it), a postal code, an INSEE or SIREN
    code, or a reference (`commune:62765`). Cleans to the territory (None when empty and not
    required); an unknown or ambiguous text is the field's error, in words.

    `levels` narrows what it accepts (communes only, for an actor's commune); `comparison` also
    accepts "France". The form gives the field its `user` (see `bind_user`), who limits project
    territories to those they may see.
    """

    widget = TerritoryInput
    default_help_text = _("Tapez un nom, un code postal ou un code INSEE, puis choisissez.")

    def __init__(self, *, levels=None, comparison: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(max_length=200, **kwargs)
        self.levels = levels
        self.comparison = comparison
        self.user = None
        self.widget.levels, self.widget.comparison = levels, comparison

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return find_territory(
                text, user=self.user, levels=self.levels, comparison=self.comparison
            )
        except TerritoryRefError as error:
            raise ValidationError(str(error)) from error


class CommuneField(TerritoryField):
    """A commune, by name, postal code or INSEE code (current, former or delegated)."""

    default_help_text = _("Tapez son nom, son code postal ou son code INSEE, puis choisissez.")

    def __init__(self, **kwargs):
        super().__init__(levels=[Level.COMMUNE], **kwargs)


class TerritoryRefsField(forms.Field):
    """Several territories, as the references of the chips chosen in the territory picker, and
    the text left in its search box (a name typed without JavaScript). Cleans to their canonical
    references, without duplicates."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None

    def to_python(self, value):
        return [text.strip() for text in value or [] if text.strip()]

    def clean(self, value):
        texts = super().clean(value)
        refs, errors = [], []
        for text in texts:
            try:
                ref = find_territory(text, user=self.user).ref
            except TerritoryRefError as error:
                errors.append(ValidationError(str(error)))
                continue
            if ref not in refs:
                refs.append(ref)
        if errors:
            raise ValidationError(errors)
        return refs


def bind_user(form, user) -> None:
    """Give the form's territory fields the user whose project territories they may name."""
    for field in form.fields.values():
        if isinstance(field, TerritoryField | TerritoryRefsField):
            field.user = user
            field.widget.user = user


def picker_search_input(*, name: str, user) -> str:
    """The search box of a territory picker (several territories): a `TerritoryInput` whose
    choices become chips."""
    widget = TerritoryInput(attrs={"id": "component-q"})
    widget.multiple, widget.user = True, user
    return widget.render(name, "")


class ProjectTerritoryForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    components = TerritoryRefsField(
        label=_("Composantes"),
        help_text=_(
            "Cherchez par nom, code postal ou code puis ajoutez des communes, EPCI, départements, "
            "régions ou bassins de vie."
        ),
        error_messages={"required": _("Ajoutez au moins une commune ou un territoire.")},
    )
    is_public = forms.BooleanField(
        label=_("Visible par tous"),
        required=False,
        help_text=_("Sinon, seuls vous et les administrateurs le voient."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bind_user(self, user)
