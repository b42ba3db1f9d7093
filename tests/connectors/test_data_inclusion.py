"""The data·inclusion connector against the local fake server (recorded answers written from the
published documentation, tests/fixtures/connectors/data_inclusion_*.json): structures of a
territory become public actors, a re-run changes nothing, the service's failures are reported
in words and recorded, and nobody's private actor is revealed or changed."""

import json

import pytest

from terreau.actors.models import Actor, Source
from terreau.cli import main
from terreau.connectors.client import ConnectorError
from terreau.connectors.data_inclusion import fetch_data_inclusion, life_functions_for
from terreau.connectors.models import ConnectorRun
from terreau.territories.refs import resolve
from tests.actors.factories import import_csv
from tests.connectors.fake_server import recorded

JARDINS_SIRET = "77345601200006"


@pytest.fixture
def service(fake_api, settings, db):
    settings.TERREAU_CONNECTORS["data-inclusion"]["token"] = "jeton-de-test"
    return fake_api


def one_page():
    """The first recorded page, as the only one."""
    return {**recorded("data_inclusion_structures_page1.json"), "total": 2, "pages": 1}


def two_pages(api, **filters):
    api.add("/structures", json=recorded("data_inclusion_structures_page1.json"), params=filters)
    api.add(
        "/structures",
        json=recorded("data_inclusion_structures_page2.json"),
        params={**filters, "page": "2"},
    )


def test_the_structures_of_a_departement_become_public_actors(service, alice):
    two_pages(service, code_departement="62")
    report = fetch_data_inclusion(resolve("departement:62"), user=alice)

    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    asked = service.asked("/structures")
    assert [q["page"] for q in asked] == ["1", "2"]
    assert asked[0]["code_departement"] == "62" and asked[0]["exclure_doublons"] == "true"
    assert service.requests[0][2]["Authorization"] == "Bearer jeton-de-test"

    jardins = Actor.objects.get(siret=JARDINS_SIRET)
    assert jardins.name == "Chantier d'insertion Les Jardins du Marais"
    assert jardins.kind == "association" and jardins.is_public
    assert jardins.commune.code == "62057"
    assert jardins.address == "12 rue des Maraîchers, Bâtiment B"
    assert jardins.website == "https://jardins-du-marais.example.org"
    assert set(jardins.life_functions.split()) == {"food", "social_ties", "work"}
    assert jardins.source == Source.DATA_INCLUSION
    assert jardins.source_name.startswith("data·inclusion /structures code_departement=62")
    assert jardins.source_date is not None
    assert jardins.external_id == "dora/3f1c0e7a-6c2d-4a8e-9a1b-0d5e2f7c8b11"
    mobilite = Actor.objects.get(external_id__startswith="emplois-de-linclusion/")
    assert mobilite.siret == "" and mobilite.life_functions.split() == ["mobility"]

    # The structure in a commune Terreau does not know is refused, named, not lost in silence.
    [error] = report.errors
    assert "Épicerie solidaire du Bout du Monde (soliguide/77aa01)" in error.message
    assert error.value == "62999"

    run = ConnectorRun.objects.get(source="data-inclusion")
    assert run.ok and run.created_by == alice and run.trigger == "command"
    assert run.query == {"territory": "departement:62", "filters": [{"code_departement": "62"}]}
    assert run.summary == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "errors": 1,
        "conflicts": 0,
    }


def test_a_second_run_changes_nothing(service, alice):
    two_pages(service, code_departement="62")
    fetch_data_inclusion(resolve("departement:62"), user=alice)
    before = list(Actor.objects.values().order_by("pk"))
    again = fetch_data_inclusion(resolve("departement:62"), user=alice)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert list(Actor.objects.values().order_by("pk")) == before


def test_a_commune_asks_its_code_and_a_dry_run_writes_nothing(service):
    service.add("/structures", json=one_page())
    steps = []
    report = fetch_data_inclusion(
        resolve("commune:62057"), dry_run=True, progress=lambda done, total: steps.append(total)
    )
    assert steps[0] == 2  # a job knows how many structures there are before writing
    assert service.asked("/structures")[0]["code_commune"] == "62057"
    assert report.created == 2 and report.dry_run
    assert not Actor.objects.exists()
    assert ConnectorRun.objects.get().dry_run


def test_a_territory_of_another_level_is_asked_by_departement_and_kept_within(service):
    service.add("/structures", json=one_page())
    epci = resolve("epci:246200844")
    inside = epci.communes().filter(code="62057").exists()
    report = fetch_data_inclusion(epci)
    assert {q["code_departement"] for q in service.asked("/structures")} == {"62"}
    assert report.created + report.skipped["outside_territory"] == 2
    assert report.created == (2 if inside else 0)


def test_a_person_entered_value_is_kept_and_listed_as_a_conflict(service, alice):
    Actor.objects.create(
        name="Les Jardins (saisie)",
        kind="association",
        siret=JARDINS_SIRET,
        siren=JARDINS_SIRET[:9],
        source=Source.MANUAL,
        is_public=True,
        created_by=alice,
        edited_fields=["name"],
    )
    service.add("/structures", json=one_page())
    report = fetch_data_inclusion(resolve("commune:62057"), user=alice)
    jardins = Actor.objects.get(siret=JARDINS_SIRET)
    assert jardins.name == "Les Jardins (saisie)"
    assert {"field": "name", "kept": "Les Jardins (saisie)"}.items() <= report.conflicts[0].items()
    assert set(jardins.life_functions.split()) == {"food", "social_ties", "work"}


