"""The simulators' forms: they read what a person types (French or English number formats), call
the simulator, and put each of its complaints on the field it concerns.

The CLI reads its options with the same `parse_amount`, the API with pydantic; all three end in the
simulator's own checks (`SimulatorInputError`), so a rule is written once.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from terreau.economy import simulators as sim


def parse_amount(text: str) -> Decimal:
    """What a person typed → Decimal; ValueError with a French message otherwise."""
    try:
        return sim.parse_number(text)
    except ValueError:
        raise ValueError(_("« %(value)s » n'est pas un nombre.") % {"value": text}) from None


class NumberField(forms.Field):
    """A decimal number typed as people type it: spaces between thousands, comma or point."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, places: int = 2, minimum: Decimal | None = Decimal(0), **kwargs):
        self.places = places
        self.minimum = minimum
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_amount(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
        if self.minimum is not None and number < self.minimum:
            raise forms.ValidationError(
                _("La valeur doit être au moins %(minimum)s.")
                % {"minimum": number_format(self.minimum)},
                code="min_value",
            )
        # Before rounding: 1e30 cannot be quantized to the cent (decimal.InvalidOperation).
        if abs(number) > sim.MAX_AMOUNT:
            raise forms.ValidationError(
                _("Valeur trop élevée : au plus un milliard."), code="max_value"
            )
        if number != number.quantize(Decimal(1).scaleb(-self.places)):
            raise forms.ValidationError(
                _("Au plus %(places)s décimales.") % {"places": self.places}, code="places"
            )
        return number


ROW_FIELD = re.compile(r"^\w+\[(\d+)\]\.(\w+)$")


class SimulatorForm(forms.Form):
    """Runs the simulator once the fields (and the rows of its `row_formset`, if any) are valid,
    and puts the simulator's complaints on the field they name: the form field of that name,
    unless `error_fields` maps it to another (`matchers[0].cap` → `public_cap`);
    `contributions[2].amount_per_year` → that field of the third non-empty row; anything else
    above the form."""

    error_fields: dict[str, str] = {}
    row_formset = None
    row_prefix = ""
    row_label = _("Ligne %(row)s")
    preset: dict = {}
    preset_rows: list[dict] = []

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.result = None
        self.rows = None
        if self.row_formset is not None:
            self.rows = self.row_formset(
                data, prefix=self.row_prefix, initial=None if data else self.preset_rows
            )

    @classmethod
    def preset_data(cls) -> dict:
        """The example shown when the page opens, as the data of a submitted form."""
        data = dict(cls.preset)
        if cls.row_formset is not None:
            rows = cls.preset_rows + [{}] * cls.row_formset.extra
            data[f"{cls.row_prefix}-TOTAL_FORMS"] = str(len(rows))
            data[f"{cls.row_prefix}-INITIAL_FORMS"] = "0"
            for index, row in enumerate(rows):
                for key, value in row.items():
                    data[f"{cls.row_prefix}-{index}-{key}"] = value
        return data

    def filled_rows(self) -> list[forms.Form]:
        return [form for form in self.rows.forms if form.is_filled()]

    def simulate(self):  # pragma: no cover - each form defines it
        raise NotImplementedError

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        if self.rows is not None and not self.rows.is_valid():
            self.add_error(None, _("Corrigez les lignes signalées."))
        if self.errors:
            return
        try:
            self.result = self.simulate()
        except sim.SimulatorInputError as error:
            self._place(error)

    def _place(self, error: sim.SimulatorInputError) -> None:
        if (match := ROW_FIELD.match(error.field)) and self.rows is not None:
            rows = self.filled_rows()
            index, name = int(match[1]), match[2]
            if index < len(rows) and name in rows[index].fields:
                rows[index].add_error(name, error.message)
                self.add_error(None, _("Corrigez les lignes signalées."))
                return
        name = self.error_fields.get(error.field, error.field)
        self.add_error(name if name in self.fields else None, error.message)

    def all_fields(self) -> list:
        """Every bound field, the rows' included (each has an error box the page refreshes)."""
        fields = list(self)
        for form in self.rows.forms if self.rows is not None else []:
            fields.extend(form)
        return fields

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) for every error, for the list shown above the result."""
        rows = []
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                rows.extend(("", "", str(message)) for message in errors)
            else:
                field = self[name]
                rows.extend((field.auto_id, str(field.label), str(m)) for m in errors)
        for number, form in enumerate(self.rows.forms if self.rows else [], start=1):
            for name, errors in form.errors.items():
                field = form[name] if name in form.fields else None
                label = self.row_label % {"row": number}
                if field is not None:
                    label = f"{label} — {field.label}"
                rows.extend((field.auto_id if field else "", label, str(m)) for m in errors)
        return rows


def _amount(label, **kwargs):
    return NumberField(label=label, **kwargs)


class MatchedCrowdfundingForm(SimulatorForm):
    target = _amount(_("Objectif de la collecte (€)"), minimum=Decimal("0.01"))
    citizens_ratio = NumberField(label=_("Part des citoyens"), places=4, initial=1)
    public_ratio = NumberField(label=_("Part de la collectivité"), places=4, initial=1)
    companies_ratio = NumberField(label=_("Part du mécénat d'entreprise"), places=4, initial=1)
    public_cap = _amount(
        _("Plafond de la collectivité (€)"),
        required=False,
        help_text=_("Laisser vide : pas de plafond."),
    )
    companies_cap = _amount(
        _("Plafond du mécénat d'entreprise (€)"),
        required=False,
        help_text=_("Laisser vide : pas de plafond."),
    )
    error_fields = {
        "matchers[0].ratio": "public_ratio",
        "matchers[1].ratio": "companies_ratio",
        "matchers[0].cap": "public_cap",
        "matchers[1].cap": "companies_cap",
    }
    # Okoté (Strasbourg): each euro from citizens triggers one from the collectivité and one of
    # company mécénat. The target is an example.
    preset = {"target": "30000", "citizens_ratio": "1", "public_ratio": "1", "companies_ratio": "1"}

    def simulate(self):
        data = self.cleaned_data
        return sim.matched_crowdfunding(
            sim.MatchedCrowdfundingInputs(
                target=data["target"],
                citizens_ratio=data["citizens_ratio"],
                matchers=sim.okote_matchers(
                    public_ratio=data["public_ratio"],
                    companies_ratio=data["companies_ratio"],
                    public_cap=data["public_cap"],
                    companies_cap=data["companies_cap"],
                ),
            )
        )


class RowForm(forms.Form):
    """A row of a simulator's list; a row left blank is ignored."""

    def is_filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(value not in (None, "") for value in data.values())


