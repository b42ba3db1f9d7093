"""An actor import matches only the actors the importing person may see: charlie's private actor is
neither matched, nor changed, nor revealed when alice imports a file naming its SIRET; the
operator (the command line without --user) and staff still match every actor."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from terreau.actors.models import Actor, ActorChange, ImportJob
from terreau.actors.services import actor_save, actors_import
from terreau.cli import main
from terreau.territories.models import Commune
from tests.actors.files import establishment, legal_unit, sirene_files, siret
from tests.personas import client_for

pytestmark = pytest.mark.django_db

CHARLIE_S = siret(7)
PUBLIC_S = siret(8)
# What only charlie may read of his actor: none of it may reach alice.
SECRETS = ["Atelier de Charlie", "charlie@atelier.example", "03 21 00 00 07", "Carnet de Charlie"]


def by_hand(user, name: str, *, is_public: bool, **fields) -> Actor:
    actor = Actor(
        name=name,
        kind="association",
        commune=Commune.objects.get(code="62057"),
        is_public=is_public,
        **fields,
    )
    return actor_save(actor=actor, by=user, changed={})


@pytest.fixture
def charlies_actor(charlie):
    return by_hand(
        charlie,
        "Atelier de Charlie",
        is_public=False,
        siret=CHARLIE_S,
        siren=CHARLIE_S[:9],
        email="charlie@atelier.example",
        phone="03 21 00 00 07",
        description="Carnet de Charlie",
    )


@pytest.fixture
def public_actor(charlie):
    return by_hand(charlie, "Épicerie ouverte", is_public=True, siret=PUBLIC_S)


def snapshot(actor: Actor) -> dict:
    actor.refresh_from_db()
    return {**model_to_dict(actor), "updated_at": actor.updated_at}


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def spreadsheet(tmp_path, *rows: str):
    path = tmp_path / "acteurs.csv"
    path.write_text("nom,siret,rna,code_commune,email,téléphone\n" + "".join(rows))
    return path


def test_alice_s_import_neither_matches_nor_changes_nor_shows_charlie_s_private_actor(
    tmp_path, capsys, alice, charlies_actor, public_actor
):
    before = snapshot(charlies_actor)
    path = spreadsheet(
        tmp_path,
        f"Mon atelier,{CHARLIE_S},,62057,alice@example.org,06 00 00 00 00\n",
        f"Épicerie ouverte,{PUBLIC_S},,62057,,\n",
    )
    report_path = tmp_path / "rapport.json"
    argv = ["actors", "import", str(path), "--format", "csv", "--report", str(report_path)]
    status, out, _err = run(capsys, *argv, "--user", "alice")

    assert status == 1
    refused = f"line 2, siret «{CHARLIE_S}»: numéro d'un acteur privé que vous ne pouvez pas voir"
    assert refused in out
    assert snapshot(charlies_actor) == before
    assert not ActorChange.objects.filter(actor=charlies_actor).exists()
    assert Actor.objects.count() == 2  # the row was not imported as a copy either
    report = report_path.read_text()
    assert json.loads(report)["created"] == 0
    for secret in SECRETS:
        assert secret not in out and secret not in report
    # The public actor is matched as before.
    assert Actor.objects.filter(siret=PUBLIC_S).count() == 1
    # Alice's directory and export still know nothing of charlie's actor.
    alice_client = client_for(alice)
    for url in (
        "/acteurs/?territoire=epci:246200844",
        "/acteurs/export.csv?territoire=epci:246200844",
    ):
        page = alice_client.get(url).getvalue().decode()
        assert "Épicerie ouverte" in page
        assert not any(secret in page for secret in SECRETS)


def test_an_rna_number_of_a_private_actor_is_refused_the_same_way(tmp_path, alice, charlie):
    hidden = by_hand(charlie, "Club de Charlie", is_public=False, rna="W623001234")
    before = snapshot(hidden)
    report = actors_import(
        path=spreadsheet(tmp_path, "Club,,W623001234,62057,,\n"), file_format="csv", by=alice
    )
    assert [(e.line, e.column, e.value) for e in report.errors] == [(2, "rna", "W623001234")]
    assert "Club de Charlie" not in report.errors[0].message
    assert snapshot(hidden) == before


def test_a_row_naming_a_private_number_beside_a_visible_one_is_refused_whole(
    tmp_path, alice, charlies_actor, public_actor
):
    """Matching the public actor would give it charlie's RNA number: the row is refused."""
    Actor.objects.filter(pk=charlies_actor.pk).update(rna="W623001234")
    path = spreadsheet(tmp_path, f"Épicerie ouverte,{PUBLIC_S},W623001234,62057,,\n")
    report = actors_import(path=path, file_format="csv", by=alice)
    assert [(e.line, e.column) for e in report.errors] == [(2, "rna")]
    assert Actor.objects.get(pk=public_actor.pk).rna == ""


