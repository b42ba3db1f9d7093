"""Offers for the matching, map and gaps tests, saved through the same service as the web forms."""

from datetime import date

from terreau.offers.models import Offer
from terreau.offers.services import offer_save, perimeter_rows

# The day every matching test runs on (matching takes the day as a parameter).
TODAY = date(2026, 11, 22)
SET_FIELDS = ("types", *Offer.KEY_SETS)


def make_offer(name: str, *, kind="financing", perimeter=("france",), status="published", **fields):
    """An offer; sets are given as lists (None = the offer does not say)."""
    for field in SET_FIELDS:
        if field in fields and fields[field] is not None:
            fields[field] = f" {' '.join(fields[field])} " if fields[field] else ""
    offer = Offer(name=name, kind=kind, status=status, **fields)
    return offer_save(offer=offer, perimeters=perimeter_rows(perimeter))
