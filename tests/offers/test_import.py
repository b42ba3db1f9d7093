"""`terreau offers import`: our JSON and CSV formats and the aides-territoires API JSON, with the
contract of actor imports (located errors, one transaction, idempotent re-import)."""

import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from terreau.actors.models import Actor
from terreau.cli import main
from terreau.core.text import search_key
from terreau.offers.models import Offer

FIXTURES = Path(__file__).parent.parent / "fixtures" / "offers"
AT_PAGE = FIXTURES / "aides-territoires-page.json"
AT_MALFORMED = FIXTURES / "aides-territoires-malformed.json"

pytestmark = pytest.mark.django_db


def run(*args) -> int:
    try:
        return main(["offers", "import", *map(str, args)])
    except SystemExit as exit_:  # how an unknown --user ends
        return exit_.code


def test_aides_territoires_page_maps_each_field(capsys):
    assert run(AT_PAGE, "--format", "aides-territoires") == 0
    out = capsys.readouterr().out
    assert "4 created, 0 updated, 0 unchanged, 0 errors" in out

    leader = Offer.objects.get(source="aides-territoires", source_id="162670")
    assert leader.kind == "financing"
    # "Subvention" → grant; the call for projects adds its type; "Ingénierie technique" has no
    # support type of ours and the aid is a financing one.
    assert leader.types == " grant call_for_projects "
    assert leader.is_call_for_projects is True
    # preop → idéation, émergence; op → création.
    assert leader.stages == " ideation emergence creation "
    assert leader.audiences == " association local_authority "
    assert leader.perimeter_refs == ["departement:42"]
    assert leader.rate_min == Decimal("0") and leader.rate_max == Decimal("80")
    assert leader.amount_min is None and leader.amount_max is None
    assert leader.opens_on == datetime.date(2024, 3, 20)
    assert leader.deadline == datetime.date(2025, 2, 28)
    assert leader.recurrence == "one_off"
    assert leader.funder_names == ["GAL Loire"]
    assert leader.url == "https://www.auvergnerhonealpes.fr/aides/porter-un-projet-leader-feader"
    assert leader.source_url == (
        "https://aides-territoires.beta.gouv.fr/aides/deployer-des-moyens-dingenierie-en-faveur-"
        "des-projets-de-revitalisation-des-centres-bourgs/"
    )
    assert (
        leader.description
        == "Contexte\nSoutenir l'animation et les études des projets de centre-bourg."
    )
    assert leader.contact == "Coordination : 04 26 24 72 36\nMail : leaderloire@loireforez.fr"
    assert leader.status == "published"
    # Unknown stays unknown: nothing in the aid says these.
    assert leader.cooperation_models is None
    assert leader.legal_entity_required is None
    assert leader.funds_animation is None
    assert leader.licence == ""

    loan = Offer.objects.get(source_id="90001")
    assert (loan.kind, loan.types, loan.amount_max) == ("financing", " loan ", Decimal("10000"))
    assert loan.audiences == " company ess_company association cooperative scic "
    assert loan.perimeter_refs == ["region:27"]
    assert loan.recurrence == "ongoing"
    assert loan.is_call_for_projects is False
    assert loan.stages == " creation "
    assert loan.provider_names == ["France Active Franche-Comté"]
    assert loan.licence == "openlicence20"

    legal = Offer.objects.get(source_id="90002")
    assert (legal.kind, legal.types) == ("support", " legal_engineering ")
    assert legal.perimeter_refs == ["france"]
    assert legal.stages == " consolidation scaling "
    assert legal.contact == "" and legal.eligibility_note == ""

    citizens = Offer.objects.get(source_id="90003")
    assert citizens.perimeter_refs == ["commune:93055"]
    assert citizens.audiences == " association inhabitant "
    assert citizens.stages is None  # no step given: unknown


def test_reimport_reports_everything_unchanged(capsys):
    assert run(AT_PAGE, "--format", "aides-territoires") == 0
    capsys.readouterr()
    assert run(AT_PAGE, "--format", "aides-territoires") == 0
    assert "0 created, 0 updated, 4 unchanged, 0 errors" in capsys.readouterr().out
    assert Offer.objects.count() == 4


def test_reimport_updates_what_changed(tmp_path, capsys):
    assert run(AT_PAGE, "--format", "aides-territoires") == 0
    page = json.loads(AT_PAGE.read_text())
    page["results"][1]["loan_amount"] = 15000
    page["results"][2]["perimeter"] = "Jura (Département)"
    changed = tmp_path / "page.json"
    changed.write_text(json.dumps(page, ensure_ascii=False))
    capsys.readouterr()
    assert run(changed, "--format", "aides-territoires") == 0
    assert "0 created, 2 updated, 2 unchanged" in capsys.readouterr().out
    assert Offer.objects.get(source_id="90001").amount_max == Decimal("15000")
    assert Offer.objects.get(source_id="90002").perimeter_refs == ["departement:39"]


