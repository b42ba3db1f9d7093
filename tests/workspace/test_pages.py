"""Mon espace, onboarding, the home page and the footer pages; alice and charlie never see each
other's private cooperations."""

import pytest

from terreau.accounts.models import Profile, Role
from terreau.maturity.services import (
    accounts_invite,
    answers_save,
    respondent_revoke,
    round_close,
    round_publish,
)
from terreau.offers.models import Notification
from terreau.territories.models import TerritoryFollow
from tests.cooperations.factories import make_cooperation
from tests.maturity.factories_territory import make_territory_round
from tests.offers.factories import make_offer
from tests.personas import onboarded


def test_login_lands_on_mon_espace_then_onboarding_the_first_time(client, alice):
    response = client.post(
        "/comptes/connexion/", {"username": "alice", "password": "un-mot-de-passe-solide-42"}
    )
    assert response.url == "/mon-espace/"
    assert client.get("/mon-espace/").url == "/mon-espace/bienvenue/"


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get("/mon-espace/").url.startswith("/comptes/connexion/")


def test_onboarding_follows_the_territory_keeps_the_role_and_is_shown_once(alice, alice_client):
    page = alice_client.get("/mon-espace/bienvenue/")
    assert "Collectivité locale" in page.content.decode()
    response = alice_client.post(
        "/mon-espace/bienvenue/", {"territoire": "commune:93055", "role": "local_authority"}
    )
    assert response.url == "/mon-espace/"
    assert Profile.objects.get(user=alice).role == Role.LOCAL_AUTHORITY
    assert TerritoryFollow.objects.filter(user=alice, territory_ref="commune:93055").exists()
    page = alice_client.get("/mon-espace/").content.decode()
    assert "Pantin" in page and "Collectivité locale" in page


def test_an_unknown_territory_is_an_error_on_the_field(alice, alice_client):
    response = alice_client.post("/mon-espace/bienvenue/", {"territoire": "commune:00000"})
    assert response.status_code == 200
    assert "Territoire inconnu" in response.content.decode()
    assert Profile.objects.get(user=alice).onboarded_at is None


def test_onboarding_can_be_skipped_and_is_not_shown_again(alice, alice_client):
    assert alice_client.post("/mon-espace/bienvenue/", {"skip": "1"}).url == "/mon-espace/"
    assert alice_client.get("/mon-espace/").status_code == 200
    assert not TerritoryFollow.objects.filter(user=alice).exists()


def test_mon_espace_shows_my_cooperations_with_their_next_steps(alice, alice_client):
    onboarded(alice)
    make_cooperation(alice, "Écopôle alimentaire")
    page = alice_client.get("/mon-espace/").content.decode()
    assert "Écopôle alimentaire" in page and "Émergence" in page
    assert "Aucun acteur du déjà-là" in page


def test_a_private_cooperation_of_alice_never_appears_for_charlie(alice, charlie, charlie_client):
    onboarded(charlie)
    cooperation = make_cooperation(alice, "Coopération secrète")
    # Even a notification left from a time charlie had access does not leak it.
    Notification.objects.create(
        user=charlie, cooperation=cooperation, offer=make_offer("Offre utile"), score=70
    )
    page = charlie_client.get("/mon-espace/").content.decode()
    assert "Coopération secrète" not in page
    assert "Offre utile" not in page


def test_following_a_territory_from_its_page(alice, alice_client):
    onboarded(alice)
    page = alice_client.get("/territoires/commune:93055/").content.decode()
    assert "Suivre ce territoire" in page
    alice_client.post("/mon-espace/suivre/commune:93055/")
    assert "Ne plus suivre" in alice_client.get("/territoires/commune:93055/").content.decode()
    alice_client.post("/mon-espace/suivre/commune:93055/", {"action": "unfollow"})
    assert not TerritoryFollow.objects.filter(user=alice).exists()


