from django import forms

from terreau.core.taxonomies import LifeFunction


class LifeFunctionsField(forms.MultipleChoiceField):
    """Life functions, as boxes to tick (none is allowed)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=LifeFunction.choices, **kwargs)
