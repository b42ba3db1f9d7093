"""The published offers as open data (issue 20, « published offers with their eligibility in a
documented open format close to aides-territoires' fields »): one record per offer a visitor
may see, its fields named as the aides-territoires API names them where both mean the same
(name, description, aid_types, financers, perimeter, targeted_audiences, mobilization_steps,
start_date, submission_deadline, recurrence, is_call_for_project, origin_url…), and Terreau's
own eligibility beside them (cooperation models, economic models, carriers, life functions,
animation…). Values are names, never codes; an unknown criterion is null, never an empty list
(« non précisé » is not « personne »). docs/data-formats.md lists every field.

JSON: `{"licence", "licence_url", "date", "offers": [...]}`; CSV: one line per offer, lists
joined by « ; », the licence and the date in two columns of every line.
"""

import csv
import io
import json
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from terreau.core.opendata import Stamp
from terreau.core.spreadsheets import csv_cell
from terreau.offers.models import Offer
from terreau.offers.taxonomies import OfferKind, OfferStatus

FIELDS = [
    "id",
    "url",
    "name",
    "description",
    "nature",
    "aid_types",
    "financers",
    "providers",
    "perimeter",
    "targeted_audiences",
    "mobilization_steps",
    "cooperation_models",
    "economic_models",
    "carriers",
    "life_functions",
    "legal_entity_required",
    "funds_animation",
    "ecological_transition",
    "creates_legal_form",
    "eligibility",
    "amount_min",
    "amount_max",
    "subvention_rate_lower_bound",
    "subvention_rate_upper_bound",
    "duration_months",
    "recurrence",
    "is_call_for_project",
    "start_date",
    "submission_deadline",
    "contact",
    "origin_url",
    "source",
    "source_licence",
]


def published_offers():
    """The offers an anonymous visitor sees: published ones, with what their records read."""
    return (
        Offer.objects.visible_to(AnonymousUser())
        .filter(status=OfferStatus.PUBLISHED)
        .prefetch_related("perimeters", "providers", "funders")
        .order_by("name", "pk")
    )


def _names(members) -> list[str] | None:
    return None if members is None else [str(member.label) for member in members]


def _number(value) -> str | None:
    return None if value is None else str(value)


def _public_names(actors) -> list[str]:
    """The names of the public actors among the prefetched ones: what an anonymous visitor
    sees (`visible_to` an anonymous user is `is_public`), without a query per offer."""
    return [actor.name for actor in actors if actor.is_public]


def record(offer: Offer) -> dict:
    kinds = [OfferKind(offer.kind).label]
    if offer.both_kinds:
        kinds = [OfferKind.SUPPORT.label, OfferKind.FINANCING.label]
    perimeters = list(offer.perimeters.all())
    return {
        "id": offer.slug,
        "url": settings.TERREAU_SITE_URL.rstrip("/") + offer.get_absolute_url(),
        "name": offer.name,
        "description": offer.description,
        "nature": [str(kind) for kind in kinds],
        "aid_types": [str(member.label) for member in offer.type_list],
        "financers": _public_names(offer.funders.all()) + list(offer.funder_names),
        "providers": _public_names(offer.providers.all()) + list(offer.provider_names),
        "perimeter": [row.display_name for row in perimeters] or None,
        "targeted_audiences": _names(offer.members("audiences")),
        "mobilization_steps": _names(offer.members("stages")),
        "cooperation_models": _names(offer.members("cooperation_models")),
        "economic_models": _names(offer.members("economic_models")),
        "carriers": _names(offer.members("carriers")),
        "life_functions": _names(offer.members("life_functions")),
        "legal_entity_required": offer.legal_entity_required,
        "funds_animation": offer.funds_animation,
        "ecological_transition": offer.ecological_transition,
        "creates_legal_form": offer.get_creates_legal_form_display() or None,
        "eligibility": offer.eligibility_note,
        "amount_min": _number(offer.amount_min),
        "amount_max": _number(offer.amount_max),
        "subvention_rate_lower_bound": _number(offer.rate_min),
        "subvention_rate_upper_bound": _number(offer.rate_max),
        "duration_months": offer.duration_months,
        "recurrence": offer.get_recurrence_display() if offer.recurrence else None,
        "is_call_for_project": offer.is_call_for_projects,
        "start_date": offer.opens_on.isoformat() if offer.opens_on else None,
        "submission_deadline": offer.deadline.isoformat() if offer.deadline else None,
        "contact": offer.contact,
        "origin_url": offer.url or offer.source_url,
        "source": offer.source_name or str(offer.get_source_display()),
        "source_licence": offer.licence,
    }


def offers_json(offers, stamp: Stamp) -> Iterator[str]:
    """The JSON document, streamed offer by offer."""
    head = json.dumps(stamp.as_dict(), ensure_ascii=False)[:-1]
    yield head + ', "offers": ['
    for position, offer in enumerate(offers.iterator(chunk_size=500)):
        yield ("," if position else "") + json.dumps(record(offer), ensure_ascii=False)
    yield "]}\n"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return " ; ".join(value)
    return csv_cell(str(value))


def offers_csv(offers, stamp: Stamp) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*FIELDS, "licence", "date_des_donnees"])
    tail = [stamp.licence, stamp.data_date.isoformat()]
    for offer in offers.iterator(chunk_size=500):
        data = record(offer)
        writer.writerow([_cell(data[field]) for field in FIELDS] + tail)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


WRITERS = {"json": offers_json, "csv": offers_csv}
CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}
