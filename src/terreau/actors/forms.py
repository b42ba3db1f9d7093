from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.actors import classification
from terreau.actors.models import Actor, ActorResource, life_functions_text
from terreau.actors.validators import normalize_identifier, validate_rna, validate_siret
from terreau.core.forms import LifeFunctionsField
from terreau.core.taxonomies import ActorKind, LifeFunction
from terreau.territories.forms import CommuneField, TerritoryField, bind_user


class ActorFilterForm(forms.Form):
    """The filters of the actor list, read from the query string."""

    territoire = TerritoryField(label=_("Territoire"))
    q = forms.CharField(label=_("Nom, SIRET ou RNA"), required=False)
    kind = forms.ChoiceField(
        label=_("Type d'acteur"), required=False, choices=[("", _("Tous")), *ActorKind.choices]
    )
    life_function = forms.ChoiceField(
        label=_("Fonction de vie"),
        required=False,
        choices=[("", _("Toutes")), *LifeFunction.choices],
    )
    ess = forms.ChoiceField(
        label=_("ESS"),
        required=False,
        choices=[("", _("Indifférent")), ("oui", _("ESS")), ("non", _("Hors ESS"))],
    )
    family = forms.ChoiceField(label=_("Famille juridique"), required=False)
    commune = CommuneField(label=_("Commune"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_user(self, user)
        self.fields["family"].choices = [("", _("Toutes")), *_family_choices()]


def _family_choices():
    # The legal-form families, with "other" spelled as a real key so that it can be chosen.
    return [(key or "other", label) for key, label in classification.legal_form_family_choices()]


class IdentifierField(forms.CharField):
    """A SIRET or RNA number as people write it, with spaces, dots or dashes ("882 345 671
    00003"), cleaned to the compact form registers use."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=30, **kwargs)

    def to_python(self, value):
        return normalize_identifier(super().to_python(value))


class ActorForm(forms.ModelForm):
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    siret = IdentifierField(
        label=_("SIRET"), help_text=_("14 chiffres ; laissez vide pour un collectif sans SIRET.")
    )
    rna = IdentifierField(
        label=_("numéro RNA"), help_text=_("« W » suivi de 9 chiffres, pour une association.")
    )
    commune_code = CommuneField(label=_("Commune"))
    life_functions_list = LifeFunctionsField(label=_("Fonctions de vie servies"))

    class Meta:
        model = Actor
        fields = [
            "name",
            "kind",
            "legal_form_code",
            "is_ess",
            "siret",
            "rna",
            "naf_code",
            "address",
            "postal_code",
            "description",
            "website",
            "email",
            "phone",
            "is_public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"naf_code": _("Par exemple 56.10A.")}

    DERIVED_FIELDS = ["commune", "life_functions", "legal_form_family", "siren"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ModelForm validation writes into the instance: keep the values as they were.
        self.before = {
            name: getattr(self.instance, name) for name in [*self.Meta.fields, *self.DERIVED_FIELDS]
        }
        if self.instance.pk:
            if self.instance.commune_id:
                self.fields["commune_code"].initial = self.instance.commune
            self.fields["life_functions_list"].initial = self.instance.life_functions.split()

    def clean_siret(self):
        value = self.cleaned_data["siret"]
        if value:
            validate_siret(value)
            if Actor.objects.exclude(pk=self.instance.pk).filter(siret=value).exists():
                raise ValidationError(_("Un acteur porte déjà ce SIRET."))
        return value

    def clean_rna(self):
        value = self.cleaned_data["rna"]
        if value:
            validate_rna(value)
            if Actor.objects.exclude(pk=self.instance.pk).filter(rna=value).exists():
                raise ValidationError(_("Un acteur porte déjà ce numéro RNA."))
        return value

    def clean_naf_code(self):
        value = self.cleaned_data["naf_code"].strip()
        if value and classification.normalize_naf(value) is None:
            raise ValidationError(_("Code NAF inconnu."))
        return classification.normalize_naf(value) or ""

    def clean_legal_form_code(self):
        value = self.cleaned_data["legal_form_code"].strip()
        if value and classification.legal_form(value) is None:
            raise ValidationError(_("Catégorie juridique inconnue (4 chiffres INSEE)."))
        return value

    def apply(self) -> dict[str, tuple]:
        """Copy the cleaned values to the actor; returns field → (old, new) of what changed."""
        actor = self.instance
        changed = {}
        derived = {
            "commune": self.cleaned_data["commune_code"],
            "life_functions": life_functions_text(self.cleaned_data["life_functions_list"]),
            "legal_form_family": classification.ess_family_for(
                self.cleaned_data["legal_form_code"] or None
            ),
            "siren": self.cleaned_data["siret"][:9],
        }
        values = {**{f: self.cleaned_data[f] for f in self.Meta.fields}, **derived}
        for name, value in values.items():
            old = self.before[name]
            if old != value:
                changed[name] = (old, value)
                setattr(actor, name, value)
        return changed


ResourceFormSet = inlineformset_factory(
    Actor,
    ActorResource,
    fields=["direction", "kind", "description"],
    extra=2,
    can_delete=True,
)


class ActorPicker(forms.Widget):
    """Actors chosen by searching the directory: the chosen ones as ticked boxes (radio buttons
    when one actor is to be chosen), and a search field whose suggestions (htmx,
    `/acteurs/choisir/`) add boxes to tick — a directory may hold millions of actors, so they are
    never all listed. `queryset` bounds what may be chosen and found, `territory_ref` narrows the
    search to a territory, `offered` actors are listed before any search."""

    template_name = "actors/widgets/actor_picker.html"

    def __init__(self, attrs=None, *, multiple: bool = False):
        super().__init__(attrs)
        self.multiple = multiple
        self.queryset = Actor.objects.none()
        self.offered = Actor.objects.none()
        self.territory_ref = ""

    def value_from_datadict(self, data, files, name):
        if self.multiple and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # like checkboxes: nothing ticked means no actor

    def format_value(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if v not in (None, "")]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ids = [v for v in context["widget"]["value"] if v.isdigit()]
        chosen = list(self.queryset.filter(pk__in=ids).select_related("commune")) if ids else []
        offered = [a for a in self.offered.select_related("commune")[:50] if a not in chosen]
        query = {"name": name, "id": context["widget"]["attrs"]["id"]}
        if self.multiple:
            query["multiple"] = "1"
        if self.territory_ref:
            query["territoire"] = self.territory_ref
        context.update(
            choices=[(actor, True) for actor in chosen] + [(actor, False) for actor in offered],
            search_url=f"{reverse('actors:picker')}?{urlencode(query)}",
            input_type="checkbox" if self.multiple else "radio",
        )
        return context


class _PickerQueryset:
    """The picker's bounds follow the field's queryset."""

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class ActorChoiceField(_PickerQueryset, forms.ModelChoiceField):
    """One actor of the directory, chosen with `ActorPicker`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", ActorPicker())
        super().__init__(queryset=Actor.objects.none(), **kwargs)


class ActorsChoiceField(_PickerQueryset, forms.ModelMultipleChoiceField):
    """Several actors of the directory, ticked with `ActorPicker`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", ActorPicker(multiple=True))
        super().__init__(queryset=Actor.objects.none(), **kwargs)
