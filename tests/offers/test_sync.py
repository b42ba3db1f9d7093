"""`terreau offers fetch --source aides-territoires`: the catalogue kept in sync with the live
API, against a local fake server answering what the API's documentation publishes
(tests/fixtures/connectors/aides-territoires-*.json): token exchange, pages, busy and failing
service, garbage, unknown perimeter, gone aids archived, changed aids updated, hand edits kept,
offers entered by hand never touched, and the offers page saying when the catalogue was synced."""

import datetime
import json
import zoneinfo

import pytest
from django.test import Client

from terreau.actors.models import Actor
from terreau.cli import main
from terreau.connectors.models import ConnectorRun
from terreau.core.text import search_key
from terreau.offers.models import Offer
from tests.connectors.fake_server import recorded
from tests.offers.factories import make_offer
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db

KEY = "cle-api-de-test"


@pytest.fixture
def api(fake_api, settings):
    """The fake aides-territoires: log-in, then two pages of aids."""
    settings.TERREAU_CONNECTORS["aides-territoires"]["token"] = KEY
    fake_api.add("/connexion/", json=recorded("aides-territoires-connexion.json"))
    fake_api.add("/aids/", json=recorded("aides-territoires-aids-page-1.json"))
    fake_api.add(
        "/aids/", json=recorded("aides-territoires-aids-page-2.json"), params={"page": "2"}
    )
    return fake_api


def fetch(*args) -> int:
    return main(["offers", "fetch", "--source", "aides-territoires", *map(str, args)])


def serve(api, *pages):
    """Make the fake API list these aids (one page each) from now on."""
    api.routes = [r for r in api.routes if r.path != "/aids/"]
    for number, results in enumerate(pages, start=1):
        last = number == len(pages)
        body = {
            "count": sum(map(len, pages)),
            "next": None
            if last
            else f"https://aides-territoires.beta.gouv.fr/api/aids/?page={number + 1}",
            "previous": None,
            "results": results,
        }
        api.add("/aids/", json=body, params=None if number == 1 else {"page": str(number)})


def aids() -> list[dict]:
    return [
        *recorded("aides-territoires-aids-page-1.json")["results"],
        *recorded("aides-territoires-aids-page-2.json")["results"],
    ]


def test_first_sync_logs_in_pages_through_and_maps_each_aid(api, capsys, tmp_path):
    report = tmp_path / "report.json"
    assert fetch("--report", report) == 0
    out = capsys.readouterr().out
    assert "3 created, 0 updated, 0 unchanged, 0 errors" in out
    # The key is exchanged for the bearer token, which alone goes to /aids/.
    (login_path, _params, login_headers), *asked = api.requests
    assert login_path == "/connexion/" and login_headers["X-AUTH-TOKEN"] == KEY
    token = recorded("aides-territoires-connexion.json")["token"]
    assert [(p, params) for p, params, _h in asked] == [("/aids/", {}), ("/aids/", {"page": "2"})]
    assert all(h["Authorization"] == f"Bearer {token}" for _p, _q, h in asked)
    # Mapped by the importer's mapping.
    loire = Offer.objects.get(source="aides-territoires", source_id="91001")
    assert loire.status == "published" and loire.kind == "financing"
    assert loire.perimeter_refs == ["departement:42"]
    assert loire.recurrence == "ongoing" and loire.deadline == datetime.date(2027, 6, 30)
    assert Offer.objects.get(source_id="91002").kind == "support"
    run = ConnectorRun.objects.get()
    assert run.ok and run.trigger == "command" and not run.dry_run
    assert run.summary["created"] == 3
    assert json.loads(report.read_text())["archived"] == 0


def test_an_unknown_perimeter_is_reported_with_its_aid_and_left_unknown(api, capsys):
    assert fetch() == 0
    out = capsys.readouterr().out
    assert (
        "aide 91003 « Appui aux pôles territoriaux » : périmètre « Atlantide (Région) » non "
        "reconnu dans la géographie : laissé inconnu"
    ) in out
    assert Offer.objects.get(source_id="91003").perimeter_refs == []