def test_a_private_actor_with_the_same_siret_is_neither_revealed_nor_changed(
    service, alice, charlie
):
    secret = Actor.objects.create(
        name="Projet confidentiel d'alice",
        kind="association",
        siret=JARDINS_SIRET,
        siren=JARDINS_SIRET[:9],
        source=Source.MANUAL,
        is_public=False,
        created_by=alice,
    )
    service.add("/structures", json=one_page())
    report = fetch_data_inclusion(resolve("commune:62057"), user=charlie)
    secret.refresh_from_db()
    assert secret.name == "Projet confidentiel d'alice" and not secret.is_public
    assert secret.life_functions.strip() == ""
    assert Actor.objects.filter(siret=JARDINS_SIRET).count() == 1
    text = json.dumps(report.as_dict(), ensure_ascii=False)
    assert "confidentiel" not in text
    assert report.created == 1 and len(report.errors) == 1
    assert "privé que vous ne pouvez pas voir" in report.errors[0].message


def test_a_busy_service_is_waited_for(service):
    service.add("/structures", json=one_page())
    service.add("/structures", status=429, headers={"Retry-After": "0"}, times=1)
    report = fetch_data_inclusion(resolve("commune:62057"))
    assert report.created == 2
    assert len(service.asked("/structures")) == 2


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ({"status": 503, "raw": b"maintenance"}, "statut 503"),
        ({"raw": b"<html>pas du JSON</html>"}, "autre chose que du JSON"),
        ({"json": {"detail": "ok"}}, "sans la liste « items »"),
    ],
)
def test_a_failing_service_writes_nothing_and_the_run_says_why(service, settings, answer, words):
    settings.TERREAU_CONNECTORS["data-inclusion"]["retries"] = 1
    service.add("/structures", json=recorded("data_inclusion_structures_page1.json"))
    service.add("/structures", params={"page": "2"}, **answer)
    with pytest.raises(ConnectorError) as error:
        fetch_data_inclusion(resolve("commune:62057"))
    assert words in str(error.value) and "data·inclusion" in str(error.value)
    assert not Actor.objects.exists()
    run = ConnectorRun.objects.get()
    assert run.ok is False and words in run.error


def test_without_a_token_it_says_which_setting_to_set(fake_api, settings, db):
    settings.TERREAU_CONNECTORS["data-inclusion"]["token"] = ""
    with pytest.raises(ConnectorError, match="TERREAU_DATA_INCLUSION_TOKEN"):
        fetch_data_inclusion(resolve("commune:62057"))
    assert not fake_api.requests
    assert ConnectorRun.objects.get().ok is False


def test_sub_thematiques_take_their_parents_life_functions():
    assert life_functions_for(["mobilite--louer-un-vehicule"]) == ["mobility"]
    assert life_functions_for(["gestion-financiere--obtenir-une-aide-alimentaire"]) == ["food"]
    assert life_functions_for(["gestion-financiere", "inconnue"]) == []


def test_the_command_prints_the_report_and_exits_1_on_refused_structures(
    service, tmp_path, capsys, db
):
    two_pages(service, code_departement="62")
    path = tmp_path / "report.json"
    command = ["actors", "fetch", "--source", "data-inclusion", "--territory", "departement:62"]
    status = main([*command, "--report", str(path)])
    assert status == 1
    assert "2 created" in capsys.readouterr().out
    assert json.loads(path.read_text())["created"] == 2
    assert ConnectorRun.objects.get().trigger == "command"


def test_the_command_reports_an_unreachable_service_with_status_3(service, settings, capsys, db):
    settings.TERREAU_CONNECTORS["data-inclusion"]["retries"] = 0
    service.add("/structures", status=500, raw=b"panne")
    command = ["actors", "fetch", "--source", "data-inclusion", "--territory", "commune:62057"]
    assert main(command) == 3
    assert "statut 500" in capsys.readouterr().err


def test_a_spreadsheet_id_and_a_data_inclusion_id_never_match_each_other(service, tmp_path):
    external_id = "emplois-de-linclusion/8e2b5d40-1f3a-4b7c-a2d9-6c1e0f9a3b55"
    import_csv(tmp_path, f"id,nom,code_commune\n{external_id},Tableur,62057\n")
    service.add("/structures", json=one_page())
    report = fetch_data_inclusion(resolve("commune:62057"))
    assert report.created == 2
    sources = dict(Actor.objects.filter(external_id=external_id).values_list("source", "name"))
    assert sources == {
        Source.SPREADSHEET: "Tableur",
        Source.DATA_INCLUSION: "Plateforme mobilité du Calaisis",
    }
    again = import_csv(tmp_path, f"id,nom,code_commune\n{external_id},Tableur,62057\n")
    assert again["unchanged"] == 1
