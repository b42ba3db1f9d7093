"""Territory maturity rounds: a logged-in person launches one on a territory and administers it;
invited accounts and personal links answer, possibly for an actor of the territory; a stranger
sees nothing of it until its administrator publishes its aggregated results (never individual
answers nor comments); trajectory across the territory's closed rounds; API and CLI."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from terreau.cli import main
from terreau.maturity.grids import grids_for, latest_version, shipped_grids
from terreau.maturity.models import Respondent, Round
from terreau.maturity.services import (
    accounts_invite,
    answers_save,
    round_close,
    round_launch,
    round_publish,
)
from terreau.territories.models import Epci
from tests.cooperations.factories import make_actor, make_cooperation
from tests.domain_sources import QUOTE, unquoted_words
from tests.maturity.factories import answer_by_link
from tests.maturity.factories_territory import TERRITORY_REF, make_territory_round
from tests.personas import bearer_client

pytestmark = pytest.mark.django_db

COMMENT = "Les intercommunalités voisines ne se parlent pas encore."


def url(maturity_round, suffix=""):
    return f"/territoires/{maturity_round.territory_ref}/maturite/{maturity_round.pk}/{suffix}"


def closed_round_with_answers(alice, title="Territoire 2025", people=3):
    maturity_round = make_territory_round(alice, title=title)
    levels = [2, 3, 3, 4, 1][:people]
    for index, level in enumerate(levels):
        answers = {"catalyst": level, "scales": (level, COMMENT if index == 0 else "")}
        answer_by_link(maturity_round, f"Personne {index + 1}", answers)
    round_close(maturity_round=maturity_round)
    return maturity_round


def test_the_territory_grid_quotes_its_sources_in_both_languages():
    grid = shipped_grids()["territoire-v1"]
    assert grid["scope"] == "territory"
    assert latest_version("territory") == "territoire-v1"
    assert latest_version() == "v1"  # cooperation rounds keep their own grids
    assert "territoire-v1" not in grids_for("cooperation")
    for dimension in grid["dimensions"]:
        assert dimension["source"].startswith("§00")
        assert dimension["quote"].startswith("«")
        assert dimension["title"]["fr"] and dimension["title"]["en"]
    assert "interprétations" in grid["description"]["fr"]


def test_check_grid_refuses_a_territory_dimension_without_its_source(tmp_path, capsys):
    grid = json.loads(json.dumps(shipped_grids()["territoire-v1"]))
    del grid["dimensions"][1]["quote"]
    path = tmp_path / "territoire-v1.json"
    path.write_text(json.dumps(grid), encoding="utf-8")
    assert main(["maturity", "check-grid", str(path)]) == 1
    assert "$.dimensions[1].quote : une grille de territoire cite sa source" in (
        capsys.readouterr().err
    )


def test_a_round_takes_a_grid_of_its_own_scope(alice):
    with pytest.raises(ValidationError):
        make_territory_round(alice, grid_version="v1")
    ecopole = make_cooperation(alice)
    with pytest.raises(ValidationError):
        round_launch(
            cooperation=ecopole,
            by=alice,
            title="Tour",
            closes_on=timezone.localdate(),
            grid_version="territoire-v1",
        )


def test_the_territory_page_links_its_maturity(alice_client):
    page = alice_client.get(f"/territoires/{TERRITORY_REF}/").content.decode()
    assert f'href="/territoires/{TERRITORY_REF}/maturite/"' in page
    assert "Maturité coopérative du territoire" in page


def test_any_logged_in_person_launches_a_territory_round(alice, alice_client):
    form = alice_client.get(f"/maturite/territoires/nouveau/?territoire={TERRITORY_REF}")
    page = form.content.decode()
    assert 'value="territoire-v1" selected' in page and 'value="v1"' not in page
    closes_on = timezone.localdate() + timedelta(days=20)
    name = Epci.objects.get(code="246200844").name
    response = alice_client.post(
        "/maturite/territoires/nouveau/",
        {
            "title": "Maturité 2026",
            "territory": name,
            "closes_on": closes_on.strftime("%d/%m/%Y"),
            "grid_version": "territoire-v1",
        },
    )
    maturity_round = Round.objects.get()
    assert response.url == url(maturity_round)
    assert (maturity_round.territory_ref, maturity_round.territory_name) == (TERRITORY_REF, name)
    assert maturity_round.cooperation is None and not maturity_round.is_published
    detail = alice_client.get(response.url).content.decode()
    assert "Publier les résultats d'ensemble" in detail
    assert "Inviter un compte" in detail


def test_an_unknown_territory_is_the_fields_error(alice_client):
    response = alice_client.post(
        "/maturite/territoires/nouveau/",
        {
            "title": "Tour",
            "territory": "Nullepartville",
            "closes_on": timezone.localdate().isoformat(),
            "grid_version": "territoire-v1",
        },
    )
    assert response.status_code == 200
    assert "Nullepartville" in response.content.decode()
    assert not Round.objects.exists()


def test_a_stranger_sees_nothing_of_a_private_territory_round(alice, charlie_client):
    maturity_round = closed_round_with_answers(alice)
    listing = charlie_client.get(f"/territoires/{TERRITORY_REF}/maturite/").content.decode()
    assert maturity_round.title not in listing
    assert "Aucun tour que vous puissiez voir" in listing
    for suffix in ["", "repondre/"]:
        assert charlie_client.get(url(maturity_round, suffix)).status_code == 404
    for suffix in ["cloturer/", "publier/", "lien/", "inviter/"]:
        assert charlie_client.post(url(maturity_round, suffix)).status_code == 404
    assert Client().get(url(maturity_round)).status_code == 302  # to the login page


def test_the_api_shows_a_stranger_no_private_round(alice, charlie):
    maturity_round = closed_round_with_answers(alice)
    stranger = bearer_client(charlie)
    base = f"/api/v1/maturity/territories/{TERRITORY_REF}"
    assert stranger.get(f"{base}/rounds").json() == []
    assert stranger.get(f"{base}/rounds/{maturity_round.pk}/results").status_code == 404
    assert stranger.get(f"{base}/trajectory").json()["rounds"] == []
    owner = bearer_client(alice)
    data = owner.get(f"{base}/rounds/{maturity_round.pk}/results").json()
    assert data["territory"] == TERRITORY_REF and data["respondents"] == 3
    scales = next(d for d in data["dimensions"] if d["key"] == "scales")
    assert (scales["median"], scales["comments"]) == (3, [COMMENT])


def test_published_results_show_the_aggregates_never_answers_nor_comments(alice, charlie):
    maturity_round = closed_round_with_answers(alice)
    round_publish(maturity_round=maturity_round, published=True)
    for visitor in [Client(), bearer_client(charlie)]:
        page = visitor.get(url(maturity_round)).content.decode()
        assert "Résultats par dimension" in page
        assert COMMENT not in page and "Personne 1" not in page
        assert "Personnes invitées" not in page  # the administrator's section
        assert "Publier" not in page
    listing = Client().get(f"/territoires/{TERRITORY_REF}/maturite/").content.decode()
    assert maturity_round.title in listing
    api = bearer_client(charlie).get(
        f"/api/v1/maturity/territories/{TERRITORY_REF}/rounds/{maturity_round.pk}/results"
    )
    scales = next(d for d in api.json()["dimensions"] if d["key"] == "scales")
    assert scales["median"] == 3 and "comments" not in scales


def test_a_published_round_under_three_answers_shows_no_aggregate(alice):
    maturity_round = closed_round_with_answers(alice, people=2)
    round_publish(maturity_round=maturity_round, published=True)
    page = Client().get(url(maturity_round)).content.decode()
    assert "Moins de 3 personnes ont répondu" in page
    assert "Résultats par dimension" not in page


def test_only_the_administrator_publishes(alice, charlie, charlie_client):
    maturity_round = make_territory_round(alice)
    accounts_invite(maturity_round=maturity_round, users=[charlie])
    assert charlie_client.post(url(maturity_round, "publier/"), {"publier": "1"}).status_code == 403
    maturity_round.refresh_from_db()
    assert not maturity_round.is_published


def test_an_invited_account_answers_for_an_actor_and_sees_the_results(
    alice, alice_client, charlie, charlie_client
):
    commune = Epci.objects.get(code="246200844").communes().first()
    epicerie = make_actor("Épicerie solidaire", commune=commune, created_by=alice)
    maturity_round = make_territory_round(alice)
    response = alice_client.post(
        url(maturity_round, "inviter/"),
        {"compte-username": "charlie", "compte-actor": str(epicerie.pk)},
    )
    assert response.status_code == 302
    invitation = Respondent.objects.get(user=charlie)
    assert invitation.actor == epicerie
    assert "Épicerie solidaire" in alice_client.get(url(maturity_round)).content.decode()

    assert charlie_client.get(url(maturity_round)).status_code == 200
    charlie_client.post(url(maturity_round, "repondre/"), {"catalyst-level": "3"})
    assert invitation.answers.get().level == 3
    for name in ["B", "C"]:
        answer_by_link(maturity_round, name, {"catalyst": (2, f"avis {name}")})
    round_close(maturity_round=maturity_round)
    page = charlie_client.get(url(maturity_round)).content.decode()
    assert "avis B" in page  # respondents see the comments, without names
    assert "Épicerie solidaire" not in page  # the invitations are the administrator's


def test_the_actor_is_chosen_among_those_the_creator_may_see(alice, alice_client, charlie):
    commune = Epci.objects.get(code="246200844").communes().first()
    private = make_actor(
        "Association de Charlie", commune=commune, created_by=charlie, is_public=False
    )
    maturity_round = make_territory_round(alice)
    alice_client.post(
        url(maturity_round, "lien/"), {"lien-name": "Marie", "lien-actor": str(private.pk)}
    )
    assert not maturity_round.respondents.exists()
    alice_client.post(url(maturity_round, "inviter/"), {"compte-username": "personne"})
    assert not maturity_round.respondents.exists()
    page = alice_client.get(url(maturity_round)).content.decode()
    assert "Association de Charlie" not in page


def test_a_revoked_account_no_longer_sees_the_round(alice, charlie, charlie_client):
    maturity_round = make_territory_round(alice)
    (invitation,) = accounts_invite(maturity_round=maturity_round, users=[charlie])
    answers_save(respondent=invitation, answers={"catalyst": (2, "")})
    invitation.revoked_at = timezone.now()
    invitation.save()
    assert charlie_client.get(url(maturity_round)).status_code == 404


def test_trajectory_across_the_territorys_closed_rounds(alice, alice_client, charlie):
    first = closed_round_with_answers(alice, title="Territoire 2025")
    second = closed_round_with_answers(alice, title="Territoire 2026", people=4)
    other = closed_round_with_answers(charlie, title="Tour de Charlie")
    page = alice_client.get(url(second)).content.decode()
    assert "Trajectoire" in page and first.title in page and other.title not in page
    data = bearer_client(alice).get(f"/api/v1/maturity/territories/{TERRITORY_REF}/trajectory")
    assert [r["title"] for r in data.json()["rounds"]] == [first.title, second.title]
    catalyst = next(d for d in data.json()["dimensions"] if d["key"] == "catalyst")
    assert catalyst["medians"] == [3, 3]


def test_cli_results_of_a_territory(alice, capsys):
    closed_round_with_answers(alice)
    assert main(["maturity", "results", "--territory", TERRITORY_REF]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["territory"] == TERRITORY_REF and data["respondents"] == 3
    assert len(data["trajectory"]["rounds"]) == 1
    assert main(["maturity", "results", "--territory", "commune:00000"]) == 2
    assert main(["maturity", "results"]) == 2


def test_the_territory_grid_quotes_are_in_the_sources():
    """Each « quote » of the grid is in the domain sources (one word's spelling may be fixed, as
    §002 is an automatic transcript)."""
    for dimension in shipped_grids()["territoire-v1"]["dimensions"]:
        for quote in QUOTE.findall(dimension["quote"]):
            assert len(unquoted_words(quote)) <= 1, (dimension["key"], unquoted_words(quote))


def test_a_round_written_with_another_case_answers_like_the_canonical_one(
    alice, alice_client, charlie
):
    maturity_round = make_territory_round(alice)
    upper = url(maturity_round).replace("epci:", "EPCI:")
    response = alice_client.get(upper + "?x=1")
    assert response.status_code == 301
    assert response["Location"] == url(maturity_round) + "?x=1"
    assert alice_client.get(upper, follow=True).status_code == 200
    # A form posted to such an address acts on the round (no redirect loses it).
    response = alice_client.post(upper + "inviter/", {"compte-username": "charlie"})
    assert response.status_code == 302
    assert maturity_round.respondents.get().user == charlie


def test_inviting_an_unknown_account_says_so_under_the_field(alice, alice_client):
    maturity_round = make_territory_round(alice)
    response = alice_client.post(url(maturity_round, "inviter/"), {"compte-username": "personne"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_compte-username_error"' in page
    assert "Aucun compte n&#x27;a l&#x27;identifiant « personne »" in page
    assert 'value="personne"' in page  # what was typed stays in the field
    assert not maturity_round.respondents.exists()
    # The same in English.
    alice_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = alice_client.post(url(maturity_round, "inviter/"), {"compte-username": "personne"})
    assert "No account has the username" in response.content.decode()
