from django.contrib.auth import get_user_model
from django.test import Client

from tests.personas import PASSWORD


def test_sign_up_logs_the_new_user_in(db):
    client = Client()
    response = client.post(
        "/comptes/inscription/",
        {
            "username": "camille",
            "email": "camille@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="camille").email == "camille@example.org"
    assert "Se déconnecter (camille)" in client.get("/").text


def test_sign_up_says_what_is_wrong(alice):
    response = Client().post(
        "/comptes/inscription/",
        {"username": "x", "email": "alice@example.org", "password1": "a", "password2": "b"},
    )
    assert "Un compte existe déjà avec cette adresse." in response.text
    assert get_user_model().objects.count() == 1


def test_log_in_and_log_out(alice):
    client = Client()
    response = client.post("/comptes/connexion/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert "Se déconnecter (alice)" in client.get("/").text
    client.post("/comptes/deconnexion/")
    assert "Se connecter" in client.get("/").text


def test_a_wrong_password_is_refused(alice):
    response = Client().post("/comptes/connexion/", {"username": "alice", "password": "non"})
    assert response.status_code == 200 and "_auth_user_id" not in response.client.session


def test_only_administrators_manage_users(alice_client, ada_client):
    assert ada_client.get("/admin/auth/user/").status_code == 200
    assert alice_client.get("/admin/auth/user/").status_code == 302
