"""Following a cooperation's new matching offers: notified once in Terreau by a queued task (run
at commit here, the immediate backend), and by e-mail in the daily digest."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from terreau.cli import main
from terreau.offers.models import Notification, Offer
from terreau.offers.subscriptions import (
    digest_send,
    notify_new_offers,
    offers_published,
    subscription_set,
)
from tests.cooperations.factories import make_cooperation
from tests.offers.matching_factories import make_offer
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecopole(alice):
    cooperation = make_cooperation(alice, name="Écopôle")
    subscription_set(cooperation=cooperation, user=alice, follow=True)
    return cooperation


def test_a_new_matching_offer_is_notified_once_and_emailed_in_the_digest(ecopole, alice, capsys):
    fund = make_offer("Fonds d'impulsion", perimeter=["region:32"])
    elsewhere = make_offer("Fonds jurassien", perimeter=["departement:39"])
    created = notify_new_offers([fund, elsewhere])
    assert [(n.user, n.cooperation, n.offer) for n in created] == [(alice, ecopole, fund)]
    assert mail.outbox == []  # e-mails wait for the daily digest
    assert main(["offers", "digest"]) == 0
    assert capsys.readouterr().out == "1 digest e-mails sent\n"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "Fonds d'impulsion pour Écopôle" in mail.outbox[0].body
    assert "/cooperations/ecopole/offres/" in mail.outbox[0].body
    assert Notification.objects.get().emailed_at is not None

    assert notify_new_offers([fund]) == []
    assert main(["offers", "digest"]) == 0
    assert len(mail.outbox) == 1  # nothing new: no second e-mail


def test_the_digest_groups_a_day_of_offers_and_skips_cooperations_no_longer_readable(
    ecopole, alice, charlie
):
    other = make_cooperation(charlie, name="Garage solidaire")
    subscription_set(cooperation=other, user=charlie, follow=True)
    notify_new_offers([make_offer("Fonds national"), make_offer("Prêt d'honneur")])
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "alice",
        "alice",
        "charlie",
        "charlie",
    ]
    # Charlie lost access to the Garage before the digest: nothing about it is e-mailed.
    other.accesses.filter(user=charlie).delete()
    assert digest_send() == 1
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Terreau : 2 nouvelles offres correspondent à vos coopérations"
    assert "Garage" not in message.body


def test_publishing_queues_the_notification_after_commit(
    ecopole, alice, django_capture_on_commit_callbacks
):
    fund = make_offer("Fonds d'impulsion")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        offers_published([fund])
    assert not Notification.objects.exists()  # nothing in the request itself
    for callback in callbacks:
        callback()  # the commit: the task is queued, and run at once by the immediate backend
    assert [(n.user, n.offer) for n in Notification.objects.all()] == [(alice, fund)]


def test_followers_without_access_are_not_notified(ecopole, charlie):
    subscription_set(cooperation=ecopole, user=charlie, follow=True)
    notify_new_offers([make_offer("Fonds national")])
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["alice"]


def test_drafts_and_closed_offers_are_not_notified(ecopole):
    draft = make_offer("Brouillon", status="draft")
    assert notify_new_offers([draft]) == []


def test_the_user_sees_a_badge_and_the_list(ecopole, alice):
    notify_new_offers([make_offer("Fonds national")])
    client = client_for(alice)
    home = client.get("/").content.decode()
    assert "1 nouvelle" in home
    page = client.get("/notifications/").content.decode()
    assert "Fonds national" in page
    client.post("/notifications/")
    assert "1 nouvelle" not in client.get("/").content.decode()


def test_importing_published_offers_notifies_followers(
    ecopole, tmp_path, django_capture_on_commit_callbacks
):
    document = tmp_path / "offres.json"
    offer = {
        "id": "fonds-1",
        "name": "Fonds importé",
        "kind": "financing",
        "perimeter": ["france"],
        "status": "published",
    }
    document.write_text(json.dumps({"offers": [offer]}))
    for _time in range(2):  # the same file again publishes nothing new
        with django_capture_on_commit_callbacks(execute=True):
            assert main(["offers", "import", str(document), "--format", "json"]) == 0
        names = list(Notification.objects.values_list("offer__name", flat=True))
        assert names == ["Fonds importé"]


def test_publishing_an_offer_in_the_form_notifies_followers(
    ecopole, alice, django_capture_on_commit_callbacks
):
    provider = UserFactory(username="cluster-pas-de-calais")
    provider.user_permissions.add(Permission.objects.get(codename="add_offer"))
    client = client_for(provider)
    fields = {
        "name": "Fonds d'émergence",
        "kind": "financing",
        "types_list": ["seed_fund"],
        "perimeter": ["departement:62"],
        "legal_entity_required": "false",
        "funds_animation": "",
        "amount_max": "",
    }
    response = client.post("/offres/nouvelle/", {**fields, "status": "draft"})
    assert response.status_code == 302, response.context["form"].errors
    assert not Notification.objects.exists()  # a draft is nobody's news
    offer = Offer.objects.get(name="Fonds d'émergence")
    form = client.get(offer.get_absolute_url() + "modifier/").context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update(fields, national="", status="published")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer.get_absolute_url() + "modifier/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert [(n.user, n.offer) for n in Notification.objects.all()] == [(alice, offer)]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(offer.get_absolute_url() + "modifier/", data)  # saved again, published
    assert Notification.objects.count() == 1
