"""What every open-data export says about itself (issue 20): the licence its data is published
under (TERREAU_OPEN_DATA_LICENCE, the Licence Ouverte by default, as the French public registers
it is drawn from) and the date of its data."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Stamp:
    licence: str
    licence_url: str
    data_date: date

    def as_dict(self) -> dict:
        return {
            "licence": self.licence,
            "licence_url": self.licence_url,
            "date": self.data_date.isoformat(),
        }

    def sentence(self) -> str:
        """« Données au 4 décembre 2026. Licence : Licence Ouverte … (https://…). »"""
        return _("Données au %(date)s. Licence : %(licence)s (%(url)s).") % {
            "date": date_format(self.data_date, "j F Y"),
            "licence": self.licence,
            "url": self.licence_url,
        }


def stamp(data_date: date | None = None) -> Stamp:
    """The licence, and the date of the data (today, the day of the extraction, by default)."""
    return Stamp(
        licence=settings.TERREAU_OPEN_DATA_LICENCE,
        licence_url=settings.TERREAU_OPEN_DATA_LICENCE_URL,
        data_date=data_date or timezone.localdate(),
    )