def test_a_rerun_changes_nothing(api, capsys):
    assert fetch() == 0
    assert fetch() == 0
    out = capsys.readouterr().out
    assert "0 created, 0 updated, 3 unchanged, 0 errors" in out
    assert "archived (no longer listed): 0" in out


def test_a_changed_aid_updates_its_offer(api, capsys):
    assert fetch() == 0
    first, second, third = aids()
    first["submission_deadline"] = "2027-12-31"
    first["name"] = "Fonds coopération ESS Loire 2027"
    serve(api, [first, second, third])
    assert fetch() == 0
    assert "0 created, 1 updated, 2 unchanged" in capsys.readouterr().out
    offer = Offer.objects.get(source_id="91001")
    assert offer.deadline == datetime.date(2027, 12, 31)
    assert offer.name == "Fonds coopération ESS Loire 2027"


def test_an_aid_gone_from_a_full_sync_is_archived_never_deleted(api, capsys):
    assert fetch() == 0
    by_hand = make_offer("Ingénierie pour les tiers-lieux", status="published")  # same name
    first, _gone, third = aids()
    serve(api, [first, third])
    # A filtered sync archives nothing: the aid may be outside the filter.
    assert fetch("--since", "2026-01-01") == 0
    assert Offer.objects.get(source_id="91002").status == "published"
    assert api.asked("/aids/")[-1] == {"published_after": "2026-01-01"}
    assert fetch() == 0
    assert "archived (no longer listed): 1" in capsys.readouterr().out
    gone = Offer.objects.get(source_id="91002")
    assert gone.status == "archived"
    # The offer a person entered with the same name is neither matched nor archived.
    by_hand.refresh_from_db()
    assert by_hand.status == "published" and by_hand.source == "manual"
    assert Offer.objects.filter(name="Ingénierie pour les tiers-lieux").count() == 2
    # Listed again: published again.
    serve(api, aids())
    assert fetch() == 0
    assert Offer.objects.get(source_id="91002").status == "published"


def test_an_empty_answer_archives_nothing(api, capsys):
    assert fetch() == 0
    serve(api, [])
    assert fetch() == 0
    assert "aucune aide listée : rien n'est archivé" in capsys.readouterr().out
    assert set(Offer.objects.values_list("status", flat=True)) == {"published"}


def test_a_field_edited_by_hand_is_kept_and_listed_as_a_conflict(api, capsys, tmp_path):
    assert fetch() == 0
    offer = Offer.objects.get(source_id="91001")
    editor = UserFactory(username="animatrice", is_staff=True)
    client = client_for(editor)
    url = offer.get_absolute_url() + "modifier/"
    form = client.get(url).context["form"]
    # What the browser posts: every field as shown, one of them changed.
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    data["name"] = "Fonds coopération ESS de la Loire (nom revu)"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    offer.refresh_from_db()
    assert offer.edited_fields == ["name"]
    first, second, third = aids()
    first["name"] = "FONDS COOPERATION ESS LOIRE"
    first["submission_deadline"] = "2027-09-30"
    serve(api, [first, second, third])
    report = tmp_path / "report.json"
    assert fetch("--report", report) == 0
    out = capsys.readouterr().out
    assert "1 values entered in Terreau kept (conflicts)" in out
    offer.refresh_from_db()
    assert offer.name == "Fonds coopération ESS de la Loire (nom revu)"
    assert offer.deadline == datetime.date(2027, 9, 30)  # not edited by hand: updated
    (conflict,) = json.loads(report.read_text())["conflicts"]
    assert conflict == {
        "line": 1,
        "offer": offer.pk,
        "field": "name",
        "kept": "Fonds coopération ESS de la Loire (nom revu)",
        "incoming": "FONDS COOPERATION ESS LOIRE",
    }


def test_an_offer_archived_by_hand_stays_archived(api):
    assert fetch() == 0
    offer = Offer.objects.get(source_id="91002")
    client_for(UserFactory(username="gestion", is_staff=True)).post(
        offer.get_absolute_url() + "archiver/"
    )
    assert fetch() == 0
    offer.refresh_from_db()
    assert offer.status == "archived"


