"""People of the permission tests: alice owns things, charlie is a stranger to them, ada administers
the platform. Tests then read like sentences: charlie gets nothing of alice's private territory."""

import factory
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

PASSWORD = "un-mot-de-passe-solide-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    class Params:
        administrator = factory.Trait(is_staff=True, is_superuser=True)


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def charlie(db):
    return UserFactory(username="charlie")


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", administrator=True)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return client_for(alice)


@pytest.fixture
def charlie_client(charlie):
    return client_for(charlie)


@pytest.fixture
def ada_client(ada):
    return client_for(ada)


def bearer_client(user) -> Client:
    """A client of the API with a new token of `user`, as a script would call it."""
    from terreau.api.models import ApiToken

    _token, secret = ApiToken.issue(user=user)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def onboarded(user):
    """`user` past the first-visit onboarding, so that logging in lands on Mon espace."""
    from django.utils import timezone

    from terreau.accounts.services import profile_of

    profile = profile_of(user)
    profile.onboarded_at = timezone.now()
    profile.save()
    return user