def test_malformed_aides_territoires_file_says_what_and_where(capsys):
    assert run(AT_MALFORMED, "--format", "aides-territoires") == 1
    out = capsys.readouterr().out
    assert "1 created, 0 updated, 0 unchanged" in out
    assert "offer 2, targeted_audiences «Martiens»: valeur inconnue d'aides-territoires" in out
    assert "offer 2, submission_deadline «31 février»: date attendue" in out
    assert (
        "offer 2, subvention_rate_upper_bound «40»: Le maximum est inférieur au minimum." not in out
    )
    assert "offer 3, name «»: nom manquant" in out
    assert "offer 3, aid_types «Bon d'achat»: valeur inconnue d'aides-territoires" in out
    assert "offer 3, recurrence «Parfois»: valeur inconnue d'aides-territoires" in out
    assert "offer 4,  «pas une aide»: une offre doit être un objet JSON" in out
    assert list(Offer.objects.values_list("name", flat=True)) == ["Une aide correcte"]


def test_rates_in_the_wrong_order_are_refused_at_their_field(tmp_path, capsys):
    page = {"results": [json.loads(AT_MALFORMED.read_text())["results"][1]]}
    page["results"][0]["targeted_audiences"] = ["Association"]
    page["results"][0]["submission_deadline"] = "2030-01-31"
    path = tmp_path / "rates.json"
    path.write_text(json.dumps(page, ensure_ascii=False))
    assert run(path, "--format", "aides-territoires") == 1
    out = capsys.readouterr().out
    assert "offer 1, subvention_rate_upper_bound «40»: Le maximum est inférieur au minimum." in out
    assert not Offer.objects.exists()


def test_atomic_import_keeps_the_catalogue_as_it_was(capsys):
    assert run(AT_PAGE, "--format", "aides-territoires") == 0
    before = list(Offer.objects.order_by("pk").values_list("pk", "name", "updated_at"))
    assert run(AT_MALFORMED, "--format", "aides-territoires", "--atomic") == 1
    assert "NOT imported): 0 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert list(Offer.objects.order_by("pk").values_list("pk", "name", "updated_at")) == before


