from django.test import Client

from tests.personas import PASSWORD


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
