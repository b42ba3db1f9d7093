"""Accounts whose address was never confirmed are deleted after TERREAU_UNCONFIRMED_ACCOUNT_DAYS
by `terreau accounts clean-unconfirmed` (run daily); confirmed accounts, recent ones and those an
administrator deactivated stay."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from terreau.cli import main
from tests.personas import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(username: str, email: str) -> None:
    data = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    Client().post("/comptes/inscription/", data)


def users() -> list[str]:
    return sorted(get_user_model().objects.values_list("username", flat=True))


def joined_days_ago(username: str, days: int) -> None:
    joined = timezone.now() - timedelta(days=days)
    get_user_model().objects.filter(username=username).update(date_joined=joined)


def test_unconfirmed_accounts_are_deleted_after_the_delay(settings, mailoutbox, capsys):
    settings.TERREAU_SIGNUP_VERIFY_EMAIL = True
    settings.TERREAU_UNCONFIRMED_ACCOUNT_DAYS = 7
    sign_up("camille", "camille@example.org")
    sign_up("dominique", "dominique@example.org")
    sign_up("eden", "eden@example.org")
    joined_days_ago("camille", 8)
    joined_days_ago("dominique", 3)
    # Eden confirmed and logged in; later an administrator deactivated the account.
    get_user_model().objects.filter(username="eden").update(
        is_active=False, last_login=timezone.now()
    )
    joined_days_ago("eden", 30)
    UserFactory(username="alice")
    joined_days_ago("alice", 30)

    assert main(["accounts", "clean-unconfirmed", "--dry-run"]) == 0
    assert "camille\n1 unconfirmed accounts to delete" in capsys.readouterr().out
    assert users() == ["alice", "camille", "dominique", "eden"]

    assert main(["accounts", "clean-unconfirmed"]) == 0
    assert capsys.readouterr().out == "camille\n1 unconfirmed accounts deleted\n"
    assert users() == ["alice", "dominique", "eden"]
    assert main(["accounts", "clean-unconfirmed", "--days", "2"]) == 0
    assert users() == ["alice", "eden"]
    # The username is free again.
    sign_up("camille", "camille@example.org")
    assert "camille" in users()
