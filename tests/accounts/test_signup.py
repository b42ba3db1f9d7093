"""Signup: open, closed or by invitation; optional confirmation of the address by e-mail; a
visitor never learns whether an address already has an account."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from terreau.accounts.models import Invitation
from tests.accounts.pages import without_csrf
from tests.personas import PASSWORD

SIGNUP = "/comptes/inscription/"


def sign_up(username="camille", email="camille@example.org", client=None, url=SIGNUP):
    client = client or Client()
    data = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(url, data)


def users() -> list[str]:
    return sorted(get_user_model().objects.values_list("username", flat=True))


def test_sign_up_logs_the_new_user_in(db):
    response = sign_up()
    assert response.status_code == 302
    assert get_user_model().objects.get(username="camille").email == "camille@example.org"
    assert "Se déconnecter (camille)" in response.client.get("/").text


def test_sign_up_says_what_is_wrong(db):
    response = Client().post(
        SIGNUP, {"username": "x", "email": "pas-une-adresse", "password1": "a", "password2": "b"}
    )
    assert "Saisissez une adresse de courriel valide." in response.text
    assert users() == []


def test_a_taken_username_is_said(alice):
    # Usernames are public: they sign notes and appear in access lists.
    response = sign_up(username="alice")
    assert "Un utilisateur avec ce nom existe déjà." in response.text


def test_a_known_address_is_not_said_and_its_owner_is_told(alice, mailoutbox):
    # Without confirmation, an address proves nothing: the account is created all the same.
    response = sign_up(email="Alice@example.org")
    assert response.status_code == 302
    assert "Se déconnecter (camille)" in response.client.get("/").text
    [mail] = mailoutbox
    assert mail.to == ["alice@example.org"]
    assert "Un compte « camille » vient d’être créé" in mail.body
    assert "« alice »" in mail.body and "/comptes/mot-de-passe/oublie/" in mail.body


def test_signup_closed(db, settings):
    settings.TERREAU_SIGNUP = "closed"
    settings.TERREAU_ADMIN_CONTACTS = ["admin@example.org"]
    page = Client().get(SIGNUP)
    assert "Les inscriptions sont fermées" in page.text and "admin@example.org" in page.text
    assert 'name="password1"' not in page.text
    assert sign_up().status_code == 200 and users() == []
    assert 'href="/comptes/inscription/"' not in Client().get("/comptes/connexion/").text


def test_signup_by_invitation(ada, settings, mailoutbox):
    settings.TERREAU_SIGNUP = "invitation"
    settings.TERREAU_SITE_URL = "https://terreau.example.org"
    assert "sur invitation" in Client().get(SIGNUP).text
    assert sign_up().status_code == 200 and users() == ["ada"]

    admin = Client()
    admin.force_login(ada)
    admin.post(
        "/admin/accounts/invitation/add/",
        {
            "email": "camille@example.org",
            "note": "",
            "expires_at_0": "31/12/2099",
            "expires_at_1": "12:00:00",
        },
    )
    invitation = Invitation.objects.get()
    assert invitation.created_by == ada
    link = invitation.signup_url()
    assert link.startswith("https://terreau.example.org/comptes/inscription/?invitation=")
    assert link in admin.get(f"/admin/accounts/invitation/{invitation.pk}/change/").text

    url = link.removeprefix("https://terreau.example.org")
    form = Client().get(url)
    assert 'value="camille@example.org"' in form.text
    assert sign_up(url=url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.used_by.username == "camille"
    # Used once.
    again = Client().get(url)
    assert "n’est plus valable" in again.text and 'name="password1"' not in again.text
    assert sign_up("dominique", "dominique@example.org", url=url).status_code == 200
    assert users() == ["ada", "camille"]


@pytest.fixture
def verify(settings):
    settings.TERREAU_SIGNUP_VERIFY_EMAIL = True
    settings.TERREAU_SITE_URL = "https://terreau.example.org"


def link_in(mail) -> str:
    return re.search(r"https://terreau\.example\.org(/comptes/activation/\S+)", mail.body)[1]


def test_with_verification_the_account_waits_for_the_link(db, verify, mailoutbox):
    response = sign_up()
    assert "Vérifiez votre messagerie" in response.text
    assert "_auth_user_id" not in response.client.session
    camille = get_user_model().objects.get(username="camille")
    assert not camille.is_active
    login = {"username": "camille", "password": PASSWORD}
    assert Client().post("/comptes/connexion/", login).status_code == 200

    [mail] = mailoutbox
    assert (
        mail.to == ["camille@example.org"] and mail.subject == "Terreau : confirmez votre adresse"
    )
    client = Client()
    page = client.get(link_in(mail))
    assert "Activer mon compte" in page.text
    camille.refresh_from_db()
    assert not camille.is_active  # following the link does nothing until the button is pressed
    assert client.post(link_in(mail)).status_code == 302
    assert "Se déconnecter (camille)" in client.get("/").text
    assert Client().post("/comptes/connexion/", login).status_code == 302
    assert "n’est plus valable" in Client().get(link_in(mail)).text


def test_a_broken_confirmation_link_is_refused(db, verify, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0])
    assert "n’est plus valable" in Client().post(link[:-3] + "xx/").text
    assert "n’est plus valable" in Client().get("/comptes/activation/zzz/abc/").text
    assert not get_user_model().objects.get(username="camille").is_active


def test_with_verification_a_known_address_gets_the_same_answer(alice, verify, mailoutbox):
    new = sign_up("camille", "camille@example.org")
    known = sign_up("dominique", "alice@example.org")
    assert without_csrf(new.text).replace("camille", "X") == without_csrf(known.text).replace(
        "alice", "X"
    )
    assert users() == ["alice", "camille"]
    to_alice = next(m for m in mailoutbox if m.to == ["alice@example.org"])
    assert "aucun compte n’a donc été créé" in to_alice.body and "« alice »" in to_alice.body


def test_an_unconfirmed_account_can_be_confirmed_by_the_address_owner(db, verify, mailoutbox):
    # Someone signed up with camille's address; when camille signs up, she gets the link.
    sign_up("squatter", "camille@example.org")
    sign_up("camille", "camille@example.org")
    assert users() == ["squatter"]
    notice = mailoutbox[-1]
    assert "« squatter » — pas encore activé" in notice.body
    Client().post(link_in(notice))
    assert get_user_model().objects.get(username="squatter").is_active
