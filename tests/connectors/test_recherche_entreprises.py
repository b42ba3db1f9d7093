"""Fetching actors from the API Recherche d'entreprises, against the local fake server replaying
answers written from the API's documentation (tests/fixtures/connectors/recherche-entreprises):
pagination, the result ceiling (split by NAF section), a busy or failing service, malformed
JSON, a closed establishment and a sole trader; a re-run is all unchanged; provenance recorded."""

import json

import pytest

from terreau.actors.models import Actor, ActorChange
from terreau.actors.services import actor_save
from terreau.cli import main
from terreau.connectors import recherche_entreprises
from terreau.connectors.models import ConnectorRun
from terreau.connectors.recherche_entreprises import MAX_RESULTS, fetch_actors
from terreau.territories.models import Commune
from terreau.territories.refs import resolve
from tests.connectors.fake_server import recorded
from tests.connectors.registries import (
    CLOSED,
    COOP,
    FIXTURES,
    JARDINS,
    RESSOURCERIE,
    SOLE_TRADER,
    serve_audruicq,
)

pytestmark = pytest.mark.django_db


def fetch(tmp_path, *extra) -> tuple[int, dict]:
    report = tmp_path / "report.json"
    status = main(
        [
            "actors",
            "fetch",
            "--source",
            "recherche-entreprises",
            "--territory",
            "commune:62057",
            "--report",
            str(report),
            *extra,
        ]
    )
    return status, json.loads(report.read_text()) if report.exists() else {}


def test_a_territory_is_fetched_page_by_page_into_an_empty_directory(fake_api, tmp_path):
    serve_audruicq(fake_api)
    status, report = fetch(tmp_path)
    assert status == 0
    assert (report["created"], report["updated"], report["unchanged"]) == (3, 0, 0)
    assert report["skipped"] == {"closed": 1, "natural_person": 1}
    asked = fake_api.asked("/search")
    assert [params["page"] for params in asked] == ["1", "2"]
    assert asked[0]["code_commune"] == "62057"
    assert asked[0]["per_page"] == "25" and asked[0]["etat_administratif"] == "A"

    jardins = Actor.objects.get(siret=JARDINS)
    assert jardins.name == "JARDINS DE LA GARE"  # the sign of the establishment
    assert (jardins.siren, jardins.rna, jardins.legal_form_code) == (
        JARDINS[:9],
        "W623000123",
        "9220",
    )
    assert jardins.kind == "association" and jardins.is_ess and jardins.is_public
    assert jardins.commune.code == "62057" and jardins.postal_code == "62370"
    assert jardins.naf_code == "01.13Z" and "food" in jardins.life_functions
    assert jardins.address == "12 RUE DE LA GARE 62370 AUDRUICQ"
    assert jardins.source == "sirene"
    assert jardins.source_name == "recherche-entreprises.api.gouv.fr commune:62057 (actifs)"
    assert jardins.source_date is not None
    coop = Actor.objects.get(siret=COOP)
    assert coop.legal_form_family == "cooperative" and coop.name == "COOP MOBILITE DU CALAISIS"
    assert not Actor.objects.filter(siret__in=[CLOSED, SOLE_TRADER]).exists()

    run = ConnectorRun.objects.get()
    assert run.ok and run.source == "recherche-entreprises" and run.trigger == "command"
    assert run.query["territory"] == "commune:62057" and run.summary["created"] == 3


def test_a_re_run_changes_nothing(fake_api, tmp_path):
    serve_audruicq(fake_api)
    fetch(tmp_path)
    before = list(Actor.objects.values())
    status, report = fetch(tmp_path)
    assert status == 0
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 3)
    assert list(Actor.objects.values()) == before
    assert not ActorChange.objects.exists()


def test_a_dry_run_writes_nothing_and_previews(fake_api, tmp_path):
    serve_audruicq(fake_api)
    territory = resolve("commune:62057")
    report = fetch_actors(territory=territory, dry_run=True)
    assert report.created == 3 and not Actor.objects.exists()
    assert [row["siret"] for row in report.preview] == [JARDINS, COOP, RESSOURCERIE]
    assert report.preview[2]["flags"] == "ESS, SIAE" and report.preview[2]["headcount"] == "21"


def test_the_head_count_band_and_qualities_are_kept_and_shown_in_words(fake_api, tmp_path, client):
    serve_audruicq(fake_api)
    fetch(tmp_path)
    ressourcerie = Actor.objects.get(siret=RESSOURCERIE)
    assert ressourcerie.headcount_band == "21"
    # est_siae is in the answer; est_societe_mission is not: not known, not "no"
    assert (ressourcerie.is_siae, ressourcerie.is_mission_company) == (True, None)
    page = client.get(ressourcerie.get_absolute_url()).content.decode()
    assert "50 à 99 salariés" in page


def test_options_become_the_apis_filters(fake_api, tmp_path):
    serve_audruicq(fake_api)
    fetch(tmp_path, "--ess-only", "--associations", "--siae", "--include-closed", "--dry-run")
    params = fake_api.asked("/search")[0]
    assert params["est_ess"] == params["est_association"] == params["est_siae"] == "true"
    assert "etat_administratif" not in params


def test_life_functions_keep_the_activities_that_serve_them(fake_api, tmp_path):
    serve_audruicq(fake_api)
    status, report = fetch(tmp_path, "--life-function", "food")
    assert status == 0 and report["created"] == 1
    assert report["skipped"]["other_life_functions"] == 2
    assert Actor.objects.get().siret == JARDINS


