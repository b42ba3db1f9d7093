"""Following a cooperation's new matching offers: notified once in Terreau, and by email."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from terreau.cli import main
from terreau.offers.models import Notification, Offer
from terreau.offers.subscriptions import notify_new_offers, subscription_set
from tests.cooperations.factories import make_cooperation
from tests.offers.matching_factories import make_offer
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecopole(alice):
    cooperation = make_cooperation(alice, name="Écopôle")
    subscription_set(cooperation=cooperation, user=alice, follow=True)
    return cooperation


def test_a_new_matching_offer_is_notified_once(ecopole, alice, django_capture_on_commit_callbacks):
    fund = make_offer("Fonds d'impulsion", perimeter=["region:32"])
    elsewhere = make_offer("Fonds jurassien", perimeter=["departement:39"])
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_new_offers([fund, elsewhere])
    assert [(n.user, n.cooperation, n.offer) for n in created] == [(alice, ecopole, fund)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "Fonds d'impulsion pour Écopôle" in mail.outbox[0].body
    assert "/cooperations/ecopole/offres/" in mail.outbox[0].body
    assert Notification.objects.get().emailed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert notify_new_offers([fund]) == []
    assert len(mail.outbox) == 1


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


def test_importing_published_offers_notifies_followers(ecopole, tmp_path):
    document = tmp_path / "offres.json"
    offer = {
        "id": "fonds-1",
        "name": "Fonds importé",
        "kind": "financing",
        "perimeter": ["france"],
        "status": "published",
    }
    document.write_text(json.dumps({"offers": [offer]}))
    assert main(["offers", "import", str(document), "--format", "json"]) == 0
    assert list(Notification.objects.values_list("offer__name", flat=True)) == ["Fonds importé"]
    # The same file again publishes nothing new.
    assert main(["offers", "import", str(document), "--format", "json"]) == 0
    assert Notification.objects.count() == 1


def test_publishing_an_offer_in_the_form_notifies_followers(ecopole, alice):
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
    response = client.post(offer.get_absolute_url() + "modifier/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert [(n.user, n.offer) for n in Notification.objects.all()] == [(alice, offer)]
    client.post(offer.get_absolute_url() + "modifier/", data)  # saved again, still published
    assert Notification.objects.count() == 1