def test_unreadable_file_exits_2_and_writes_nothing(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"results": [ {"id": 1, ')
    assert run(broken, "--format", "aides-territoires") == 2
    assert "broken.json, ligne 1 : JSON mal formé" in capsys.readouterr().err
    assert run(tmp_path / "absent.json", "--format", "json") == 2
    assert not Offer.objects.exists()


def test_unrecognised_perimeter_is_left_unknown_and_reported(tmp_path, capsys):
    page = json.loads(AT_PAGE.read_text())
    page["results"] = page["results"][:1]
    page["results"][0]["perimeter"] = "GAL Loire AAP Revitalisation de centre-bourg"
    path = tmp_path / "adhoc.json"
    path.write_text(json.dumps(page, ensure_ascii=False))
    assert run(path, "--format", "aides-territoires") == 0
    out = capsys.readouterr().out
    assert (
        "offre n° 1 : périmètre « GAL Loire AAP Revitalisation de centre-bourg » non reconnu" in out
    )
    assert Offer.objects.get().perimeter_refs == []


OUR_JSON = [
    {
        "id": "impulsion-39",
        "name": "Fonds d'impulsion (test)",
        "kind": "financing",
        "types": ["seed_fund"],
        "perimeter": ["departement:39"],
        "audiences": ["informal_group", "association"],
        "stages": ["emergence"],
        "legal_entity_required": False,
        "funds_animation": True,
        "ecological_transition": True,
        "amount_max": 30000.50,
        "duration_months": 12,
        "funders": ["Région Bourgogne-Franche-Comté"],
    },
    {
        "id": "dla",
        "name": "DLA (test)",
        "kind": "accompagnement",
        "types": ["Dispositif local d'accompagnement (DLA)"],
        "perimeter": "france",
        "legal_entity_required": None,
    },
]


def test_our_json_format_keeps_unknown_apart_from_no(tmp_path, capsys):
    path = tmp_path / "offers.json"
    path.write_text(json.dumps({"offers": OUR_JSON}, ensure_ascii=False))
    assert run(path, "--format", "json", "--licence", "CC-BY 4.0") == 0
    fund = Offer.objects.get(source="json", source_id="impulsion-39")
    assert fund.amount_max == Decimal("30000.50")  # read as a decimal, never a float
    assert fund.legal_entity_required is False
    assert fund.funds_animation is True
    assert fund.ecological_transition is True
    assert fund.audiences == " association informal_group "  # in taxonomy order
    assert fund.licence == "CC-BY 4.0"
    dla = Offer.objects.get(source_id="dla")
    assert (dla.kind, dla.types) == ("support", " dla ")
    assert dla.legal_entity_required is None
    assert dla.funds_animation is None
    assert dla.ecological_transition is False
    assert dla.stages is None
    assert dla.perimeter_refs == ["france"]
    capsys.readouterr()
    assert run(path, "--format", "json", "--licence", "CC-BY 4.0") == 0
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_our_json_format_errors(tmp_path, capsys):
    bad = [
        {**OUR_JSON[0], "perimeter": ["departement:999"], "stages": ["demain"]},
        {**OUR_JSON[1], "amount_min": "beaucoup", "colour": "blue"},
        {**OUR_JSON[1], "name": "Doublon"},
    ]
    path = tmp_path / "offers.json"
    path.write_text(json.dumps(bad, ensure_ascii=False))
    assert run(path, "--format", "json") == 1
    out = capsys.readouterr().out
    assert "offer 1, perimeter «departement:999»: Territoire inconnu" in out
    assert (
        "offer 1, stages «demain»: valeur inconnue : « demain » ; valeurs acceptées : "
        "Idéation (ideation); Émergence (emergence)"
    ) in out
    assert "offer 2, amount_min «beaucoup»: nombre attendu" in out
    assert "offer 2, colour «blue»: champ inconnu" in out
    assert "offer 3, id «dla»: identifiant déjà utilisé par offre n° 2" not in out  # 2 failed
    assert Offer.objects.filter(source_id="dla").count() == 1


CSV = FIXTURES / "offres.csv"  # line 4 is wrong in four columns


def test_csv_format_reports_line_and_column(capsys):
    assert run(CSV, "--format", "csv") == 1
    out = capsys.readouterr().out
    assert "2 created, 0 updated, 0 unchanged, 4 errors" in out
    assert "line 4, périmètre «region:99»: Territoire inconnu" in out
    assert "line 4, publics visés «martiens»: valeur inconnue" in out
    assert "line 4, structure juridique exigée «peut-être»: oui/non attendu" in out
    assert "line 4, date limite «2025-13-01»: date attendue" in out
    okote = Offer.objects.get(source="csv", source_id="okote")
    assert okote.funder_names == ["Eurométropole de Strasbourg", "Entreprises mécènes"]
    assert okote.audiences is None and okote.legal_entity_required is None
    dla = Offer.objects.get(source="csv", source_id="dla")
    assert dla.audiences == " association scic "
    assert dla.legal_entity_required is True


def test_dry_run_writes_nothing(tmp_path, capsys):
    assert run(AT_PAGE, "--format", "aides-territoires", "--dry-run") == 0
    assert "(dry run): 4 created" in capsys.readouterr().out
    assert not Offer.objects.exists()


def test_report_file(tmp_path):
    copy = tmp_path / "page.json"
    shutil.copy(AT_MALFORMED, copy)
    report = tmp_path / "report.json"
    assert run(copy, "--format", "aides-territoires", "--report", report) == 1
    data = json.loads(report.read_text())
    assert data["created"] == 1
    assert {
        "line": 2,
        "column": "targeted_audiences",
        "value": "Martiens",
        "message": "valeur inconnue d'aides-territoires",
    } in data["errors"]


# Providers and funders among the actors the importing person may see


@pytest.fixture
def directory(alice, charlie):
    """Three actors with a SIRET: a public one, alice's private one and charlie's private one."""
    made = {}
    for key, name, number, owner in (
        ("public", "Région Bourgogne-Franche-Comté", "23250001900018", None),
        ("alice", "Fonds d'Alice", "40483304800022", alice),
        ("charlie", "Fondation de Charlie", "73282932000074", charlie),
    ):
        made[key] = Actor.objects.create(
            name=name,
            search_name=search_key(name),
            kind="company",
            siret=number,
            email=f"{key}@fonds.example",
            source="manual",
            is_public=owner is None,
            created_by=owner,
        )
    return made


def offers_file(tmp_path, **fields) -> Path:
    path = tmp_path / "offres.json"
    path.write_text(json.dumps([{**OUR_JSON[1], **fields}], ensure_ascii=False))
    return path


def test_providers_are_found_among_the_actors_the_importer_may_see(tmp_path, capsys, directory):
    numbers = [directory[key].siret for key in ("public", "alice")]
    path = offers_file(tmp_path, providers=numbers, funders=["Fondation de Charlie"])
    assert run(path, "--format", "json", "--user", "alice") == 0
    offer = Offer.objects.get(source_id="dla")
    assert set(offer.providers.all()) == {directory["public"], directory["alice"]}
    # A name is matched only with a public actor: charlie's stays a name, and is not linked.
    assert (list(offer.funders.all()), offer.funder_names) == ([], ["Fondation de Charlie"])


def test_the_number_of_someone_else_s_private_actor_is_refused_like_an_unknown_one(
    tmp_path, capsys, directory
):
    hidden, unknown = directory["charlie"].siret, "55210055400013"
    path = offers_file(tmp_path, providers=[hidden], funders=[unknown])
    assert run(path, "--format", "json", "--user", "alice") == 1
    out = capsys.readouterr().out
    message = "aucun acteur de l'annuaire que vous pouvez voir n'a ce numéro"
    assert f"offer 1, providers «{hidden}»: {message}" in out
    assert f"offer 1, funders «{unknown}»: {message}" in out
    assert "Fondation de Charlie" not in out and "charlie@fonds.example" not in out
    assert not Offer.objects.exists()
    # The operator may name any actor.
    path = offers_file(tmp_path, providers=[hidden])
    assert run(path, "--format", "json") == 0
    assert list(Offer.objects.get().providers.all()) == [directory["charlie"]]


def test_a_reimport_keeps_links_to_actors_the_importer_may_not_see(tmp_path, capsys, directory):
    path = offers_file(tmp_path, providers=[directory["alice"].siret])
    assert run(path, "--format", "json", "--user", "alice") == 0
    offer = Offer.objects.get()
    offer.providers.add(directory["charlie"])  # by someone who may see it
    capsys.readouterr()
    assert run(path, "--format", "json", "--user", "alice") == 0
    assert "0 updated, 1 unchanged" in capsys.readouterr().out
    assert set(offer.providers.all()) == {directory["alice"], directory["charlie"]}


def test_an_offer_the_importer_may_not_edit_is_left_as_it_is(tmp_path, capsys, alice, charlie):
    assert run(offers_file(tmp_path), "--format", "json", "--user", "charlie") == 0
    renamed = offers_file(tmp_path, name="DLA renommé par alice")
    capsys.readouterr()
    assert run(renamed, "--format", "json", "--user", "alice") == 1
    out = capsys.readouterr().out
    assert "offer 1, id «dla»: identifiant d'une offre que vous ne pouvez pas modifier" in out
    assert Offer.objects.get().name == "DLA (test)"
    assert run(renamed, "--format", "json", "--user", "personne") == 2


def test_csv_labels_with_commas_plurals_and_english_are_read(tmp_path, capsys):
    path = tmp_path / "offres.csv"
    path.write_text(
        "id;nom;nature;types;périmètre;publics visés;fonctions de vie;étapes\n"
        "a;Fonds alimentaire;Financement;Subventions, Prêts d'honneur;france;Associations | "
        "Collectivités;Se nourrir, s'alimenter | Se former, apprendre;Emergence, création\n"
        "b;Autre;support;dla;france;;alimentation;\n",
        encoding="utf-8",
    )
    assert run(path, "--format", "csv") == 1
    out = capsys.readouterr().out
    assert "1 created" in out
    assert "line 3, fonctions de vie «alimentation»: valeur inconnue : « alimentation »" in out
    assert "Se nourrir, s'alimenter (food)" in out
    offer = Offer.objects.get(source_id="a")
    assert (offer.kind, offer.types) == ("financing", " grant honour_loan ")
    assert offer.audiences == " association local_authority "
    assert offer.life_functions == " food learning "
    assert offer.stages == " emergence creation "


def test_an_offer_that_supports_and_finances_imports_types_of_both_kinds(tmp_path, capsys):
    both = {"id": "impulsion", "name": "Fonds d'impulsion", "kind": "financing"}
    both |= {"types": ["seed_fund", "trusted_third_party"], "perimeter": ["departement:39"]}
    path = tmp_path / "offres.json"
    path.write_text(json.dumps([{**both, "both_kinds": True}], ensure_ascii=False))
    assert run(path, "--format", "json") == 0
    offer = Offer.objects.get(source_id="impulsion")
    assert offer.both_kinds and offer.types == " seed_fund trusted_third_party "
    path.write_text(json.dumps([{**both, "id": "financement-seul"}], ensure_ascii=False))
    assert run(path, "--format", "json") == 1
    assert "type inconnu pour cette nature d'offre" in capsys.readouterr().out
