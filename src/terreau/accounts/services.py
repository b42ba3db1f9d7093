"""Creating an account: signup modes, invitations, e-mail confirmation, and never telling a
visitor whether an address already has an account (docs/deployment.md, "Comptes")."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from terreau.accounts.models import Invitation, Profile


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens of the links that confirm a new account's address: valid until the account is
    active or has logged in once, and for PASSWORD_RESET_TIMEOUT at most."""

    key_salt = "terreau.accounts.activation"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.is_active}{user.last_login}{user.email}{timestamp}"


activation_tokens = ActivationTokenGenerator()


def signup_mode() -> str:
    return settings.TERREAU_SIGNUP


def invitation_find(token: str) -> Invitation | None:
    """The usable invitation of this token, or None (unknown, used or expired)."""
    if not token:
        return None
    return Invitation.objects.usable().filter(token=token).first()


def activation_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:activate", args=[uid, activation_tokens.make_token(user)])
    return settings.TERREAU_SITE_URL.rstrip("/") + path


def _mail(template: str, context: dict, to: str) -> None:
    subject, body = render_to_string(template, context).split("\n", 1)
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def account_sign_up(*, username: str, email: str, password: str, invitation=None):
    """Create an account; returns it when its owner may log in now, else None (its address is to
    be confirmed first, or it already has an account).

    The visitor's answer depends only on the settings, never on the address: when it already
    belongs to an account, that address is told by e-mail (with the ways to log in or set a new
    password) and, with TERREAU_SIGNUP_VERIFY_EMAIL, nothing is created. Without confirmation,
    an address proves nothing and is not an identity: the account is created all the same.
    """
    known = list(get_user_model().objects.filter(email__iexact=email).order_by("pk"))
    verify = settings.TERREAU_SIGNUP_VERIFY_EMAIL
    user = None
    if not (known and verify):
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=username, email=email, password=password, is_active=not verify
            )
            if invitation is not None:
                invitation.used_by, invitation.used_at = user, timezone.now()
                invitation.save(update_fields=["used_by", "used_at"])
    site = settings.TERREAU_SITE_URL.rstrip("/")
    if known:
        accounts = [
            {
                "username": account.get_username(),
                "activation_url": activation_url(account)
                if not account.is_active and account.last_login is None
                else "",
            }
            for account in known
        ]
        _mail(
            "accounts/emails/address_known.txt",
            {
                "accounts": accounts,
                "username": username,
                "created": user is not None,
                "login_url": site + reverse("accounts:login"),
                "reset_url": site + reverse("accounts:password_reset"),
            },
            email,
        )
    if user is not None and verify:
        _mail(
            "accounts/emails/activation.txt",
            {"username": username, "activation_url": activation_url(user)},
            email,
        )
    return user if user is not None and user.is_active else None


def account_activate(*, user) -> None:
    """The owner followed the confirmation link: the account may log in."""
    user.is_active = True
    user.save(update_fields=["is_active"])


def profile_of(user):
    """The account's profile, created empty the first time it is asked for."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def unconfirmed_accounts(*, days: int | None = None):
    """Accounts whose address was never confirmed, created more than `days` days ago
    (TERREAU_UNCONFIRMED_ACCOUNT_DAYS): inactive, never logged in, not staff. An account an
    administrator deactivated has logged in before, and is kept."""
    days = settings.TERREAU_UNCONFIRMED_ACCOUNT_DAYS if days is None else days
    return get_user_model().objects.filter(
        is_active=False,
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
        date_joined__lt=timezone.now() - timedelta(days=days),
    )


def unconfirmed_accounts_delete(*, days: int | None = None) -> list[str]:
    """Delete the accounts never confirmed for `days` days; their usernames (and addresses) are
    free again. Returns the usernames deleted."""
    accounts = unconfirmed_accounts(days=days)
    names = sorted(accounts.values_list("username", flat=True))
    accounts.delete()
    return names
