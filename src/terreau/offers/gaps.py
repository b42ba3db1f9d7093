"""The offers of a territory and what is missing there (docs/offers-matching.md, "Map and gaps").

An offer is *available* on a territory when it is open and its perimeter covers all of the
territory's communes (national, or any union of its perimeter rows); one that covers only some of
them is listed apart as *local* and is not counted in the matrix and the gaps: a subsidy of one
commune does not fill a gap of its département. An offer that does not state a stage, a model or a
carrier counts for every one (it does not restrict), as in matching.
"""

import io
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.actors.models import Actor
from terreau.cooperations.models import Cooperation
from terreau.core.spreadsheets import CsvWriter
from terreau.core.taxonomies import ActorKind, Carrier, CooperationModel, Stage
from terreau.diagnosis.models import Need
from terreau.diagnosis.needs import needs_for
from terreau.offers.criteria import ALL_MODELS
from terreau.offers.facts import OfferFacts
from terreau.offers.matching import (
    containers_of,
    matches_for_many,
    offer_facts,
    open_offer_index,
    perimeter_condition,
)
from terreau.offers.models import NATIONAL, Offer, OfferPerimeter
from terreau.offers.taxonomies import TYPES_OF_KIND, OfferKind

# The column of cooperations without a model (non modelled, systemic).
NO_MODEL = "none"
MODEL_COLUMNS = [*(model.value for model in CooperationModel), NO_MODEL]
KINDS = (OfferKind.SUPPORT.value, OfferKind.FINANCING.value)


@dataclass
class TerritoryOffers:
    territory: object
    day: object
    available: list[OfferFacts]  # cover the whole territory
    local: list[OfferFacts]  # cover part of it
    unlocated: list[OfferFacts] = field(default_factory=list)  # perimeter unknown

    def of_kind(self, kind: str) -> list[OfferFacts]:
        """The available offers of that kind (an offer that supports and finances is of both)."""
        return [offer for offer in self.available if kind in kinds_of(offer)]


def kinds_of(offer: OfferFacts) -> tuple[str, ...]:
    """The kinds an offer counts for: its kind, or both when it supports and finances."""
    return tuple(KINDS) if offer.both_kinds else (offer.kind,)


def territory_offers(territory, *, day=None) -> TerritoryOffers:
    """The open offers of a territory: those covering it whole, those covering part of it, and
    those whose perimeter is unknown. Three queries plus the territory's communes."""
    day = day or timezone.localdate()
    commune_ids = set(territory.communes().values_list("pk", flat=True))
    containers = containers_of(commune_ids)
    located = OfferPerimeter.objects.filter(perimeter_condition(containers))
    anywhere = OfferPerimeter.objects.filter(offer=OuterRef("pk"))
    candidates = Offer.objects.open_on(day).filter(
        Q(pk__in=located.values("offer_id")) | ~Exists(anywhere)
    )
    result = TerritoryOffers(territory, day, available=[], local=[])
    for offer in offer_facts(candidates):
        refs = [ref for ref, _name in offer.perimeters]
        if not refs:
            result.unlocated.append(offer)
            continue
        if NATIONAL in refs:
            result.available.append(offer)
            continue
        covered = set()
        for ref in refs:
            covered |= containers.get(ref, set())
        (result.available if covered >= commune_ids else result.local).append(offer)
    return result


def _fits(keys, value) -> bool:
    return keys is None or value in keys


def _fits_model(models, model: str) -> bool:
    if models is None or models >= ALL_MODELS:
        return True
    return model != NO_MODEL and model in models


def _signatures(offers: TerritoryOffers) -> Counter:
    """The available offers grouped by what the matrix and the gaps read of them: a territory
    may have thousands of offers but few distinct eligibility sets."""
    return Counter(
        (kind, o.stages, o.cooperation_models, o.carriers)
        for o in offers.available
        for kind in kinds_of(o)
    )


def coverage_matrix(offers: TerritoryOffers) -> list[dict]:
    """Stage × cooperation model: how many support and financing offers fit each cell."""
    signatures = _signatures(offers)
    rows = []
    for stage in Stage:
        cells = []
        for model in MODEL_COLUMNS:
            counts = {kind: 0 for kind in KINDS}
            for (kind, stages, models, _carriers), count in signatures.items():
                if _fits(stages, stage.value) and _fits_model(models, model):
                    counts[kind] += count
            cells.append({"cooperation_model": model, **counts})
        rows.append({"stage": stage.value, "cells": cells})
    return rows


def by_type(offers: TerritoryOffers) -> dict:
    """Kind → type → number of available offers of that type (an offer may have several)."""
    counts = {}
    for kind in KINDS:
        types = TYPES_OF_KIND[OfferKind(kind)]
        per_type = {member.value: 0 for member in types}
        for offer in offers.of_kind(kind):
            for key in offer.types:
                if key in per_type:
                    per_type[key] += 1
        counts[kind] = per_type
    return counts


def support_providers(offers: TerritoryOffers, *, user) -> list[dict]:
    """The support structures of the territory's support offers (available or local), for
    interconnaissance: the directory actors the user may see, then the names given by sources."""
    ids = [o.id for o in (*offers.available, *offers.local) if o.supports]
    actors = (
        Actor.objects.visible_to(user)
        .filter(offers_provided__in=ids)
        .annotate(offer_count=Count("offers_provided", filter=Q(offers_provided__in=ids)))
        .order_by("search_name", "pk")
    )
    providers = [
        {"actor": actor, "name": actor.name, "offers": actor.offer_count} for actor in actors
    ]
    named: dict[str, int] = {}
    for names in Offer.objects.filter(pk__in=ids).values_list("provider_names", flat=True):
        for name in names or []:
            named[name] = named.get(name, 0) + 1
    providers += [{"actor": None, "name": n, "offers": c} for n, c in sorted(named.items())]
    return providers


