"""The network of a cooperation and of a territory, read from the database with the user's rights
and the filters."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from terreau.cooperations.services import cooperation_publish
from terreau.network.graph import NetworkFilters
from terreau.network.metrics import network_metrics
from terreau.network.queries import accessible_cooperation, cooperation_network, territory_network
from terreau.territories.refs import resolve
from tests.cooperations.factories import make_actor, make_member
from tests.network.factories import TERRITORY, actor_system, make_relation

pytestmark = pytest.mark.django_db


def names(network) -> set[str]:
    return {actor.name for actor in network.actors}


def relation_ids(network) -> set[int]:
    return set(network.relations.ids)


def test_the_operator_sees_every_relation_touching_the_territory_and_isolated_members(alice):
    system = actor_system(alice)
    network = territory_network(resolve(TERRITORY), user=None)
    assert names(network) == {
        "Mairie d'Audruicq",
        "Épicerie solidaire",
        "Maraîcher bio",
        "Jardin partagé",
        "La Butinerie",  # in Pantin, linked to an actor of the territory
    }
    assert relation_ids(network) == {
        system.public_funding.pk,
        system.alice_pooling.pk,
        system.cooperation_production.pk,
    }
    metrics = network_metrics(network)
    assert [actor["name"] for actor in metrics["isolated"]] == ["Jardin partagé"]
    assert metrics["scope"] == {
        "type": "territory",
        "ref": TERRITORY,
        "name": "CC de la Région d'Audruicq",
    }


def test_a_stranger_sees_no_private_relation_in_a_territory_network(alice, charlie):
    system = actor_system(alice)
    network = territory_network(resolve(TERRITORY), user=charlie)
    assert relation_ids(network) == {system.public_funding.pk}
    # The members of alice's private cooperation are not shown to him either.
    assert names(network) == {"Mairie d'Audruicq", "Épicerie solidaire"}

    mine = territory_network(resolve(TERRITORY), user=alice)
    assert len(mine.relations) == 3 and "Jardin partagé" in names(mine)


def test_public_members_of_a_published_cooperation_appear_for_everyone(alice, charlie):
    system = actor_system(alice)
    jardin = system.cooperation.members.get(actor=system.jardin)
    make_member(system.cooperation, make_actor("Membre discret", commune=system.mairie.commune))
    cooperation_publish(cooperation=system.cooperation, public=True, public_members=[jardin])
    network = territory_network(resolve(TERRITORY), user=charlie)
    assert "Jardin partagé" in names(network)
    assert "Membre discret" not in names(network)
    # Publishing shows members, not the relations recorded in the cooperation.
    assert relation_ids(network) == {system.public_funding.pk}


def test_a_relation_with_an_actor_the_user_may_not_see_is_left_out(alice, charlie):
    system = actor_system(alice)
    secret = make_actor(
        "Collectif discret",
        kind="informal_group",
        commune=system.mairie.commune,
        is_public=False,
        created_by=alice,
    )
    relation = make_relation(system.mairie, secret, "informal_exchange", is_public=True)
    assert relation.pk not in relation_ids(territory_network(resolve(TERRITORY), user=charlie))
    assert relation.pk in relation_ids(territory_network(resolve(TERRITORY), user=alice))


def test_kind_and_period_filters(alice):
    system = actor_system(alice)
    territory = resolve(TERRITORY)
    funding = territory_network(
        territory, user=alice, filters=NetworkFilters(kinds=("funding", "pooling"))
    )
    assert relation_ids(funding) == {system.public_funding.pk, system.alice_pooling.pk}

    system.public_funding.ended_on = date(2020, 12, 31)
    system.public_funding.save()
    in_2021 = territory_network(
        territory,
        user=alice,
        filters=NetworkFilters(start=date(2021, 1, 1), end=date(2021, 12, 31)),
    )
    # The funding ended in 2020 and the co-production starts in 2022.
    assert relation_ids(in_2021) == {system.alice_pooling.pk}
    until_2021 = territory_network(
        territory, user=alice, filters=NetworkFilters(end=date(2021, 1, 1))
    )
    assert relation_ids(until_2021) == {system.public_funding.pk}


def test_a_cooperation_network_has_its_members_its_relations_and_those_between_members(
    alice, charlie
):
    system = actor_system(alice)
    cooperation = system.cooperation
    network = cooperation_network(cooperation, user=alice)
    assert names(network) == {
        "Mairie d'Audruicq",
        "Épicerie solidaire",
        "Jardin partagé",
        # the two ends of the co-production recorded in the cooperation
        "Maraîcher bio",
        "La Butinerie",
    }
    # The public funding links two members (recorded outside); alice's pooling links a member
    # to a non-member, so it is not part of the cooperation's network.
    assert relation_ids(network) == {system.public_funding.pk, system.cooperation_production.pk}

    charlie_private = make_relation(system.epicerie, system.mairie, "informal_exchange", by=charlie)
    assert charlie_private.pk not in relation_ids(cooperation_network(cooperation, user=alice))
    assert charlie_private.pk in relation_ids(cooperation_network(cooperation, user=None))


def test_members_count_while_they_belong_to_the_cooperation(alice):
    system = actor_system(alice)
    former = make_actor("Ancien partenaire", commune=system.mairie.commune)
    make_member(system.cooperation, former, joined_on=date(2018, 1, 1), left_on=date(2019, 6, 1))
    assert "Ancien partenaire" in names(cooperation_network(system.cooperation, user=alice))
    since_2020 = cooperation_network(
        system.cooperation, user=alice, filters=NetworkFilters(start=date(2020, 1, 1))
    )
    assert "Ancien partenaire" not in names(since_2020)


def test_only_users_with_access_to_the_whole_record_get_a_cooperation_network(alice, charlie, ada):
    system = actor_system(alice)
    slug = system.cooperation.slug
    assert accessible_cooperation(slug, user=alice) == system.cooperation
    assert accessible_cooperation(slug, user=ada) == system.cooperation
    assert accessible_cooperation(slug, user=charlie) is None
    cooperation_publish(cooperation=system.cooperation, public=True)
    # A published cooperation shows its public part; its relations are not public.
    assert accessible_cooperation(slug, user=charlie) is None


def test_reading_a_network_takes_the_same_few_queries_whatever_its_size(alice):
    system = actor_system(alice)
    territory = resolve(TERRITORY)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            territory_network(territory, user=alice)
        return len(captured.captured_queries)

    before = queries()
    for n in range(30):
        other = make_actor(f"Association {n}", commune=system.mairie.commune)
        make_relation(system.epicerie, other, "pooling", is_public=True)
    assert queries() == before <= 5
