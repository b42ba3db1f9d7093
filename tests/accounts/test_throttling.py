"""Login throttling (django-axes): ten failures for one username, or from one address, lock the
login for the cool-off; the person gets a French page saying so, never an error page."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.utils import timezone

from tests.accounts.pages import without_csrf
from tests.personas import PASSWORD

LOGIN = "/comptes/connexion/"


def attempt(username, password="pas-le-bon", address="192.0.2.1", **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        LOGIN, {"username": username, "password": password}
    )


def logs_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_ten_failures_lock_the_account_even_from_other_addresses(alice):
    for n in range(9):
        assert attempt("alice", address=f"192.0.2.{n}").status_code == 200
    tenth = attempt("alice", address="192.0.2.9")
    assert tenth.status_code == 429
    assert "Connexion temporairement bloquée" in tenth.text
    assert "réessayez dans 15 minutes au plus" in tenth.text
    assert 'href="/comptes/mot-de-passe/oublie/"' in tenth.text
    # The right password from a fresh address is refused too, with the same page.
    locked = attempt("alice", PASSWORD, address="198.51.100.7")
    assert locked.status_code == 429 and not logs_in(locked)


def test_ten_failures_from_one_address_lock_it_for_every_account(alice, charlie):
    for n in range(10):
        attempt(f"someone{n}")
    assert attempt("charlie", PASSWORD).status_code == 429
    # Alice, elsewhere, is not concerned.
    assert logs_in(attempt("alice", PASSWORD, address="198.51.100.7"))


def test_the_lock_says_nothing_of_whether_the_account_exists(alice):
    for _ in range(10):
        known = attempt("alice", address="192.0.2.1")
        unknown = attempt("nobody", address="192.0.2.2")
    assert known.status_code == unknown.status_code == 429
    assert without_csrf(known.text) == without_csrf(unknown.text)


def test_nine_failures_do_not_lock(alice):
    for _ in range(9):
        attempt("alice")
    assert logs_in(attempt("alice", PASSWORD))


def age_attempts(minutes: int) -> None:
    """As if the failures had happened `minutes` ago."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_the_lock_lifts_after_the_cool_off(alice):
    for _ in range(10):
        attempt("alice")
    age_attempts(14)
    assert attempt("alice", PASSWORD).status_code == 429
    age_attempts(16)
    assert logs_in(attempt("alice", PASSWORD))


@override_settings(AXES_COOLOFF_TIME=timedelta(minutes=2), AXES_FAILURE_LIMIT=3)
def test_the_limit_and_the_cool_off_are_settings(alice):
    for _ in range(2):
        attempt("alice")
    assert attempt("alice").status_code == 429
    assert "réessayez dans 2 minutes au plus" in attempt("alice", PASSWORD).text
    age_attempts(3)
    assert logs_in(attempt("alice", PASSWORD))


def test_the_admin_login_is_throttled_too(ada):
    for _ in range(10):
        Client().post("/admin/login/", {"username": "ada", "password": "non"})
    response = Client().post(
        "/admin/login/?next=/admin/", {"username": "ada", "password": PASSWORD}
    )
    assert response.status_code == 429 and "Connexion temporairement bloquée" in response.text


def test_forwarded_addresses_are_ignored_without_a_trusted_proxy(alice):
    # An attacker writing a new X-Forwarded-For for every attempt is still one address.
    for n in range(10):
        attempt(f"someone{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert attempt("alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


@override_settings(TERREAU_TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_address_it_saw_counts(alice):
    # Every request comes from the proxy (127.0.0.1); it appends the client's address.
    for n in range(10):
        attempt(f"someone{n}", address="127.0.0.1", HTTP_X_FORWARDED_FOR="forged, 203.0.113.5")
    assert attempt("x", address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    other_client = attempt(
        "alice", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert logs_in(other_client)


def test_force_login_in_tests_is_not_throttled(alice_client):
    # Test clients log in with force_login, which asks no authentication backend.
    assert "Se déconnecter (alice)" in alice_client.get("/").text


def test_the_lockout_page_is_translated(alice):
    for _ in range(10):
        attempt("alice")
    client = Client(REMOTE_ADDR="192.0.2.1")
    client.cookies["django_language"] = "en"
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "Login temporarily blocked" in response.text