def offer_map(territory, *, user, day=None) -> dict:
    """The JSON of a territory's offer map (/api/v1/offers/map/{ref})."""
    offers = territory_offers(territory, day=day)
    return {
        "territory": {"ref": territory.ref, "name": territory.name},
        "date": offers.day.isoformat(),
        "available": {kind: len(offers.of_kind(kind)) for kind in KINDS},
        "local": len(offers.local),
        "unlocated": len(offers.unlocated),
        "by_type": by_type(offers),
        "offers": [_offer_json(o) for o in offers.available],
        "local_offers": [_offer_json(o) for o in offers.local],
        "support_providers": [
            {
                "actor": p["actor"].pk if p["actor"] else None,
                "name": p["name"],
                "offers": p["offers"],
            }
            for p in support_providers(offers, user=user)
        ],
        "matrix": coverage_matrix(offers),
    }


def _offer_json(offer: OfferFacts) -> dict:
    return {
        "slug": offer.slug,
        "name": offer.name,
        "kind": offer.kind,
        "types": sorted(offer.types),
    }


# --- Gaps --------------------------------------------------------------------------------------
def combination_gaps(offers: TerritoryOffers) -> list[dict]:
    """Stage × model × carrier combinations lacking an available support or financing offer."""
    signatures = _signatures(offers)
    gaps = []
    for stage in Stage:
        for model in MODEL_COLUMNS:
            for carrier in Carrier:
                counts = {kind: 0 for kind in KINDS}
                for (kind, stages, models, carriers), count in signatures.items():
                    if (
                        _fits(stages, stage.value)
                        and _fits_model(models, model)
                        and _fits(carriers, carrier.value)
                    ):
                        counts[kind] += count
                if 0 in counts.values():
                    gaps.append(
                        {
                            "stage": stage.value,
                            "cooperation_model": model,
                            "carrier": carrier.value,
                            **counts,
                        }
                    )
    return gaps


def _route(offers: list[OfferFacts], sure, possible) -> dict:
    return {
        "fundable": any(sure(o) for o in offers),
        "offers": [o.slug for o in offers if sure(o)],
        "unknown": [o.slug for o in offers if not sure(o) and possible(o)],
    }


def territory_gaps(territory, *, user, day=None) -> dict:
    """What is missing on a territory: the JSON of `terreau offers gaps` and of its exports."""
    day = day or timezone.localdate()
    offers = territory_offers(territory, day=day)
    financing = offers.of_kind(OfferKind.FINANCING)
    informal = ActorKind.INFORMAL_GROUP.value
    needs = [need for need in needs_for(territory, user=user) if need.status != Need.Status.MET]
    themes = [o.life_functions for o in offers.available if o.life_functions]
    unmatched_needs = [
        need for need in needs if not any(t & set(need.life_functions.split()) for t in themes)
    ]
    cooperations = Cooperation.objects.visible_to(user).in_territory(territory)
    matches = matches_for_many(cooperations, day=day, index=open_offer_index(day=day))
    alone = {pk for pk, found in matches.items() if not found}
    return {
        "territory": {"ref": territory.ref, "name": territory.name},
        "date": day.isoformat(),
        "available": {kind: len(offers.of_kind(kind)) for kind in KINDS},
        "combinations": combination_gaps(offers),
        "animation": _route(
            financing, lambda o: o.funds_animation is True, lambda o: o.funds_animation is None
        ),
        "informal_collectives": _route(
            financing,
            lambda o: (
                o.legal_entity_required is False
                and o.audiences is not None
                and informal in o.audiences
            ),
            lambda o: (
                o.legal_entity_required is not True
                and (o.audiences is None or informal in o.audiences)
            ),
        ),
        "needs": [
            {
                "id": need.pk,
                "title": need.title,
                "territory": need.recorded_on.ref,
                "life_functions": need.life_functions.split(),
            }
            for need in unmatched_needs
        ],
        "cooperations": [
            {
                "slug": c.slug,
                "name": c.name,
                "stage": c.stage,
                "cooperation_models": c.models.split(),
            }
            for c in cooperations.filter(pk__in=alone).order_by("name", "pk")
        ],
    }


CSV_COLUMNS = [
    "gap",
    "stage",
    "cooperation_model",
    "carrier",
    "support_offers",
    "financing_offers",
    "detail",
]


def gaps_csv(gaps: dict) -> bytes:
    """The gaps as one CSV table (`;`, UTF-8 with BOM), one row per gap (docs/data-formats.md)."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in gaps["combinations"]:
        writer.writerow(
            [
                "combination",
                row["stage"],
                row["cooperation_model"],
                row["carrier"],
                row["support"],
                row["financing"],
                "",
            ]
        )
    for key in ("animation", "informal_collectives"):
        route = gaps[key]
        if not route["fundable"]:
            unknown = len(route["unknown"])
            detail = _("%(count)s offres de financement ne le précisent pas") % {"count": unknown}
            writer.writerow([key, "", "", "", "", 0, detail])
    for need in gaps["needs"]:
        writer.writerow(["need", "", "", "", "", "", f"{need['title']} ({need['territory']})"])
    for cooperation in gaps["cooperations"]:
        writer.writerow(
            [
                "cooperation",
                cooperation["stage"],
                " ".join(cooperation["cooperation_models"]),
                "",
                0,
                0,
                f"{cooperation['name']} ({cooperation['slug']})",
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode()