def test_alice_matches_her_own_private_actor(tmp_path, alice):
    mine = by_hand(alice, "Atelier d'Alice", is_public=False, siret=CHARLIE_S)
    path = spreadsheet(tmp_path, f"Atelier d'Alice,{CHARLIE_S},,62057,a@example.org,\n")
    report = actors_import(path=path, file_format="csv", by=alice)
    assert (report.errors, report.created) == ([], 0)
    assert Actor.objects.get().pk == mine.pk


@pytest.mark.parametrize("argv", [[], ["--user", "ada"]])
def test_the_operator_and_staff_still_match_every_actor(
    tmp_path, capsys, ada, charlies_actor, argv
):
    path = spreadsheet(tmp_path, f"Atelier de Charlie,{CHARLIE_S},,62057,,\n")
    status, out, _err = run(capsys, "actors", "import", str(path), "--format", "csv", *argv)
    assert status == 0 and "0 created" in out
    assert Actor.objects.get().pk == charlies_actor.pk


def test_an_unknown_user_exits_2_and_imports_nothing(tmp_path, capsys):
    path = spreadsheet(tmp_path, "A,,,62057,,\n")
    status, out, err = run(capsys, "actors", "import", str(path), "--format", "csv", "--user", "x")
    assert (status, out) == (2, "") and "unknown user: x" in err
    assert not Actor.objects.exists()


def test_a_siret_and_an_rna_number_of_two_different_actors_are_a_row_error(tmp_path, alice):
    by_hand(alice, "Atelier", is_public=True, siret=CHARLIE_S)
    by_hand(alice, "Club", is_public=True, rna="W623001234")
    path = spreadsheet(tmp_path, f"Atelier,{CHARLIE_S},W623001234,62057,,\n")
    report = actors_import(path=path, file_format="csv", by=alice)
    assert [(e.line, e.column, e.value) for e in report.errors] == [(2, "rna", "W623001234")]
    assert "« Club »" in report.errors[0].message and "« Atelier »" in report.errors[0].message
    assert Actor.objects.get(name="Atelier").rna == ""


def test_a_sirene_import_locates_the_refused_line(tmp_path, alice, charlies_actor):
    etab, units = sirene_files(
        tmp_path, [establishment(1), establishment(7)], [legal_unit(1), legal_unit(7)]
    )
    report = actors_import(path=etab, file_format="sirene", unites_legales=units, by=alice)
    assert [(e.line, e.column, e.value) for e in report.errors] == [(3, "siret", CHARLIE_S)]
    assert report.created == 1


def test_the_web_import_applies_the_importer_s_visibility(
    alice, charlies_actor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    alice.user_permissions.add(Permission.objects.get(codename="import_actors"))
    client = client_for(alice)
    before = snapshot(charlies_actor)
    content = f"nom;siret;code_commune\nMon atelier;{CHARLIE_S};62057\n".encode()
    client.post(
        "/acteurs/import/",
        {"file": SimpleUploadedFile("a.csv", content), "file_format": "csv"},
    )
    job = ImportJob.objects.get()
    client.post(f"/acteurs/import/{job.pk}/lancer/")
    job.refresh_from_db()
    assert [(e["line"], e["column"]) for e in job.report["errors"]] == [(2, "siret")]
    assert snapshot(charlies_actor) == before
    page = client.get(f"/acteurs/import/{job.pk}/").content.decode()
    assert "acteur privé que vous ne pouvez pas voir" in page
    assert not any(secret in page for secret in SECRETS)
