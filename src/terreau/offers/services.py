"""Writing offers: save with their perimeter, providers, funders and editors; archive."""

from django.db import transaction
from django.utils.translation import gettext as _

from terreau.core.text import free_slug
from terreau.offers.models import NATIONAL, Offer, OfferPerimeter
from terreau.offers.taxonomies import OfferStatus
from terreau.territories import refs
from terreau.territories.models import Level


def perimeter_rows(perimeter_refs, *, user=None) -> list[OfferPerimeter]:
    """Unsaved perimeter rows for territory references (`france` for the whole country), each
    checked against the geography; raises `refs.TerritoryRefError` on the first wrong one."""
    rows, seen = [], set()
    for ref in perimeter_refs:
        ref = ref.strip()
        if ref.lower() == NATIONAL:
            row = OfferPerimeter(level=NATIONAL, code="", name=_("France entière"))
        else:
            territory = refs.resolve(ref, user=user)
            level = territory.level.value if isinstance(territory.level, Level) else territory.level
            row = OfferPerimeter(level=level, code=territory.code, name=territory.name)
        if row.ref not in seen:
            seen.add(row.ref)
            rows.append(row)
    return rows


@transaction.atomic
def offer_save(
    *,
    offer: Offer,
    perimeters: list[OfferPerimeter] | None = None,
    providers=None,
    funders=None,
    editors=None,
    by=None,
) -> Offer:
    """Validate and save an offer; perimeters, providers, funders and editors are replaced when
    given (None leaves them as they are)."""
    if not offer.slug:
        offer.slug = free_slug(Offer.objects, offer.name, "offre")
    if offer.pk is None and by is not None and offer.created_by_id is None:
        offer.created_by = by
    offer.full_clean(exclude=["slug"])
    offer.save()
    if perimeters is not None:
        perimeter_replace(offer, perimeters)
    if providers is not None:
        offer.providers.set(providers)
    if funders is not None:
        offer.funders.set(funders)
    if editors is not None:
        offer.editors.set(editors)
    return offer


def perimeter_replace(offer: Offer, perimeters: list[OfferPerimeter]) -> bool:
    """Make the offer's perimeter rows those given; True when something changed."""
    wanted = {(row.level, row.code): row for row in perimeters}
    current = {(row.level, row.code): row for row in offer.perimeters.all()}
    gone = [row.pk for key, row in current.items() if key not in wanted]
    new = [row for key, row in wanted.items() if key not in current]
    renamed = [
        (current[key], row.name)
        for key, row in wanted.items()
        if key in current and row.name and current[key].name != row.name
    ]
    if gone:
        OfferPerimeter.objects.filter(pk__in=gone).delete()
    for row in new:
        row.offer = offer
    OfferPerimeter.objects.bulk_create(new)
    for row, name in renamed:
        row.name = name
        row.save(update_fields=["name"])
    return bool(gone or new or renamed)


def offer_archive(*, offer: Offer, by_hand: bool = False) -> Offer:
    """Archive the offer; archived by a person (`by_hand`), it stays archived whatever a later
    sync of its source says (its status is then an edited field)."""
    offer.status = OfferStatus.ARCHIVED
    fields = ["status", "updated_at"]
    if by_hand:
        offer.edited_fields = sorted({*offer.edited_fields, "status"})
        fields.append("edited_fields")
    offer.save(update_fields=fields)
    return offer
