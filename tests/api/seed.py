"""A small instance for the API tests and the fuzzing run: one public actor, one published
cooperation with members, a relation and an economic model, an offer, a maturity round, a
followed indicator and a published catalyst profile — enough for every operation with a path
parameter to reach a real object."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from terreau.actors.models import Actor
from terreau.catalysts.models import Catalyst
from terreau.cooperations.models import Cooperation, Relation
from terreau.cooperations.services import cooperation_publish, relation_save
from terreau.evaluation.models import IndicatorValue
from terreau.evaluation.services import indicator_follow_default, indicator_value_save
from terreau.maturity.models import Round
from terreau.offers.models import Offer
from terreau.territories.models import Commune
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.economy.factories import (
    make_contribution,
    make_cost,
    make_effect,
    make_resource,
)
from tests.maturity.factories import make_round
from tests.offers.factories import make_offer

TERRITORY = "epci:246200844"
COMMUNE = "62057"


@dataclass
class SmallInstance:
    owner: object
    actor: Actor
    cooperation: Cooperation
    offer: Offer
    maturity_round: Round
    catalyst: Catalyst


def seed_small_instance(owner) -> SmallInstance:
    audruicq = Commune.objects.get(code=COMMUNE)
    actor = make_actor("Épicerie solidaire", kind="cooperative", commune=audruicq, is_public=True)
    city = make_actor("Mairie d'Audruicq", kind="local_authority", commune=audruicq)
    cooperation = make_cooperation(owner, name="Garage solidaire", territory_ref=TERRITORY)
    make_member(cooperation, actor, is_public=True)
    make_member(cooperation, city, roles=("funder",))
    relation_save(
        relation=Relation(source=city, target=actor, kind="funding", cooperation=cooperation),
        by=owner,
    )
    cooperation_publish(
        cooperation=cooperation,
        public=True,
        public_members=cooperation.members.filter(is_public=True),
    )
    make_resource(
        cooperation,
        "Convention",
        category="public_multi_year",
        source=city,
        start_date=date(2024, 7, 1),
        end_date=date(2026, 6, 30),
        funding_mode="multi_year_convention",
    )
    make_resource(cooperation, "Ventes", amount="2500.00", year=2024)
    make_cost(cooperation, amount="1800.00")
    effect = make_effect(cooperation, estimated_annual_value=Decimal("1200.00"))
    make_contribution(effect, city, status="agreed", amount=Decimal("300.00"))
    offer = make_offer("Fonds d'amorçage", perimeter=("departement:62",))
    maturity_round = make_round(cooperation, owner)
    indicator = indicator_follow_default(cooperation=cooperation, key="jobs", by=owner)
    indicator_value_save(
        value=IndicatorValue(
            indicator=indicator, measured_on=date(2025, 6, 30), value=3, source="Registre"
        ),
        by=owner,
    )
    catalyst = Catalyst.objects.create(
        name="Tiers de confiance du territoire",
        kind="structure",
        actor=actor,
        territories=[TERRITORY],
        posture="development",
        position="external",
        stage="development",
        owner=owner,
        is_public=True,
    )
    catalyst.cooperations.add(cooperation)
    return SmallInstance(owner, actor, cooperation, offer, maturity_round, catalyst)