class ContributionForm(RowForm):
    kind = forms.ChoiceField(
        label=_("Type de contributeur"),
        choices=[("", "—"), *sim.ContributorKind.choices],
        required=False,
    )
    amount_per_year = _amount(_("Montant par an (€)"), required=False)
    years = forms.IntegerField(
        label=_("Pendant (années)"), min_value=1, max_value=sim.MAX_YEARS, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.is_filled():
            return cleaned
        if not cleaned.get("kind"):
            self.add_error("kind", _("Choisissez le type de contributeur."))
        if cleaned.get("amount_per_year") is None:
            self.add_error("amount_per_year", _("Indiquez le montant par an."))
        return cleaned

    def contribution(self) -> sim.Contribution:
        data = self.cleaned_data
        return sim.Contribution(data["kind"], data["amount_per_year"], data.get("years") or 1)


class PooledFundForm(SimulatorForm):
    grant = _amount(_("Montant par expérimentation (€)"), minimum=Decimal("0.01"))
    grant_months = forms.IntegerField(
        label=_("Durée d'une expérimentation (mois)"), min_value=1, max_value=120, initial=12
    )
    max_per_year = forms.IntegerField(
        label=_("Nombre maximum d'expérimentations par an"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Laisser vide : pas de maximum."),
    )
    row_formset = forms.formset_factory(ContributionForm, extra=2, max_num=sim.MAX_PARTS)
    row_prefix = "contributor"
    row_label = _("Contributeur %(row)s")
    # The Fonds d'impulsion jurassien (2022): about 120,000 € a year from the Région
    # Bourgogne-Franche-Comté, the Banque des Territoires (fonds de confiance run by France Active),
    # companies' and citizens' mécénat; about 30,000 € per experimentation of 6 to 12 months, up to
    # three a year. The split between contributors is not public: the one below is an example.
    preset = {"grant": "30000", "grant_months": "12", "max_per_year": "3"}
    preset_rows = [
        {"kind": "region", "amount_per_year": "40000", "years": "3"},
        {"kind": "banque_des_territoires", "amount_per_year": "40000", "years": "3"},
        {"kind": "companies", "amount_per_year": "30000", "years": "3"},
        {"kind": "citizens", "amount_per_year": "10000", "years": "3"},
    ]

    def simulate(self):
        data = self.cleaned_data
        return sim.pooled_fund(
            sim.PooledFundInputs(
                contributions=tuple(form.contribution() for form in self.filled_rows()),
                grant=data["grant"],
                grant_months=data["grant_months"],
                max_per_year=data.get("max_per_year"),
            )
        )


class SaverForm(RowForm):
    name = forms.CharField(label=_("Membre"), max_length=200, required=False)
    weight = NumberField(label=_("Poids"), places=4, required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and self.is_filled() and not cleaned.get("name"):
            self.add_error("name", _("Indiquez le nom du membre."))
        return cleaned

    def saver(self) -> sim.Saver:
        return sim.Saver(self.cleaned_data["name"], self.cleaned_data.get("weight"))


class SharedSavingsForm(SimulatorForm):
    baseline_cost = _amount(_("Coût sans la coopération (€ par an)"))
    cooperation_cost = _amount(_("Coût avec la coopération (€ par an)"))
    key = forms.ChoiceField(
        label=_("Clé de répartition"), choices=sim.SplitKey.choices, initial=sim.SplitKey.EQUAL
    )
    row_formset = forms.formset_factory(SaverForm, extra=3, max_num=sim.MAX_PARTS)
    row_prefix = "member"
    row_label = _("Membre %(row)s")
    # A wood-fired heating network shared by three members, split by consumption (MWh a year);
    # the figures are an example.
    preset = {"baseline_cost": "48000", "cooperation_cost": "39000", "key": "consumption"}
    preset_rows = [
        {"name": "École", "weight": "120"},
        {"name": "Mairie", "weight": "80"},
        {"name": "EHPAD", "weight": "200"},
    ]

    def simulate(self):
        data = self.cleaned_data
        return sim.shared_savings(
            sim.SharedSavingsInputs(
                baseline_cost=data["baseline_cost"],
                cooperation_cost=data["cooperation_cost"],
                members=tuple(form.saver() for form in self.filled_rows()),
                key=data["key"],
            )
        )
