"""Maturity pages and API as the cooperation's administrator, its reader, an invited person
without an account and a stranger use them."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from terreau.api.models import ApiToken
from terreau.cooperations.services import access_grant, cooperation_publish
from terreau.maturity.models import Respondent, Round
from terreau.maturity.services import round_close
from tests.cooperations.factories import make_cooperation
from tests.maturity.factories import answer_by_link, make_round
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecopole(alice):
    return make_cooperation(alice, name="Écopôle alimentaire")


@pytest.fixture
def bob(ecopole):
    """A reader of the cooperation's record."""
    bob = UserFactory(username="bob", email="bob@example.org")
    access_grant(cooperation=ecopole, user=bob, role="reader")
    return bob


@pytest.fixture
def tour(ecopole, alice):
    return make_round(ecopole, alice, title="Tour 2026")


def url(maturity_round, suffix=""):
    return f"/cooperations/{maturity_round.cooperation.slug}/maturite/{maturity_round.pk}/{suffix}"


def test_an_administrator_launches_a_round_on_the_latest_grid(ecopole, alice_client):
    form = alice_client.get("/cooperations/ecopole-alimentaire/maturite/nouveau/")
    assert 'value="v1" selected' in form.content.decode()
    closes_on = timezone.localdate() + timedelta(days=20)
    response = alice_client.post(
        "/cooperations/ecopole-alimentaire/maturite/nouveau/",
        {
            "title": "Tour 2026",
            "closes_on": closes_on.isoformat(),
            "grid_version": "v1",
            "admins_see_answers": "on",
        },
    )
    maturity_round = Round.objects.get()
    assert response.url == url(maturity_round)
    assert (maturity_round.grid_version, maturity_round.closes_on) == ("v1", closes_on)
    assert maturity_round.admins_see_answers and maturity_round.grid["version"] == "v1"


def test_the_launch_form_says_what_is_wrong(ecopole, alice_client):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = alice_client.post(
        "/cooperations/ecopole-alimentaire/maturite/nouveau/",
        {"title": "", "closes_on": yesterday.isoformat(), "grid_version": "v9"},
    )
    page = response.content.decode()
    assert "La date de clôture est déjà passée." in page
    assert "Sélectionnez un choix valide. v9 n’en fait pas partie." in page
    assert not Round.objects.exists()


def test_the_cooperation_page_links_to_its_maturity(ecopole, alice_client):
    page = alice_client.get("/cooperations/ecopole-alimentaire/").content.decode()
    assert 'href="/cooperations/ecopole-alimentaire/maturite/"' in page


def test_a_reader_sees_rounds_and_results_but_cannot_run_them(ecopole, bob, tour):
    reader = client_for(bob)
    assert reader.get("/cooperations/ecopole-alimentaire/maturite/").status_code == 200
    assert reader.get(url(tour)).status_code == 200
    assert "Personnes invitées" not in reader.get(url(tour)).content.decode()
    assert reader.get("/cooperations/ecopole-alimentaire/maturite/nouveau/").status_code == 403
    for suffix in ["inviter/", "lien/", "cloturer/"]:
        assert reader.post(url(tour, suffix), {"name": "X"}).status_code == 403
    respondent = answer_by_link(tour, "Marie", {"trust": 2})
    assert reader.post(url(tour, f"invitations/{respondent.pk}/revoquer/")).status_code == 403
    tour.refresh_from_db()
    assert tour.is_open and tour.respondents.count() == 1 and not respondent.is_revoked


def test_a_stranger_gets_nothing(ecopole, tour, charlie_client):
    cooperation_publish(cooperation=ecopole, public=True)  # published: maturity stays private
    respondent = answer_by_link(tour, "Marie", {"trust": 2})
    pages = [
        "/cooperations/ecopole-alimentaire/maturite/",
        "/cooperations/ecopole-alimentaire/maturite/nouveau/",
        url(tour),
        url(tour, "repondre/"),
    ]
    for page in pages:
        assert charlie_client.get(page).status_code == 404, page
    for action in ["inviter/", "lien/", "cloturer/", f"invitations/{respondent.pk}/revoquer/"]:
        assert charlie_client.post(url(tour, action), {"name": "X"}).status_code == 404
    for endpoint in ["rounds", f"rounds/{tour.pk}/results", "trajectory"]:
        api = charlie_client.get(f"/api/v1/maturity/ecopole-alimentaire/{endpoint}")
        assert api.status_code == 404
    assert Client().get(url(tour)).status_code == 302  # anonymous: to the login page