def test_home_speaks_to_each_visitor_and_the_data_moved(client, db):
    page = client.get("/").content.decode()
    for who in ("catalyseur", "collectivité", "financez", "accompagnez", "membre"):
        assert who in page
    assert "Données de référence chargées" not in page
    about = client.get("/a-propos-des-donnees/").content.decode()
    assert "Données de référence chargées" in about


@pytest.mark.parametrize("url", ["/", "/accessibilite/", "/mentions-legales/"])
def test_footer_and_statement_use_the_operators_settings(client, db, settings, url):
    settings.TERREAU_ADMIN_CONTACTS = ["equipe@terreau.example"]
    settings.TERREAU_OPERATOR_NAME = "Coopérative Exemple"
    page = client.get(url).content.decode()
    assert 'href="mailto:equipe@terreau.example"' in page
    assert "/mentions-legales/" in page and "/accessibilite/" in page


def test_accessibility_statement_says_partially_compliant(client, db, settings):
    settings.TERREAU_ACCESSIBILITY_CONTACT = "https://terreau.example/accessibilite"
    page = client.get("/accessibilite/").content.decode()
    assert "partiellement conforme" in page and "axe" in page
    assert 'href="https://terreau.example/accessibilite"' in page


def test_legal_notice_names_the_operator(client, db, settings):
    settings.TERREAU_OPERATOR_NAME = "Coopérative Exemple"
    settings.TERREAU_HOSTING_PROVIDER = "Hébergeur Exemple SAS"
    page = client.get("/mentions-legales/").content.decode()
    assert "Coopérative Exemple" in page and "Hébergeur Exemple SAS" in page


def test_onboarding_shows_the_published_demo_cooperation_as_example(alice, alice_client, ada):
    example = make_cooperation(ada, "La Butinerie", is_demo=True)
    assert "La Butinerie" not in alice_client.get("/mon-espace/bienvenue/").content.decode()
    example.is_public = True
    example.save()
    page = alice_client.get("/mon-espace/bienvenue/").content.decode()
    assert f'href="/cooperations/{example.slug}/"' in page


def test_mon_espace_in_english(alice, alice_client):
    onboarded(alice)
    alice_client.cookies["django_language"] = "en"
    page = alice_client.get("/mon-espace/").content.decode()
    assert "My space" in page and "My territories" in page


def test_mon_espace_shows_my_territory_rounds_never_anothers_private_one(
    alice, alice_client, charlie, charlie_client, ada, ada_client
):
    for user in (alice, charlie, ada):
        onboarded(user)
    mine = make_territory_round(alice, title="Tour d'Alice")
    (invitation,) = accounts_invite(maturity_round=mine, users=[charlie])
    make_territory_round(ada, title="Tour privé d'Ada")
    published = make_territory_round(ada, title="Tour publié d'Ada")
    round_publish(maturity_round=published, published=True)

    page = alice_client.get("/mon-espace/").content.decode()
    assert "Tour d&#x27;Alice" in page and "Vous administrez ce tour (réponses : 0 sur 1)" in page
    assert "Ada" not in page  # neither her private round nor her published one: not alice's

    page = charlie_client.get("/mon-espace/").content.decode()
    assert "Tour d&#x27;Alice" in page and f'href="{mine.answer_url()}"' in page
    assert "votre réponse est attendue avant le" in page and "Vous administrez" not in page
    assert "Ada" not in page

    page = ada_client.get("/mon-espace/").content.decode()
    assert "Tour privé d&#x27;Ada" in page and "Alice" not in page

    answers_save(respondent=invitation, answers={"catalyst": (3, "")})
    page = charlie_client.get("/mon-espace/").content.decode()
    assert "Modifier mes réponses" in page
    round_close(maturity_round=mine)
    page = charlie_client.get("/mon-espace/").content.decode()
    assert "désormais clôturé" in page and mine.answer_url() not in page
    respondent_revoke(respondent=invitation)
    page = charlie_client.get("/mon-espace/").content.decode()
    assert "Tour d&#x27;Alice" not in page
    assert "n’êtes invité·e à aucun" in page
