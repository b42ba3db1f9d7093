import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.actors.models import Actor
from terreau.cli import main
from terreau.core.errors import DataFileError
from terreau.diagnosis.models import Need, NeedsImportJob
from terreau.diagnosis.needs_import import needs_import
from terreau.territories.refs import resolve
from tests.diagnosis.factories import actor

pytestmark = pytest.mark.django_db

REGISTER = (
    "Titre;Fonctions de vie;Exprimé par;Comment;Date;Priorité;État\n"
    "Pas de médecin le samedi;Se soigner;Habitants;atelier;12/10/2026;haute;ouvert\n"
    "Transport vers le marché;mobility;Aînés;enquête;2026-09-01;moyenne;\n"
)


def write(tmp_path, text, encoding="cp1252"):
    path = tmp_path / "besoins.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_register_is_imported_then_reimported_without_changes(tmp_path, alice):
    epci = resolve("epci:246200844")
    report = needs_import(path=write(tmp_path, REGISTER), territory=epci, author=alice)
    assert (report.created, report.errors) == (2, [])
    need = Need.objects.get(title="Pas de médecin le samedi")
    assert need.life_functions.split() == ["health"] and need.priority == "high"
    assert need.channel == "workshop" and str(need.voiced_on) == "2026-10-12"
    again = needs_import(path=write(tmp_path, REGISTER), territory=epci, author=alice)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_an_import_never_changes_someone_else_s_need(tmp_path, alice, charlie):
    epci = resolve("epci:246200844")
    needs_import(path=write(tmp_path, REGISTER), territory=epci, author=alice)
    changed = REGISTER.replace("haute;ouvert", "basse;satisfait")
    report = needs_import(path=write(tmp_path, changed), territory=epci, author=charlie)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    mine = Need.objects.get(title="Pas de médecin le samedi", author=alice)
    assert (mine.priority, mine.status) == ("high", "open")


def test_row_errors_are_located_and_atomic_imports_nothing(tmp_path, alice):
    text = REGISTER + "Sans date;food;x;atelier;demain;haute;ouvert\n;food;x;sondage;2026-01-01;;\n"
    epci = resolve("epci:246200844")
    report = needs_import(path=write(tmp_path, text), territory=epci, author=alice, atomic=True)
    assert report.imported is False and not Need.objects.exists()
    assert [(e.line, e.column, e.value) for e in report.errors] == [
        (4, "Date", "demain"),
        (5, "Titre", ""),
        (5, "Comment", "sondage"),
    ]


def test_a_file_without_a_title_column_is_refused(tmp_path, alice):
    with pytest.raises(DataFileError, match="titre"):
        needs_import(
            path=write(tmp_path, "Date;Priorité\n2026-01-01;haute\n"),
            territory=resolve("epci:246200844"),
            author=alice,
        )