def test_the_administrator_invites_accounts_and_they_answer(ecopole, alice, bob, tour):
    admin = client_for(alice)
    admin.post(url(tour, "inviter/"), {"users": [bob.pk]})
    assert mail.outbox[0].to == ["bob@example.org"]
    assert f"{url(tour)}repondre/" in mail.outbox[0].body
    reader = client_for(bob)
    reader.post(url(tour, "repondre/"), {"trust-level": "3", "trust-comment": "Ça avance"})
    answer = Respondent.objects.get(user=bob).answers.get()
    assert (answer.dimension, answer.level, answer.comment) == ("trust", 3, "Ça avance")
    page = reader.get(url(tour, "repondre/")).content.decode()
    assert re.search(r'value="3"[^>]*checked', page) and "Ça avance" in page
    # Alice, not invited, has no questionnaire; a stranger to the cooperation cannot be invited.
    assert admin.get(url(tour, "repondre/")).status_code == 404
    charlie = UserFactory(username="charlie")
    admin.post(url(tour, "inviter/"), {"users": [charlie.pk]})
    assert not tour.respondents.filter(user=charlie).exists()


def test_a_comment_needs_a_level_or_dont_know(ecopole, alice, tour):
    respondent = answer_by_link(tour, "Marie", {})
    response = Client().post(respondent.get_link(), {"trust-comment": "Je ne sais pas trop"})
    assert "Choisissez un niveau ou « Je ne sais pas » pour laisser un commentaire." in (
        response.content.decode()
    )
    assert not respondent.answers.exists()


def test_a_personal_link_opens_the_questionnaire_and_nothing_else(ecopole, alice, bob, tour):
    marie = answer_by_link(tour, "Marie", {"trust": (1, "Commentaire de Marie")})
    answer_by_link(tour, "Paul", {"trust": (4, "Commentaire de Paul")})
    visitor = Client()
    response = visitor.post(
        marie.get_link(),
        {"trust-level": "nsp", "trust-comment": "Commentaire de Marie", "sharing-level": "2"},
    )
    assert response.status_code == 302
    page = visitor.get(marie.get_link())
    text = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert "Commentaire de Marie" in text and "Commentaire de Paul" not in text
    assert re.search(r'value="nsp"[^>]*checked', text)
    assert dict(marie.answers.values_list("dimension", "level")) == {"trust": None, "sharing": 2}
    # The link is no session: everything else stays closed to its holder.
    for other in [url(tour), "/cooperations/ecopole-alimentaire/maturite/", url(tour, "repondre/")]:
        assert visitor.get(other).status_code == 302  # to the login page
    assert visitor.get("/cooperations/ecopole-alimentaire/").status_code == 404
    api = visitor.get(f"/api/v1/maturity/ecopole-alimentaire/rounds/{tour.pk}/results")
    assert api.status_code == 404
    assert visitor.get(marie.get_link()[:-3] + "xyz/").status_code == 404


def test_a_revoked_or_closed_link_stops_working(ecopole, alice, tour):
    marie = answer_by_link(tour, "Marie", {"trust": 2})
    paul = answer_by_link(tour, "Paul", {"trust": 3})
    client_for(alice).post(url(tour, f"invitations/{marie.pk}/revoquer/"))
    revoked = Client().get(marie.get_link())
    assert revoked.status_code == 410 and "révoquée" in revoked.content.decode()
    assert Client().post(marie.get_link(), {"trust-level": "4"}).status_code == 410
    client_for(alice).post(url(tour, "cloturer/"))
    assert Client().get(paul.get_link()).status_code == 410
    assert dict(tour.respondents.values_list("name", "answers__level")) == {"Marie": 2, "Paul": 3}


