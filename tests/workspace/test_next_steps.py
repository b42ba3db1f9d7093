"""Each rule of workspace/next_steps.py: the step appears when its data is missing or waiting,
goes once it is done, and steps that change the record are for those who may change it."""

from datetime import date

import pytest
from django.utils import timezone

from terreau.cooperations.models import AccessRole
from terreau.cooperations.services import access_grant
from terreau.diagnosis.models import Need
from terreau.maturity.services import accounts_invite, round_close
from terreau.offers.models import Notification
from terreau.territories.models import Commune
from terreau.workspace.next_steps import next_steps
from tests.cooperations.factories import make_actor, make_cooperation
from tests.economy.factories import make_contribution, make_effect
from tests.maturity.factories import make_round
from tests.offers.factories import make_offer

ADMIN = AccessRole.ADMINISTRATOR


def keys(cooperation, user, role=ADMIN):
    return [step.key for step in next_steps(cooperation, user, role)]


@pytest.fixture
def cooperation(alice):
    return make_cooperation(alice)


def a_commune_of(cooperation):
    return Commune.objects.filter(epci__code=cooperation.territory_ref.split(":")[1]).first()


def test_a_new_cooperation_asks_for_the_deja_la_and_the_needs(cooperation, alice):
    assert keys(cooperation, alice) == ["deja_la", "needs"]
    steps = next_steps(cooperation, alice, ADMIN)
    assert steps[0].url == "/acteurs/import/"
    assert steps[1].url == f"/territoires/{cooperation.territory_ref}/diagnostic/#needs-title"


def test_deja_la_step_goes_once_an_actor_is_on_the_territory(cooperation, alice):
    make_actor("Épicerie solidaire", commune=a_commune_of(cooperation))
    assert "deja_la" not in keys(cooperation, alice)


def test_an_actor_elsewhere_does_not_count(cooperation, alice):
    make_actor("Ailleurs", commune=Commune.objects.get(code="75056"))
    assert "deja_la" in keys(cooperation, alice)


def test_needs_step_goes_once_a_need_is_recorded(cooperation, alice):
    Need.objects.create(
        territory_ref=cooperation.territory_ref,
        author=alice,
        title="Pas d'épicerie",
        channel="workshop",
        voiced_on=date(2026, 1, 5),
        priority="high",
    )
    assert "needs" not in keys(cooperation, alice)


def test_charlies_private_need_does_not_count_for_alice(cooperation, alice, charlie):
    Need.objects.create(
        territory_ref=cooperation.territory_ref,
        author=charlie,
        title="Privé",
        channel="workshop",
        voiced_on=date(2026, 1, 5),
        priority="high",
    )
    assert "needs" in keys(cooperation, alice)


def test_readers_are_not_asked_to_change_the_record(cooperation, alice, charlie):
    make_effect(cooperation)
    assert keys(cooperation, charlie, AccessRole.READER) == []


def test_an_open_round_is_to_follow_then_to_close_when_everyone_answered(
    cooperation, alice, charlie
):
    access_grant(cooperation=cooperation, user=charlie, role="reader")
    maturity_round = make_round(cooperation, alice)
    [respondent] = accounts_invite(maturity_round=maturity_round, users=[charlie])
    steps = next_steps(cooperation, alice, ADMIN)
    assert [s.key for s in steps if s.key.startswith("maturity")] == ["maturity_open"]
    assert "(réponses : 0 sur 1)" in steps[-1].text
    assert [s.key for s in next_steps(cooperation, charlie, AccessRole.READER)] == [
        "maturity_answer"
    ]
    respondent.answered_at = timezone.now()
    respondent.save()
    assert "maturity_close" in keys(cooperation, alice)
    assert keys(cooperation, charlie, AccessRole.READER) == []
    round_close(maturity_round=maturity_round)
    assert not [k for k in keys(cooperation, alice) if k.startswith("maturity")]


def test_unread_matching_offers_are_a_step_until_read(cooperation, alice):
    offer = make_offer("Appui à l'émergence")
    notification = Notification.objects.create(
        user=alice, cooperation=cooperation, offer=offer, score=80
    )
    [step] = [s for s in next_steps(cooperation, alice, ADMIN) if s.key == "offers"]
    assert step.text == "1 nouvelle offre correspond à la coopération."
    assert step.url == f"/cooperations/{cooperation.slug}/offres/"
    notification.read_at = timezone.now()
    notification.save()
    assert "offers" not in keys(cooperation, alice)


def test_a_useful_effect_without_contributor_is_a_step(cooperation, alice):
    effect = make_effect(cooperation, "Prévention santé")
    [step] = [s for s in next_steps(cooperation, alice, ADMIN) if s.key == "effect"]
    assert "Prévention santé" in step.text
    assert step.url == f"/cooperations/{cooperation.slug}/economie/effets/{effect.pk}/"
    beneficiary = make_actor("Mutuelle")
    make_contribution(effect, beneficiary)
    assert "effect" not in keys(cooperation, alice)