def test_importing_from_the_diagnosis_page_runs_as_a_job_only_its_author_follows(
    alice_client, charlie_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = "/territoires/epci:246200844/diagnostic/"
    response = alice_client.post(
        page + "besoins/import/",
        {"file": SimpleUploadedFile("besoins.csv", (REGISTER + "Sans date;;;;hier;;\n").encode())},
    )
    job = NeedsImportJob.objects.get()
    assert response["Location"] == f"{page}besoins/import/{job.pk}/"
    report = alice_client.get(response["Location"]).text
    assert "2 besoins créés, 0 mis à jour, 0 inchangés." in report
    assert "<td>4</td><td>Date</td><td>hier</td>" in report  # the refused line, located
    assert "besoins.csv" in alice_client.get("/travaux/").text
    assert "Transport vers le marché" in alice_client.get(page).text
    # Charlie neither sees the job nor its report.
    assert charlie_client.get(response["Location"]).status_code == 404
    assert "besoins.csv" not in charlie_client.get("/travaux/").text


def test_an_unreadable_register_fails_its_job_with_the_reason(alice_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    response = alice_client.post(
        "/territoires/epci:246200844/diagnostic/besoins/import/",
        {"file": SimpleUploadedFile("besoins.csv", "Date;Priorité\n2026-01-01;haute\n".encode())},
        follow=True,
    )
    assert NeedsImportJob.objects.get().status == NeedsImportJob.Status.FAILED
    failure = "L'import a échoué, rien n'a été importé : besoins.csv, ligne 1 : colonne « titre »"
    assert failure in response.text and not Need.objects.exists()
    assert str(tmp_path) not in response.text  # where the server keeps files is nobody's business


@pytest.fixture
def actors(alice):
    named = {
        "grocery": ("Épicerie solidaire", "62057", {"siret": "40483304800022"}),
        "club": ("Club des aînés", "62906", {"rna": "W623001234"}),
        "arras": ("Cantine d'Arras", "62041", {"siret": "55210055400013"}),
        "parents": ("Collectif des parents", "62057", {"siret": "73282932000074"}),
    }
    made = {}
    for key, (name, commune, identifiers) in named.items():
        made[key] = actor(name, commune)
        Actor.objects.filter(pk=made[key].pk).update(**identifiers)
    Actor.objects.filter(pk=made["parents"].pk).update(is_public=False, created_by=alice)
    return made


WITH_ACTORS = (
    "Titre;Date;Comment;Acteurs concernés\n"
    "Pas de médecin le samedi;12/10/2026;atelier;404 833 048 00022 | w623001234\n"
    "Transport vers le marché;01/09/2026;enquête;W623001234, 40483304800022, W623001234\n"
    "Garde le soir;02/09/2026;atelier;\n"
)


def test_the_actors_column_links_actors_by_siret_or_rna(tmp_path, alice, actors):
    epci = resolve("epci:246200844")
    report = needs_import(path=write(tmp_path, WITH_ACTORS), territory=epci, author=alice)
    assert (report.created, report.errors) == (3, [])
    both = {actors["grocery"], actors["club"]}
    assert set(Need.objects.get(title="Pas de médecin le samedi").actors.all()) == both
    assert set(Need.objects.get(title="Transport vers le marché").actors.all()) == both
    assert not Need.objects.get(title="Garde le soir").actors.exists()
    again = needs_import(path=write(tmp_path, WITH_ACTORS), territory=epci, author=alice)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    fewer = WITH_ACTORS.replace("404 833 048 00022 | w623001234", "W623001234")
    changed = needs_import(path=write(tmp_path, fewer), territory=epci, author=alice)
    assert (changed.updated, changed.unchanged) == (1, 2)
    assert list(Need.objects.get(title="Pas de médecin le samedi").actors.all()) == [actors["club"]]
    # A register without the column leaves the linked actors alone.
    needs_import(path=write(tmp_path, REGISTER), territory=epci, author=alice)
    assert Need.objects.get(title="Pas de médecin le samedi").actors.exists()


def test_unknown_hidden_or_foreign_actors_are_row_errors(tmp_path, alice, charlie, actors):
    text = (
        "Titre;Date;Comment;Acteurs\n"
        "Épicerie;12/10/2026;atelier;40483304800022|55210055400013\n"  # Arras: another EPCI
        "Parents;12/10/2026;atelier;73282932000074\n"  # alice's private actor
        "Inconnu;12/10/2026;atelier;W999999999, 12345\n"
    )
    epci = resolve("epci:246200844")
    report = needs_import(path=write(tmp_path, text), territory=epci, author=charlie)
    assert [(e.line, e.column, e.value) for e in report.errors] == [
        (2, "Acteurs", "55210055400013"),
        (3, "Acteurs", "73282932000074"),
        (4, "Acteurs", "W999999999"),
        (4, "Acteurs", "12345"),
    ]
    assert "aucun acteur de ce territoire" in report.errors[0].message
    assert "ni un SIRET" in report.errors[3].message
    assert report.created == 0 and not Need.objects.exists()
    # The private actor is alice's own: her import links it.
    mine = needs_import(path=write(tmp_path, text), territory=epci, author=alice)
    assert [e.line for e in mine.errors] == [2, 4, 4]
    assert list(Need.objects.get(title="Parents").actors.all()) == [actors["parents"]]


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        status = main(["needs", "import", *map(str, argv)])
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("option", ["--user", "--author"])
def test_the_command_line_imports_as_the_account_it_names(
    tmp_path, capsys, alice, charlie, actors, option
):
    path = write(
        tmp_path, "Titre;Date;Comment;Acteurs\nParents;12/10/2026;atelier;73282932000074\n"
    )
    # The number of alice's private actor, imported by charlie: a row error that says nothing of it.
    status, out, _err = run(capsys, path, "--territory", "epci:246200844", option, "charlie")
    assert status == 1
    assert "line 2, Acteurs «73282932000074»: aucun acteur de ce territoire que vous pouvez" in out
    assert "Collectif des parents" not in out
    assert not Need.objects.exists()
    status, _out, _err = run(capsys, path, "--territory", "epci:246200844", option, "alice")
    assert status == 0
    assert list(Need.objects.get(author=alice).actors.all()) == [actors["parents"]]
    status, out, err = run(capsys, path, "--territory", "epci:246200844", option, "personne")
    assert (status, out) == (2, "") and "unknown user: personne" in err


def test_a_reimport_keeps_the_links_to_actors_the_author_may_no_longer_see(
    tmp_path, charlie, actors
):
    parents = actors["parents"]  # alice's, public for a while
    Actor.objects.filter(pk=parents.pk).update(is_public=True)
    epci = resolve("epci:246200844")
    text = "Titre;Date;Comment;Acteurs\nGarde;12/10/2026;atelier;40483304800022|73282932000074\n"
    needs_import(path=write(tmp_path, text), territory=epci, author=charlie)
    Actor.objects.filter(pk=parents.pk).update(is_public=False)
    fewer = text.replace("|73282932000074", "")
    report = needs_import(path=write(tmp_path, fewer), territory=epci, author=charlie)
    assert (report.errors, report.unchanged) == ([], 1)
    assert set(Need.objects.get().actors.all()) == {actors["grocery"], parents}


def test_a_file_without_a_comment_column_says_which_column_and_values_are_expected(tmp_path, alice):
    text = "Titre;Date;Priorité\nPas de médecin le samedi;12/10/2026;haute\n"
    with pytest.raises(DataFileError) as error:
        needs_import(path=write(tmp_path, text), territory=resolve("epci:246200844"), author=alice)
    message = str(error.value)
    assert "colonne « comment » manquante" in message and "atelier (workshop)" in message
    assert "channel" not in message.replace("(", " ").split()


def test_labels_are_read_whatever_their_plural_case_or_language_and_unknown_ones_listed(
    tmp_path, alice
):
    text = (
        "Besoin;Fonctions de vie;Canal;Date;Priority\n"
        "Pas de médecin le samedi;HEALTH + se déplacer;Ateliers;12/10/2026;HIGH\n"
        "Cantine;Se nourrir;Workshop;12/10/2026;\n"
        "Épicerie;alimentation;atelier;12/10/2026;\n"
        "Sondage;food;sondage;12/10/2026;basse\n"
    )
    report = needs_import(
        path=write(tmp_path, text, "utf-8"), territory=resolve("epci:246200844"), author=alice
    )
    assert report.created == 2
    need = Need.objects.get(title="Pas de médecin le samedi")
    assert need.life_functions.split() == ["health", "mobility"]
    assert (need.channel, need.priority) == ("workshop", "high")
    assert Need.objects.get(title="Cantine").life_functions.split() == ["food"]
    assert [(e.line, e.column, e.value) for e in report.errors] == [
        (4, "Fonctions de vie", "alimentation"),
        (5, "Canal", "sondage"),
    ]
    assert "Se nourrir, s'alimenter (food)" in report.errors[0].message
    assert report.errors[1].message.startswith("valeur inconnue ; valeurs acceptées : atelier")
