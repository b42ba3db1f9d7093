"""Numbers people read, written as the interface's language writes them, even inside the
`{% localize off %}` of an SVG drawing: `{{ value|number }}` gives "0,35", "1 250,5", "12".
(`floatformat` would pad "4,5" to "4,50" and round to a fixed number of places.)"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def number(value) -> str:
    if value is None or value == "":
        return ""
    try:
        decimal = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    normalized = decimal.normalize() if decimal else Decimal(0)
    places = max(0, -normalized.as_tuple().exponent)
    return formats.number_format(
        normalized, decimal_pos=min(places, 2) if places else 0, use_l10n=True, force_grouping=True
    )