def test_a_commune_over_the_ceiling_is_split_by_naf_section(fake_api, tmp_path):
    fake_api.add("/search", json=recorded(FIXTURES + "search-empty.json"))
    fake_api.add("/search", json=recorded(FIXTURES + "search-over-ceiling.json"))
    fake_api.add(
        "/search",
        json=recorded(FIXTURES + "search-empty.json"),
        params={"section_activite_principale": "B"},
    )
    for section in "CDEFGHIJKLMNOPQRSTU":
        fake_api.add(
            "/search",
            json=recorded(FIXTURES + "search-empty.json"),
            params={"section_activite_principale": section},
        )
    fake_api.add(
        "/search",
        json=recorded(FIXTURES + "search-section-a.json"),
        params={"section_activite_principale": "A"},
    )
    status, report = fetch(tmp_path)
    assert status == 0 and report["created"] == 1
    asked = fake_api.asked("/search")
    sections = [params.get("section_activite_principale") for params in asked]
    assert sections == [None, *"ABCDEFGHIJKLMNOPQRSTU"]
    assert all(int(params["page"]) * 25 <= MAX_RESULTS for params in asked)


def test_a_section_still_over_the_ceiling_is_read_to_the_ceiling_and_noted(
    fake_api, tmp_path, monkeypatch
):
    monkeypatch.setattr(recherche_entreprises, "MAX_RESULTS", 100)  # 4 pages, not 400
    fake_api.add("/search", json=recorded(FIXTURES + "search-over-ceiling.json"))
    status, report = fetch(tmp_path, "--dry-run")
    assert status == 0
    asked = fake_api.asked("/search")
    pages = [int(p["page"]) for p in asked if p.get("section_activite_principale") == "A"]
    assert pages == [1, 2, 3, 4]
    assert len(asked) == 1 + 21 * 4
    assert any("plafond" in note for note in report["notes"])


def test_a_busy_service_is_waited_for(fake_api, tmp_path):
    serve_audruicq(fake_api)
    fake_api.add("/search", status=429, headers={"Retry-After": "0"}, times=1)
    status, report = fetch(tmp_path)
    assert status == 0 and report["created"] == 3


@pytest.mark.parametrize(
    ("route", "words"),
    [
        ({"status": 502, "raw": b"Bad Gateway"}, "502"),
        ({"raw": b'{"results": [{"siren": '}, "autre chose que du JSON"),
        ({"json": {"erreur": "inattendu"}}, "sans liste de résultats"),
    ],
)
def test_a_failing_service_writes_nothing_and_says_why(
    fake_api, tmp_path, settings, capsys, route, words
):
    settings.TERREAU_CONNECTORS["recherche-entreprises"]["retries"] = 1
    serve_audruicq(fake_api)
    fake_api.add("/search", params={"page": "2"}, **route)
    status, _report = fetch(tmp_path)
    assert status == 3
    assert words in capsys.readouterr().err
    assert not Actor.objects.exists()
    run = ConnectorRun.objects.get()
    assert run.ok is False and words in run.error


def test_enrich_completes_known_actors_and_keeps_what_people_entered(fake_api, tmp_path, alice):
    entered = actor_save(
        actor=Actor(
            name="Coop Mobilité",
            kind="cooperative",
            siret=COOP,
            siren=COOP[:9],
            naf_code="49.39B",
            commune=Commune.objects.get(code="62057"),
        ),
        by=alice,
        changed={"name": ("", "Coop Mobilité"), "naf_code": ("", "49.39B")},
    )
    fake_api.add("/search", json=recorded(FIXTURES + "search-by-siren.json"))
    report = tmp_path / "enrich.json"
    status = main(
        ["actors", "enrich", "--source", "recherche-entreprises", "--report", str(report)]
    )
    data = json.loads(report.read_text())
    assert status == 0 and data["updated"] == 1
    entered.refresh_from_db()
    assert entered.name == "Coop Mobilité" and entered.naf_code == "49.39B"  # kept
    assert entered.legal_form_code == "5458" and entered.is_ess
    assert entered.address == "3 PLACE DU GENERAL DE GAULLE 62370 AUDRUICQ"
    assert [c["field"] for c in data["conflicts"]] == ["naf_code"]
    assert fake_api.asked("/search")[0]["q"] == COOP[:9]


def test_charlie_s_command_line_fetch_never_reveals_alice_s_private_actor(
    fake_api, tmp_path, capsys, alice, charlie
):
    secret = actor_save(
        actor=Actor(
            name="Atelier secret d'Alice",
            kind="cooperative",
            siret=COOP,
            siren=COOP[:9],
            email="alice@atelier.example",
            commune=Commune.objects.get(code="62057"),
            is_public=False,
        ),
        by=alice,
        changed={"name": ("", "Atelier secret d'Alice")},
    )
    serve_audruicq(fake_api)
    status, report = fetch(tmp_path, "--user", "charlie")
    out = capsys.readouterr().out
    assert status == 1 and report["created"] == 2
    assert [(e["column"], e["value"]) for e in report["errors"]] == [("siret", COOP)]
    text = json.dumps(report, ensure_ascii=False) + out
    assert "Atelier secret" not in text and "alice@atelier.example" not in text
    secret.refresh_from_db()
    assert secret.name == "Atelier secret d'Alice" and not secret.is_public
    assert Actor.objects.filter(siret=COOP).count() == 1
