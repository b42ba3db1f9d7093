"""A small actor system on the territory of the CC de la Région d'Audruicq, with relations of
every visibility: public, private to alice, inside alice's private cooperation, and outside the
territory."""

from dataclasses import dataclass
from datetime import date

from terreau.cooperations.models import Cooperation, Relation
from terreau.cooperations.services import relation_save
from terreau.territories.models import Commune
from tests.cooperations.factories import make_actor, make_cooperation, make_member

TERRITORY = "epci:246200844"


def make_relation(source, target, kind="pooling", *, by=None, **fields) -> Relation:
    return relation_save(
        relation=Relation(source=source, target=target, kind=kind, **fields), by=by
    )


@dataclass
class ActorSystem:
    cooperation: Cooperation
    mairie: object
    epicerie: object
    maraicher: object
    jardin: object
    pantin: object
    paris: object
    public_funding: Relation
    alice_pooling: Relation
    cooperation_production: Relation


def actor_system(alice) -> ActorSystem:
    audruicq, pantin, paris = (
        Commune.objects.get(code=code) for code in ("62057", "93055", "75056")
    )
    mairie = make_actor("Mairie d'Audruicq", kind="local_authority", commune=audruicq)
    epicerie = make_actor("Épicerie solidaire", kind="association", commune=audruicq)
    maraicher = make_actor("Maraîcher bio", kind="company", commune=audruicq)
    jardin = make_actor("Jardin partagé", kind="informal_group", commune=audruicq)
    pantin_actor = make_actor("La Butinerie", kind="cooperative", commune=pantin)
    paris_actor = make_actor("Fondation parisienne", kind="foundation", commune=paris)

    cooperation = make_cooperation(alice, name="Écopôle", territory_ref=TERRITORY)
    make_member(cooperation, mairie, roles=["local_authority"])
    make_member(cooperation, epicerie, roles=["lead"])
    make_member(cooperation, jardin, roles=["partner"])  # no relation: isolated

    public_funding = make_relation(
        mairie, epicerie, "funding", is_public=True, started_on=date(2020, 1, 1)
    )
    alice_pooling = make_relation(
        epicerie, maraicher, "pooling", by=alice, started_on=date(2021, 5, 1)
    )
    cooperation_production = make_relation(
        maraicher,
        pantin_actor,
        "co_production",
        by=alice,
        cooperation=cooperation,
        started_on=date(2022, 9, 1),
    )
    # Between two actors outside the territory: never part of its network.
    make_relation(pantin_actor, paris_actor, "funding", is_public=True)
    return ActorSystem(
        cooperation=cooperation,
        mairie=mairie,
        epicerie=epicerie,
        maraicher=maraicher,
        jardin=jardin,
        pantin=pantin_actor,
        paris=paris_actor,
        public_funding=public_funding,
        alice_pooling=alice_pooling,
        cooperation_production=cooperation_production,
    )
