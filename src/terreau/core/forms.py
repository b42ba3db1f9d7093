from django import forms

from terreau.core.taxonomies import LifeFunction, keys_text


class LifeFunctionsField(forms.MultipleChoiceField):
    """Life functions, as boxes to tick (none is allowed)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=LifeFunction.choices, **kwargs)


class KeysTextField(forms.MultipleChoiceField):
    """A set of taxonomy keys as boxes to tick, for a model field stored by `keys_text`
    (" ptce tiers_lieu "): shows the stored text as ticked boxes and cleans to that text."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, taxonomy, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=taxonomy.choices, **kwargs)
        self.taxonomy = taxonomy

    def prepare_value(self, value):
        return value.split() if isinstance(value, str) else value

    def has_changed(self, initial, data):
        return super().has_changed(self.prepare_value(initial), data)

    def clean(self, value):
        return keys_text(self.taxonomy, super().clean(value))
