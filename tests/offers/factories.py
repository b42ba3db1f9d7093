"""Offers for tests (and for the matching tests built on them), made through the services."""

from terreau.offers.models import Offer
from terreau.offers.services import offer_save, perimeter_rows


def make_offer(name: str, *, perimeter=("france",), by=None, editors=None, **fields) -> Offer:
    """An offer; eligibility sets are given as key lists (None = unknown)."""
    values = {"kind": "support", "status": "published"}
    values.update(fields)
    for field in Offer.KEY_SETS:
        if isinstance(values.get(field), list | tuple):
            values[field] = f" {' '.join(values[field])} " if values[field] else None
    if isinstance(values.get("types"), list | tuple):
        values["types"] = f" {' '.join(values['types'])} " if values["types"] else ""
    return offer_save(
        offer=Offer(name=name, **values),
        perimeters=perimeter_rows(list(perimeter)),
        editors=editors,
        by=by,
    )
