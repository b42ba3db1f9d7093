"""Numbers in charts and PDFs read as on the pages, even where SVG coordinates stay unlocalised."""

from decimal import Decimal

from django.template import engines
from django.utils import translation


def rendered(value) -> str:
    template = engines["django"].from_string(
        "{% load l10n numbers %}{% localize off %}{{ value }}|{{ value|number }}{% endlocalize %}"
    )
    return template.render({"value": value})


def test_chart_labels_are_french_where_coordinates_are_not():
    with translation.override("fr"):
        assert rendered(0.35) == "0.35|0,35"
        assert rendered(Decimal("1250.5000")) == "1250.5000|1\xa0250,5"
        assert rendered("4.5") == "4.5|4,5"
        assert rendered(Decimal("12")) == "12|12"
        assert rendered(None) == "None|"
    with translation.override("en"):
        assert rendered(Decimal("1250.5")) == "1250.5|1,250.5"
