from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from terreau.actors.forms import ActorsChoiceField
from terreau.actors.models import Actor
from terreau.core.forms import KeysTextField
from terreau.core.taxonomies import (
    Carrier,
    CooperationModel,
    EconomicModel,
    LifeFunction,
    Stage,
)
from terreau.offers.models import NATIONAL, Offer
from terreau.offers.services import perimeter_rows
from terreau.offers.taxonomies import (
    TYPES_OF_KIND,
    Audience,
    FinancingType,
    OfferKind,
    OfferStatus,
    SupportType,
    type_taxonomies,
    types_text,
)
from terreau.territories.forms import TerritoryField, TerritoryRefsField, bind_user
from terreau.territories.refs import TerritoryRefError

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UNKNOWN_HELP = _("Ne rien cocher si la source ne le précise pas : le critère reste « inconnu ».")
TRISTATE = [("", _("Inconnu")), ("true", _("Oui")), ("false", _("Non"))]


class KeySetField(KeysTextField):
    """An eligibility set as checkboxes; nothing ticked means unknown (stored NULL)."""

    def __init__(self, taxonomy, **kwargs):
        kwargs.setdefault("help_text", UNKNOWN_HELP)
        super().__init__(taxonomy, **kwargs)

    def clean(self, value):
        return super().clean(value) or None


class TristateField(forms.TypedChoiceField):
    """Yes, no or unknown (NULL) — never "no" by default."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=TRISTATE,
            coerce=lambda value: value == "true",
            empty_value=None,
            required=False,
            **kwargs,
        )

    def prepare_value(self, value):
        if value is None:
            return ""
        return "true" if value in (True, "true") else "false"


class OfferForm(forms.ModelForm):
    types_list = forms.MultipleChoiceField(
        label=_("Types"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (str(OfferKind.SUPPORT.label), SupportType.choices),
            (str(OfferKind.FINANCING.label), FinancingType.choices),
        ],
        help_text=_(
            "Les types d'accompagnement ou de financement, selon la nature de l'offre ; ceux des "
            "deux si elle accompagne et finance."
        ),
    )
    providers = ActorsChoiceField(label=_("Porteurs (annuaire)"), required=False)
    funders = ActorsChoiceField(label=_("Financeurs (annuaire)"), required=False)
    provider_names_text = forms.CharField(
        label=_("Autres porteurs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Structures absentes de l'annuaire, une par ligne."),
    )
    funder_names_text = forms.CharField(
        label=_("Autres financeurs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Structures absentes de l'annuaire, une par ligne."),
    )
    national = forms.BooleanField(label=_("France entière"), required=False)
    perimeter = TerritoryRefsField(label=_("Territoires"), required=False)
    audiences = KeySetField(Audience, label=_("Publics visés"))
    stages = KeySetField(Stage, label=_("Étapes"))
    cooperation_models = KeySetField(CooperationModel, label=_("Modèles de coopération"))
    economic_models = KeySetField(EconomicModel, label=_("Modèles économiques"))
    carriers = KeySetField(Carrier, label=_("Portages"))
    life_functions = KeySetField(LifeFunction, label=_("Fonctions de vie"))
    legal_entity_required = TristateField(label=_("Structure juridique exigée"))
    funds_animation = TristateField(
        label=_("Finance l'animation / la coordination"),
        help_text=_("Pour un accompagnement : s'il prend en charge l'animation de la coopération."),
    )
    is_call_for_projects = TristateField(label=_("Appel à projets"))
    url = forms.URLField(label=_("Lien"), required=False, max_length=500, assume_scheme="https")
    source_url = forms.URLField(
        label=_("Page source"), required=False, max_length=500, assume_scheme="https"
    )
    editors_text = forms.CharField(
        label=_("Éditeurs"),
        required=False,
        help_text=_(
            "Identifiants des comptes autorisés à modifier cette offre, séparés par des virgules "
            "(par exemple la structure porteuse)."
        ),
    )

    class Meta:
        model = Offer
        fields = [
            "name",
            "kind",
            "both_kinds",
            "description",
            "audiences",
            "stages",
            "cooperation_models",
            "economic_models",
            "carriers",
            "life_functions",
            "legal_entity_required",
            "funds_animation",
            "ecological_transition",
            "creates_legal_form",
            "eligibility_note",
            "amount_min",
            "amount_max",
            "rate_min",
            "rate_max",
            "duration_months",
            "recurrence",
            "is_call_for_projects",
            "opens_on",
            "deadline",
            "contact",
            "url",
            "status",
            "source_name",
            "source_url",
            "licence",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility_note": forms.Textarea(attrs={"rows": 3}),
            "contact": forms.Textarea(attrs={"rows": 2}),
            "opens_on": DATE,
            "deadline": DATE,
        }
        help_texts = {
            "amount_min": _("Laisser vide si la source ne donne pas de montant."),
            "rate_max": _("Part des dépenses financée, en pourcentage."),
            "source_name": _("D'où viennent ces informations (document, site, personne)."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_user(self, user)
        visible = Actor.objects.visible_to(user)
        self.fields["providers"].queryset = visible
        self.fields["funders"].queryset = visible
        self.fields["recurrence"].choices = [
            ("", _("Non précisée")),
            *self.fields["recurrence"].choices[1:],
        ]
        offer = self.instance
        self.manages = user is not None and (user.is_staff or user.has_perm("offers.change_offer"))
        if not self.manages:
            del self.fields["editors_text"]
        if offer.pk:
            self.fields["types_list"].initial = offer.types.split()
            self.fields["providers"].initial = list(offer.providers.values_list("pk", flat=True))
            self.fields["funders"].initial = list(offer.funders.values_list("pk", flat=True))
            self.fields["provider_names_text"].initial = "\n".join(offer.provider_names)
            self.fields["funder_names_text"].initial = "\n".join(offer.funder_names)
            refs = offer.perimeter_refs
            self.fields["national"].initial = NATIONAL in refs
            self.fields["perimeter"].initial = [ref for ref in refs if ref != NATIONAL]
            for name in Offer.KEY_SETS:
                text = getattr(offer, name)
                self.fields[name].initial = text.split() if text else []
            if self.manages:
                self.fields["editors_text"].initial = ", ".join(
                    offer.editors.values_list("username", flat=True)
                )
        else:
            self.fields["status"].initial = OfferStatus.DRAFT

    def chosen_perimeter(self) -> list:
        """The chosen territories (perimeter rows, national aside) to show as chips."""
        if hasattr(self, "_perimeter_rows"):
            return self._perimeter_rows
        if self.instance.pk:
            return [row for row in self.instance.perimeters.all() if row.level != NATIONAL]
        return []

    def clean_perimeter(self):
        refs = self.cleaned_data["perimeter"]
        try:
            rows = perimeter_rows(refs, user=self.user)
        except TerritoryRefError as error:
            raise ValidationError(str(error)) from error
        self._perimeter_rows = rows
        return rows

    def clean_editors_text(self):
        names = [n.strip() for n in self.cleaned_data["editors_text"].split(",") if n.strip()]
        users = list(get_user_model().objects.filter(username__in=names))
        unknown = sorted(set(names) - {u.username for u in users})
        if unknown:
            raise ValidationError(_("Comptes inconnus : %(names)s") % {"names": ", ".join(unknown)})
        return users

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        types = data.get("types_list") or []
        if kind in TYPES_OF_KIND:
            both_kinds = bool(data.get("both_kinds"))
            allowed = {m.value for t in type_taxonomies(kind, both_kinds) for m in t}
            wrong = [t for t in types if t not in allowed]
            if wrong:
                self.add_error(
                    "types_list",
                    _("Ces types ne correspondent pas à la nature choisie : %(types)s")
                    % {"types": ", ".join(wrong)},
                )
            else:
                self.instance.types = types_text(kind, both_kinds, types)
        return data

    def perimeters(self) -> list:
        rows = list(self.cleaned_data.get("perimeter") or [])
        if self.cleaned_data.get("national"):
            rows.insert(0, perimeter_rows([NATIONAL])[0])
        return rows

    @staticmethod
    def _names(text: str) -> list[str]:
        names = []
        for line in text.splitlines():
            if line.strip() and line.strip() not in names:
                names.append(line.strip())
        return names

    # Form fields that edit a model field of another name.
    EDITED = {
        "types_list": "types",
        "provider_names_text": "provider_names",
        "funder_names_text": "funder_names",
        "national": "perimeter",
        "editors_text": None,  # who may edit: not a value an import brings
    }

    def edited_fields(self) -> set[str]:
        """The offer's fields this edit changed, which later imports and syncs keep."""
        names = {self.EDITED.get(name, name) for name in self.changed_data}
        names.discard(None)
        return names

    def save_offer(self, *, by):
        from terreau.offers.services import offer_save

        offer = self.instance
        if offer.pk:
            offer.edited_fields = sorted(set(offer.edited_fields) | self.edited_fields())
        offer.provider_names = self._names(self.cleaned_data.get("provider_names_text", ""))
        offer.funder_names = self._names(self.cleaned_data.get("funder_names_text", ""))
        return offer_save(
            offer=offer,
            perimeters=self.perimeters(),
            providers=self.cleaned_data["providers"],
            funders=self.cleaned_data["funders"],
            editors=self.cleaned_data["editors_text"] if self.manages else None,
            by=by,
        )


