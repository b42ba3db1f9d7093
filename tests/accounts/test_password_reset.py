"""Password reset by e-mail: the link in the mail sets a new password; an unknown address gets
the same answer as a known one, and no mail."""

import re

from django.test import Client

from tests.accounts.pages import without_csrf
from tests.personas import PASSWORD

RESET = "/comptes/mot-de-passe/oublie/"
NEW_PASSWORD = "un-autre-mot-de-passe-77"


def test_the_login_page_links_to_the_reset():
    assert f'href="{RESET}"' in Client().get("/comptes/connexion/").text
    assert "Mot de passe oublié ?" in Client().get("/comptes/connexion/").text


def test_the_mailed_link_sets_a_new_password(alice, mailoutbox, settings):
    settings.TERREAU_SITE_URL = "https://terreau.example.org"
    response = Client().post(RESET, {"email": "alice@example.org"})
    assert response.status_code == 302
    assert "Vérifiez votre messagerie" in Client().get(response.url).text
    [mail] = mailoutbox
    assert mail.to == ["alice@example.org"]
    assert mail.subject == "Terreau : choisir un nouveau mot de passe"
    assert "« alice »" in mail.body
    link = re.search(r"https://terreau\.example\.org(/comptes/mot-de-passe/nouveau/\S+)", mail.body)
    client = Client()
    form = client.get(link[1], follow=True)
    assert "Nouveau mot de passe" in form.text and "new_password1" in form.text
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Votre nouveau mot de passe est enregistré." in done.text
    login = "/comptes/connexion/"
    assert Client().post(login, {"username": "alice", "password": PASSWORD}).status_code == 200
    assert Client().post(login, {"username": "alice", "password": NEW_PASSWORD}).status_code == 302
    # The link served once.
    assert "Ce lien n’est plus valable" in Client().get(link[1], follow=True).text


def test_an_unknown_address_gets_the_same_answer(alice, mailoutbox):
    known = Client().post(RESET, {"email": "alice@example.org"}, follow=True)
    unknown = Client().post(RESET, {"email": "personne@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert without_csrf(known.text) == without_csrf(unknown.text)
    assert [m.to for m in mailoutbox] == [["alice@example.org"]]