def test_a_link_expires_after_its_closing_day(ecopole, alice, tour):
    marie = answer_by_link(tour, "Marie", {"trust": 2})
    Round.objects.filter(pk=tour.pk).update(closes_on=timezone.localdate())
    assert Client().get(marie.get_link()).status_code == 200  # the whole closing day counts
    Round.objects.filter(pk=tour.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    assert Client().get(marie.get_link()).status_code == 410


def test_the_round_page_offers_copyable_links_and_mails_them(ecopole, alice_client, tour):
    alice_client.post(url(tour, "lien/"), {"name": "Marie (épicerie)", "email": "m@example.org"})
    marie = tour.respondents.get()
    page = alice_client.get(url(tour)).content.decode()
    assert f'value="http://testserver{marie.get_link()}"' in page
    assert mail.outbox[0].to == ["m@example.org"]
    assert f"http://testserver{marie.get_link()}" in mail.outbox[0].body
    alice_client.post(url(tour, "lien/"), {"name": "", "email": "pas-un-courriel"})
    assert tour.respondents.count() == 1


def test_results_show_on_the_page_once_closed_with_the_rule_of_three(ecopole, alice, bob, tour):
    for name, level in [("A", 1), ("B", 3)]:
        answer_by_link(tour, name, {"trust": (level, f"avis {name}")})
    round_close(maturity_round=tour)
    page = client_for(bob).get(url(tour)).content.decode()
    assert "Moins de 3 personnes ont répondu" in page and "avis A" not in page
    assert "<svg" not in page

    other = make_round(ecopole, alice, title="Tour 2027")
    for name, level in [("A", 1), ("B", 3), ("C", 4), ("D", 4)]:
        answer_by_link(other, name, {"trust": (level, f"avis {name}")})
    assert "avis A" not in client_for(bob).get(url(other)).content.decode()  # still open
    round_close(maturity_round=other)
    page = client_for(bob).get(url(other)).content.decode()
    # Sorted 1 3 4 4: median 3.5, range 1–4, Q1 2.5, Q3 4, interquartile range 1.5.
    row = re.search(r'<tr id="dimension-trust">(.*?)</tr>', page, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[:4] == ["3,5", "1 – 4", "1,5", "1 / 0 / 1 / 2"]
    assert "à discuter" in cells[-1]
    assert "Sujets à discuter" in page and "le groupe est partagé" in page
    assert "avis A" in page and "Grille utilisée" in page
    assert re.search(r'<polygon points="[0-9.]+,[0-9.]+ ', page)  # no decimal comma in SVG


def test_individual_answers_are_shown_to_administrators_only_when_the_round_says_so(
    ecopole, alice, bob
):
    private = make_round(ecopole, alice, title="Confidentiel")
    shared = make_round(ecopole, alice, title="Partagé", admins_see_answers=True)
    for maturity_round in (private, shared):
        answer_by_link(maturity_round, "Marie", {"trust": (2, "mot de Marie")})
    admin = client_for(alice)
    assert "Réponses individuelles" not in admin.get(url(private)).content.decode()
    page = admin.get(url(shared)).content.decode()
    assert "Réponses individuelles" in page and "mot de Marie" in page
    access_grant(cooperation=ecopole, user=bob, role="contributor")
    assert "mot de Marie" not in client_for(bob).get(url(shared)).content.decode()


def test_api_and_tokens_of_members(ecopole, alice, bob, tour):
    for name, level in [("A", 2), ("B", 2), ("C", 4)]:
        answer_by_link(tour, name, {"trust": level})
    round_close(maturity_round=tour)
    _token, secret = ApiToken.issue(user=bob)
    reader = Client(headers={"Authorization": f"Bearer {secret}"})
    rounds = reader.get("/api/v1/maturity/ecopole-alimentaire/rounds").json()
    assert [(r["title"], r["invited"], r["is_open"]) for r in rounds] == [("Tour 2026", 3, False)]
    data = reader.get(f"/api/v1/maturity/ecopole-alimentaire/rounds/{tour.pk}/results").json()
    trust = next(d for d in data["dimensions"] if d["key"] == "trust")
    assert (data["round"]["grid_version"], data["respondents"], data["shown"]) == ("v1", 3, True)
    # Sorted 2 2 4: median 2, Q1 2, Q3 at position 1.5 → 3; range 2.
    assert (trust["median"], trust["iqr"], trust["min"], trust["max"]) == (2, 1, 2, 4)
    assert trust["wide_spread"] and trust["distribution"] == {"1": 0, "2": 2, "3": 0, "4": 1}
    trajectory = reader.get("/api/v1/maturity/ecopole-alimentaire/trajectory").json()
    assert next(d for d in trajectory["dimensions"] if d["key"] == "trust")["medians"] == [2]


def test_a_mail_server_that_refuses_does_not_lose_the_link(ecopole, alice_client, tour, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 5
    response = alice_client.post(url(tour, "lien/"), {"name": "Marie", "email": "m@example.org"})
    page = alice_client.get(response.url).content.decode()
    assert "Le courriel n&#x27;a pas pu partir : copiez le lien" in page
    assert tour.respondents.get().get_link() in page


def test_the_questionnaire_and_the_radar_speak_the_interface_language(ecopole, alice, tour):
    marie = answer_by_link(tour, "Marie", {})
    visitor = Client()
    visitor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = visitor.get(marie.get_link()).content.decode()
    assert "Taking risks together" in page and "First steps" in page
    assert "I don&#x27;t know" in page and "Se connaître" not in page
    for name, level in [("A", 1), ("B", 2), ("C", 4)]:
        answer_by_link(tour, name, {"trust": level})
    round_close(maturity_round=tour)
    admin = client_for(alice)
    admin.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = admin.get(url(tour)).content.decode()
    # Decimal points in SVG coordinates whatever the language.
    assert re.search(r'<polygon points="[0-9.]+,[0-9.]+ ', page)
    assert "Topics to discuss" in page and ">Trust<" in page


def test_a_too_long_comment_is_refused_where_it_was_written(ecopole, alice, tour):
    respondent = answer_by_link(tour, "Marie", {"trust": (2, "avant")})
    response = Client().post(
        respondent.get_link(), {"trust-level": "3", "trust-comment": "x" * 2001}
    )
    page = response.content.decode()
    assert re.search(r"id_trust-comment.*?au plus 2000 caractères", page, re.S)
    assert list(respondent.answers.values_list("level", "comment")) == [(2, "avant")]