ALL = _("Tous")


def _any(label, choices, everything=ALL):
    """An optional filter on a taxonomy, "all" first."""
    return forms.ChoiceField(label=label, required=False, choices=[("", everything), *choices])


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Recherche"), required=False)
    kind = _any(_("Nature"), OfferKind.choices, _("Toutes"))
    type = _any(
        _("Type"),
        [
            (str(OfferKind.SUPPORT.label), SupportType.choices),
            (str(OfferKind.FINANCING.label), FinancingType.choices),
        ],
    )
    territoire = TerritoryField(label=_("Territoire"))
    stage = _any(_("Étape"), Stage.choices, _("Toutes"))
    model = _any(_("Modèle de coopération"), CooperationModel.choices)
    audience = _any(_("Public"), Audience.choices)
    economic_model = _any(_("Modèle économique"), EconomicModel.choices)
    carrier = _any(_("Portage"), Carrier.choices)
    life_function = _any(_("Fonction de vie"), LifeFunction.choices, _("Toutes"))
    status = _any(
        _("Statut"), [*OfferStatus.choices, ("all", _("Tous les statuts"))], _("Publiées")
    )
    open_only = forms.BooleanField(label=_("Ouvertes aujourd'hui seulement"), required=False)
    funds_animation = forms.BooleanField(
        label=_("Finance l'animation / la coordination"), required=False
    )
    without_legal_entity = forms.BooleanField(
        label=_("Accessible sans structure juridique"), required=False
    )
    stated_only = forms.BooleanField(
        label=_("Exclure les offres qui ne précisent pas le critère"), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bind_user(self, user)
