"""What the matching rule (criteria.py) reads — the facts of an offer and the profile of a
cooperation, read from the database by matching.py — and the values its reasons show (taxonomy
labels, perimeter names, days), kept as keys and rendered in the reader's language when shown."""

import datetime
from dataclasses import dataclass, field

from django.utils import formats

from terreau.offers.taxonomies import (
    AUDIENCES_OF_LEGAL_FORM,
    LEGAL_FORMS_WITHOUT_ENTITY,
    OfferKind,
)


@dataclass(frozen=True)
class OfferFacts:
    """What matching reads of an offer. Sets are None when the offer does not say."""

    @property
    def supports(self) -> bool:
        return self.kind == OfferKind.SUPPORT or self.both_kinds

    @property
    def finances(self) -> bool:
        return self.kind == OfferKind.FINANCING or self.both_kinds

    id: int
    slug: str
    name: str
    kind: str
    types: frozenset
    # It supports and finances, whatever its main `kind`.
    both_kinds: bool
    audiences: frozenset | None
    stages: frozenset | None
    cooperation_models: frozenset | None
    economic_models: frozenset | None
    carriers: frozenset | None
    life_functions: frozenset | None
    legal_entity_required: bool | None
    funds_animation: bool | None
    # The legal form it helps create ("" when none).
    creates_legal_form: str
    status: str
    opens_on: datetime.date | None
    deadline: datetime.date | None
    # (ref, name) of each perimeter row; empty when unknown.
    perimeters: tuple = ()


@dataclass
class CooperationProfile:
    """What matching reads of a cooperation."""

    id: int
    slug: str
    name: str
    cooperation_type: str
    # The models it refers to (one or several for a modelled cooperation).
    models: frozenset
    economic_model: str
    carrier: str
    stage: str
    legal_form: str
    issues: frozenset
    block_functions: frozenset
    # (name, kind) of its active members holding the lead role (porteur), sorted.
    leads: tuple
    commune_ids: frozenset
    # Each territory reference holding some of its communes → those communes' ids.
    containers: dict = field(default_factory=dict)

    @property
    def audiences(self) -> frozenset:
        return frozenset(AUDIENCES_OF_LEGAL_FORM.get(self.legal_form, ()))

    @property
    def has_legal_entity(self) -> bool:
        return bool(self.legal_form) and self.legal_form not in LEGAL_FORMS_WITHOUT_ENTITY


@dataclass(frozen=True)
class Labels:
    """Taxonomy keys shown as their labels in the active language, in taxonomy order."""

    taxonomy: type
    keys: frozenset
    lower: bool = False

    def __str__(self) -> str:
        text = ", ".join(str(m.label) for m in self.taxonomy if m.value in self.keys)
        return text.lower() if self.lower else text


@dataclass(frozen=True)
class Names:
    """The names of an offer's perimeter rows, joined when shown."""

    perimeters: tuple

    def __str__(self) -> str:
        return ", ".join(name for _ref, name in self.perimeters)


@dataclass(frozen=True)
class Day:
    day: datetime.date

    def __str__(self) -> str:
        return formats.date_format(self.day, "SHORT_DATE_FORMAT")


def labels(taxonomy, keys, lower: bool = False) -> Labels:
    return Labels(taxonomy, frozenset(keys), lower)
