"""An import never loses what a person entered in Terreau: it keeps the person's values and lists
the conflicts, leaves alone the columns the file does not have, erases nothing with an empty cell
unless asked, and never lets a default replace a known value. Files still update what files
brought."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.actors.models import Actor, ImportJob, Source
from terreau.actors.services import actors_import
from terreau.interchange import cooperation_import
from terreau.territories.models import Commune
from tests.actors.factories import ENTERED, SIRET, hand_entered, import_csv
from tests.actors.files import establishment, legal_unit, sirene_files

pytestmark = pytest.mark.django_db


def from_cooperation_document(user) -> Actor:
    """The actor as a person describes it in a cooperation document, then imported."""
    document = {
        "format": "terreau-cooperation",
        "version": 1,
        "cooperation": {
            "name": "Jardins et cantine du Pays d'Audruicq",
            "aim": "Nourrir le territoire avec ce qu'il cultive",
            "territory": "epci:246200844",
            "cooperation_type": "modelled",
            "economic_model": "hybrid",
            "carrier": "citizen",
            "stage": "emergence",
            "legal_form": "association",
        },
        "actors": [{"id": "jardins", "siret": SIRET, **ENTERED}],
        "members": [{"actor": "jardins", "roles": ["lead"]}],
    }
    cooperation_import(document, by=user, source_name="jardins.json")
    return Actor.objects.get(siret=SIRET)


@pytest.fixture(params=["by hand", "cooperation document"])
def entered(request, alice, alice_client):
    if request.param == "by hand":
        return hand_entered(alice_client)
    return from_cooperation_document(alice)


def test_a_partial_file_overwrites_nothing_a_person_entered(entered, tmp_path):
    provenance = (entered.source, entered.source_name, entered.source_date)
    report = import_csv(
        tmp_path, f"siret,nom,code_commune\n{SIRET},JARDINS PARTAGES AUDRUICQ,62057\n"
    )

    entered.refresh_from_db()
    for name, value in ENTERED.items():
        assert getattr(entered, name) == value, name  # name, kind and contact as entered
    assert (entered.source, entered.source_name, entered.source_date) == provenance
    assert entered.source == Source.MANUAL
    assert report["conflicts"] == [
        {
            "line": 2,
            "actor": entered.pk,
            "field": "name",
            "kept": ENTERED["name"],
            "incoming": "JARDINS PARTAGES AUDRUICQ",
        }
    ]

    again = import_csv(
        tmp_path, f"siret,nom,code_commune\n{SIRET},JARDINS PARTAGES AUDRUICQ,62057\n"
    )
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert again["conflicts"] == report["conflicts"]


def test_the_web_import_keeps_them_too(alice, alice_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    alice.user_permissions.add(Permission.objects.get(codename="import_actors"))
    actor = hand_entered(alice_client)
    content = f"siret;nom;code_commune;type\n{SIRET};JARDINS;62057;\n".encode()
    alice_client.post(
        "/acteurs/import/",
        {"file": SimpleUploadedFile("a.csv", content), "file_format": "csv"},
    )
    job = ImportJob.objects.get()
    alice_client.post(f"/acteurs/import/{job.pk}/lancer/")
    job.refresh_from_db()
    actor.refresh_from_db()
    assert (actor.name, actor.kind, actor.phone) == (
        ENTERED["name"],
        "association",
        ENTERED["phone"],
    )
    assert [(c["field"], c["incoming"]) for c in job.report["conflicts"]] == [("name", "JARDINS")]


def test_a_file_fills_what_the_person_left_empty(alice_client, tmp_path):
    actor = hand_entered(alice_client)
    report = import_csv(
        tmp_path, f"siret,nom,code_commune,adresse\n{SIRET},Jardins,62057,2 rue Haute\n"
    )
    actor.refresh_from_db()
    assert report["updated"] == 1 and actor.commune.code == "62057"
    assert actor.address == "2 rue Haute" and actor.name == ENTERED["name"]
    change = actor.changes.first()
    assert change.source == "a.csv" and set(change.changes) == {"commune", "address"}


def test_an_empty_cell_erases_only_when_asked_and_never_what_a_person_entered(
    alice_client, tmp_path
):
    actor = hand_entered(alice_client)
    file_made = "nom,id,description,site web\nRessourcerie,R1,Réemploi,https://r.example\n"
    import_csv(tmp_path, file_made, name="ressourcerie.csv")
    emptied = f"siret,id,nom,description,site web,email\n{SIRET},,Jardins,,,\n,R1,Ressourcerie,,,\n"

    report = import_csv(tmp_path, emptied)
    assert (report["updated"], report["unchanged"]) == (0, 2)
    assert Actor.objects.get(external_id="R1").website == "https://r.example"

    report = import_csv(tmp_path, emptied, "--clear-empty")
    ressourcerie = Actor.objects.get(external_id="R1")
    assert (ressourcerie.description, ressourcerie.website) == ("", "")
    actor.refresh_from_db()
    assert (actor.description, actor.website, actor.email) == (
        ENTERED["description"],
        ENTERED["website"],
        ENTERED["email"],
    )
    assert {(c["field"], c["kept"], c["incoming"]) for c in report["conflicts"]} == {
        ("name", ENTERED["name"], "Jardins"),
        ("description", ENTERED["description"], ""),
        ("website", ENTERED["website"], ""),
        ("email", ENTERED["email"], ""),
    }
    assert (report["updated"], ressourcerie.name) == (1, "Ressourcerie")


def test_a_default_never_replaces_a_known_kind(alice_client, tmp_path):
    entered = hand_entered(alice_client)
    import_csv(tmp_path, "id,nom,type\nC1,Coopérative de Zutkerque,coopérative\n", name="c.csv")
    report = import_csv(
        tmp_path, f"siret,id,nom\n{SIRET},,{ENTERED['name']}\n,C1,Coopérative de Zutkerque\n"
    )
    assert report["unchanged"] == 2 and report["conflicts"] == []
    assert Actor.objects.get(external_id="C1").kind == "cooperative"
    entered.refresh_from_db()
    assert entered.kind == "association"

    # A legal form says more than a default: it gives the kind of what a file brought, and is
    # listed against what a person chose.
    report = import_csv(
        tmp_path,
        "siret,id,nom,categorie juridique\n"
        f"{SIRET},,{ENTERED['name']},5710\n"
        ",C1,Coopérative de Zutkerque,5499\n",
    )
    assert Actor.objects.get(external_id="C1").kind == "company"
    entered.refresh_from_db()
    assert (entered.kind, entered.legal_form_code) == ("association", "5710")
    assert [(c["field"], c["kept"], c["incoming"]) for c in report["conflicts"]] == [
        ("kind", "association", "company")
    ]


def test_a_register_keeps_a_persons_values_and_fills_the_others(alice_client, tmp_path):
    actor = hand_entered(alice_client)
    etab, ul = sirene_files(
        tmp_path,
        [establishment(1, siret=SIRET, siren=SIRET[:9], nic=SIRET[9:])],
        [legal_unit(1, siren=SIRET[:9], categorieJuridiqueUniteLegale="5499")],
    )
    report = actors_import(path=etab, file_format="sirene", unites_legales=ul)
    actor.refresh_from_db()
    assert (actor.name, actor.kind, actor.description) == (
        ENTERED["name"],
        "association",
        ENTERED["description"],
    )
    assert actor.naf_code == "56.10A" and actor.address == "12 RUE DE LA GARE"
    assert actor.legal_form_code == "5499" and actor.source == Source.MANUAL
    assert {c["field"] for c in report.conflicts} == {"name", "kind"}
    # Without the legal units, the register knows no legal form: it erases none.
    report = actors_import(path=etab, file_format="sirene")
    actor.refresh_from_db()
    assert actor.legal_form_code == "5499" and report.unchanged == 1


def test_an_actor_entered_before_its_fields_were_recorded_is_kept_whole(tmp_path):
    Actor.objects.create(
        name="Épicerie de Polincove", kind="association", siret=SIRET, source=Source.MANUAL
    )
    report = import_csv(
        tmp_path, f"siret,nom,type,code_commune\n{SIRET},EPICERIE,entreprise,62057\n"
    )
    actor = Actor.objects.get()
    assert (actor.name, actor.kind, actor.commune.code) == (
        "Épicerie de Polincove",
        "association",
        "62057",
    )
    assert {c["field"] for c in report["conflicts"]} == {"name", "kind"}


def test_a_newer_file_updates_what_an_older_file_brought(tmp_path):
    import_csv(
        tmp_path,
        "id,nom,code_commune,type,site web\nG1,Garage solidaire,62057,association,\n",
        name="2025.csv",
    )
    report = import_csv(
        tmp_path,
        "id,nom,code_commune,site web\nG1,Garage solidaire du Pays,62906,https://g.example\n",
        name="2026.csv",
    )
    actor = Actor.objects.get()
    assert (report["updated"], report["conflicts"]) == (1, [])
    assert (actor.name, actor.commune.code, actor.website) == (
        "Garage solidaire du Pays",
        "62906",
        "https://g.example",
    )
    assert actor.kind == "association" and actor.source_name == "2026.csv"
    assert actor.changes.get().changes["commune"] == [
        Commune.objects.get(code="62057").pk,
        Commune.objects.get(code="62906").pk,
    ]