def test_a_busy_service_is_waited_for(api, capsys):
    api.add("/aids/", status=429, headers={"Retry-After": "0"}, times=2)
    assert fetch() == 0
    assert "3 created" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ({"status": 503, "raw": b"<h1>Maintenance</h1>"}, "statut 503"),
        ({"raw": b'{"count": 3, "results": [{"id": '}, "autre chose que du JSON"),
        ({"json": {"detail": "ok"}}, "sans liste d'aides"),
    ],
)
def test_a_failing_service_writes_nothing_and_says_why(api, settings, capsys, answer, said):
    settings.TERREAU_CONNECTORS["aides-territoires"]["retries"] = 1
    assert fetch() == 0
    capsys.readouterr()
    api.add("/aids/", params={"page": "2"}, **answer)
    before = list(Offer.objects.values_list("pk", "status", "updated_at"))
    assert fetch() == 2
    err = capsys.readouterr().err
    assert "Aides-territoires" in err and said in err
    assert "Traceback" not in err
    assert list(Offer.objects.values_list("pk", "status", "updated_at")) == before
    run = ConnectorRun.objects.first()
    assert run.ok is False and said in run.error


def test_a_refused_key_is_said(api, capsys):
    api.add("/connexion/", status=401, json={"message": "Invalid credentials."})
    assert fetch() == 2
    err = capsys.readouterr().err
    assert "statut 401" in err and "Invalid credentials." in err
    assert not Offer.objects.exists()


def test_without_a_key_nothing_is_asked(fake_api, settings, capsys):
    settings.TERREAU_CONNECTORS["aides-territoires"]["token"] = ""
    assert fetch() == 2
    assert "TERREAU_AIDES_TERRITOIRES_TOKEN" in capsys.readouterr().err
    assert fake_api.requests == []


def test_a_dry_run_writes_nothing_and_is_not_the_last_sync(api, capsys):
    assert fetch("--dry-run") == 0
    assert "dry run" in capsys.readouterr().out
    assert not Offer.objects.exists()
    assert ConnectorRun.objects.get().dry_run
    assert "offers-last-sync" not in Client().get("/offres/").content.decode()


def test_the_offers_page_says_when_the_catalogue_was_last_synced(api, capsys):
    page = Client().get("/offres/").content.decode()
    assert "offers-last-sync" not in page
    assert fetch("--scheduled") == 0
    run = ConnectorRun.objects.get()
    assert run.trigger == "schedule"
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    run.finished_at = datetime.datetime(2026, 3, 12, 3, 5, tzinfo=paris)
    run.save()
    page = Client().get("/offres/").content.decode()
    assert "synchronisés le 12 mars 2026 à 03:05" in page
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/offres/"})
    page = english.get("/offres/").content.decode()
    assert "Aids and calls for projects from Aides-territoires synced on" in page, page[-3000:]


def test_a_private_actor_named_like_a_funder_is_not_linked(api, alice):
    private = Actor.objects.create(
        name="Région Auvergne-Rhône-Alpes",
        search_name=search_key("Région Auvergne-Rhône-Alpes"),
        kind="company",
        source="manual",
        is_public=False,
        created_by=alice,
    )
    assert fetch() == 0
    offer = Offer.objects.get(source_id="91001")
    assert private not in offer.funders.all()
    assert offer.funder_names == ["Région Auvergne-Rhône-Alpes"]
    private.refresh_from_db()
    assert not private.offers_funded.exists() and not private.is_public


def test_an_aid_with_an_unknown_value_is_refused_and_located_the_others_written(api, capsys):
    first, second, third = aids()
    second["aid_types"] = ["Bon d'achat"]
    serve(api, [first, second, third])
    assert fetch() == 1
    out = capsys.readouterr().out
    assert "2 created, 0 updated, 0 unchanged" in out  # its missing kind is a second error
    assert "aid 2, aid_types «Bon d'achat»: valeur inconnue d'aides-territoires" in out
    assert not Offer.objects.filter(source_id="91002").exists()
