"""Offers for the matching, map and gaps tests: financing offers unless told, made by the offers
tests' factory (through the same service as the web forms)."""

from datetime import date

from tests.offers.factories import make_offer as catalogue_offer

# The day every matching test runs on (matching takes the day as a parameter).
TODAY = date(2026, 11, 22)


def make_offer(name: str, *, kind="financing", **fields):
    """An offer; sets are given as lists (None = the offer does not say)."""
    return catalogue_offer(name, kind=kind, **fields)
