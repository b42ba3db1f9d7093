"""Territory maturity rounds for tests, made through the same services as the pages."""

from datetime import timedelta

from django.utils import timezone

from terreau.maturity.services import round_launch
from terreau.territories.refs import resolve

TERRITORY_REF = "epci:246200844"


def make_territory_round(by, title: str = "Territoire 2026", ref: str = TERRITORY_REF, **fields):
    values = {
        "closes_on": timezone.localdate() + timedelta(days=30),
        "grid_version": "territoire-v1",
        "admins_see_answers": False,
    }
    values.update(fields)
    return round_launch(territory=resolve(ref), by=by, title=title, **values)
