"""The NAF → life functions mapping and the legal form → actor kind rules (pure functions, no
database)."""

import csv
import importlib.util
from pathlib import Path

import pytest

from terreau.actors import classification
from terreau.actors.classification import (
    LegalForm,
    actor_kind_for,
    ess_family_for,
    legal_form,
    legal_form_family_choices,
    life_functions_for_naf,
    naf_label,
    normalize_naf,
)
from terreau.core.taxonomies import ActorKind, LifeFunction

DATA_DIR = Path(classification.__file__).parent / "data"
DOCS_PATH = Path(__file__).parents[2] / "docs" / "naf-life-functions.md"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def generator():
    """The generator script, loaded from its file (scripts/ is not a package)."""
    path = Path(__file__).parents[2] / "scripts" / "make_naf_life_functions.py"
    spec = importlib.util.spec_from_file_location("make_naf_life_functions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The mapping file


def test_every_naf_sous_classe_has_exactly_one_row_in_the_mapping():
    naf_codes = [row["code"] for row in read_csv("naf_rev2.csv")]
    mapped_codes = [row["code"] for row in read_csv("naf_life_functions.csv")]
    assert len(naf_codes) == 732
    assert sorted(mapped_codes) == sorted(naf_codes)
    assert len(set(mapped_codes)) == len(mapped_codes)


def test_the_mapping_uses_only_life_function_keys_in_taxonomy_order():
    order = [member.value for member in LifeFunction]
    for row in read_csv("naf_life_functions.csv"):
        keys = row["life_functions"].split()
        assert set(keys) <= set(order), row
        assert keys == sorted(keys, key=order.index), row


def test_the_mapping_labels_are_the_naf_labels():
    labels = {row["code"]: row["label"] for row in read_csv("naf_rev2.csv")}
    for row in read_csv("naf_life_functions.csv"):
        assert row["label"] == labels[row["code"]]


def test_the_mapping_file_is_what_the_generator_produces(generator):
    produced = generator.render_csv(generator.build_rows(generator.load_naf()))
    committed = (DATA_DIR / "naf_life_functions.csv").read_text(encoding="utf-8")
    assert committed == produced, (
        "naf_life_functions.csv was edited by hand or the rules changed: run "
        ".venv/bin/python scripts/make_naf_life_functions.py"
    )


def test_the_documented_rules_table_is_what_the_generator_produces(generator):
    document = DOCS_PATH.read_text(encoding="utf-8")
    table = generator.render_rules_table(generator.load_naf())
    assert generator.with_rules_table(document, table) == document, (
        "the rules table of docs/naf-life-functions.md is stale: run "
        ".venv/bin/python scripts/make_naf_life_functions.py"
    )


def test_the_generator_refuses_a_rule_for_an_unknown_code(generator, monkeypatch):
    bad = generator.rule("99.99", [LifeFunction.FOOD], "no such classe")
    monkeypatch.setattr(generator, "RULES", [*generator.RULES, bad])
    with pytest.raises(ValueError, match=r"99\.99"):
        generator.build_rows(generator.load_naf())


def test_the_generator_refuses_a_sous_classe_no_rule_reaches(generator, monkeypatch):
    monkeypatch.setattr(generator, "RULES", [r for r in generator.RULES if r.code != "T"])
    with pytest.raises(ValueError, match=r"97\.00Z"):
        generator.build_rows(generator.load_naf())


def test_the_most_specific_rule_wins(generator):
    rows = {
        code: functions for code, functions, _label in generator.build_rows(generator.load_naf())
    }
    assert rows["01.11Z"] == "food"  # division 01
    assert rows["01.15Z"] == ""  # classe 01.15 (tobacco) overrides division 01
    assert rows["41.10A"] == "housing"  # division 41
    assert rows["41.10B"] == ""  # sous-classe 41.10B (offices) overrides division 41


# Life functions users rely on


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("56.10A", ["food"]),  # restaurant
        ("47.11D", ["food"]),  # supermarket
        ("86.21Z", ["health"]),  # general practitioner
        ("47.73Z", ["health"]),  # pharmacy
        ("87.10A", ["health", "housing"]),  # EHPAD
        ("85.20Z", ["learning"]),  # primary school
        ("88.91A", ["learning", "social_ties"]),  # crèche
        ("38.11Z", ["environment"]),  # waste collection
        ("35.11Z", ["environment"]),  # electricity production
        ("95.22Z", ["environment"]),  # repair of household appliances
        ("47.79Z", ["environment"]),  # second-hand shop
        ("49.31Z", ["mobility"]),  # urban transport
        ("45.20A", ["mobility"]),  # car repair
        ("77.21Z", ["mobility", "culture"]),  # bicycle rental
        ("78.20Z", ["work"]),  # temporary work agency
        ("90.01Z", ["culture"]),  # performing arts
        ("94.99Z", ["social_ties"]),  # association
        ("68.20A", ["housing"]),  # renting homes
        ("55.10Z", []),  # hotel: tourist accommodation is not housing
        ("25.40Z", []),  # weapons
        ("46.71Z", []),  # wholesale of fuels
        ("64.20Z", []),  # holding company
    ],
)
def test_life_functions_of_common_activities(code, expected):
    assert life_functions_for_naf(code) == expected


def test_life_functions_are_plain_values_in_taxonomy_order():
    functions = life_functions_for_naf("43.29A")
    assert functions == [LifeFunction.HOUSING.value, LifeFunction.ENVIRONMENT.value]
    assert all(type(key) is str for key in functions)


@pytest.mark.parametrize("code", ["", None, "99.99Z", "0111", "abc", "01.11ZZ"])
def test_unknown_naf_codes_serve_no_life_function(code):
    assert life_functions_for_naf(code) == []


# NAF code forms


@pytest.mark.parametrize("code", ["01.11Z", "0111Z", "01.11z", "0111z", " 01.11Z ", "01 11 Z"])
def test_naf_code_forms_are_accepted(code):
    assert normalize_naf(code) == "01.11Z"
    assert naf_label(code).startswith("Culture de céréales")
    assert life_functions_for_naf(code) == ["food"]


@pytest.mark.parametrize("code", ["", None, "99.99Z", "01.11", "011Z", "A01.11Z", "01.11Y"])
def test_unknown_naf_codes_normalize_to_none(code):
    assert normalize_naf(code) is None
    assert naf_label(code) is None


# Legal forms


def test_a_legal_form_has_its_label_and_family():
    assert legal_form("9220") == LegalForm(
        code="9220", label="Association déclarée", family="association"
    )
    assert legal_form(" 5710 ").label == "SAS, société par actions simplifiée"
    assert legal_form("5710").family == ""


@pytest.mark.parametrize("code", ["", None, "92", "9", "1234", "abcd"])
def test_only_level_3_codes_are_legal_forms(code):
    assert legal_form(code) is None


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("9220", "association"),
        ("9300", "foundation"),
        ("8210", "mutual"),
        ("6411", "mutual"),
        ("5460", "cooperative"),
        ("5458", "cooperative"),
        ("6595", "cooperative"),
        ("9240", ""),
        ("5710", ""),
        ("1000", ""),
        (None, ""),
        ("0001", ""),
    ],
)
def test_ess_family(code, family):
    assert ess_family_for(code) == family


def test_every_family_of_the_file_has_a_key_and_a_filter_choice():
    families = {row["ess_family"] for row in read_csv("categories_juridiques.csv")}
    keys = {ess_family_for(row["code"]) for row in read_csv("categories_juridiques.csv")}
    assert families == {"association", "fondation", "mutuelle", "cooperative", ""}
    assert keys == {key for key, _label in legal_form_family_choices()}
    assert keys - {""} <= {kind.value for kind in ActorKind}


def test_family_choices_have_french_labels():
    assert [(key, str(label)) for key, label in legal_form_family_choices()] == [
        ("association", "Association"),
        ("foundation", "Fondation"),
        ("mutual", "Mutuelle"),
        ("cooperative", "Coopérative"),
        ("", "Autre forme"),
    ]


# Legal form → actor kind


@pytest.mark.parametrize(
    ("code", "ess", "kind"),
    [
        ("9220", False, ActorKind.ASSOCIATION),
        ("9220", True, ActorKind.ASSOCIATION),
        ("9300", False, ActorKind.FOUNDATION),
        ("8210", True, ActorKind.MUTUAL),
        ("5460", True, ActorKind.COOPERATIVE),  # autre SARL coopérative
        ("5460", False, ActorKind.COOPERATIVE),  # the family wins over the ESS flag
        ("5710", True, ActorKind.ESS_COMPANY),  # SAS (a SCIC in SAS form, for instance)
        ("5710", False, ActorKind.COMPANY),
        ("5499", False, ActorKind.COMPANY),
        ("1000", False, ActorKind.COMPANY),  # entrepreneur individuel
        ("1000", True, ActorKind.COMPANY),
        ("7210", False, ActorKind.LOCAL_AUTHORITY),  # commune
        ("7220", False, ActorKind.LOCAL_AUTHORITY),  # département
        ("7229", False, ActorKind.LOCAL_AUTHORITY),  # other collectivité territoriale
        ("7230", False, ActorKind.LOCAL_AUTHORITY),  # région
        ("7346", False, ActorKind.LOCAL_AUTHORITY),  # communauté de communes
        ("7348", False, ActorKind.LOCAL_AUTHORITY),  # communauté d'agglomération
        ("7344", False, ActorKind.LOCAL_AUTHORITY),  # métropole
        ("7353", False, ActorKind.LOCAL_AUTHORITY),  # SIVU
        ("7357", False, ActorKind.LOCAL_AUTHORITY),  # PETR
        ("7361", False, ActorKind.PUBLIC_BODY),  # CCAS
        ("7381", False, ActorKind.PUBLIC_BODY),  # organisme consulaire
        ("7113", False, ActorKind.PUBLIC_BODY),  # ministère
        ("7410", False, ActorKind.PUBLIC_BODY),  # GIP
        ("4140", False, ActorKind.PUBLIC_BODY),  # EPIC local
        ("8110", False, ActorKind.PUBLIC_BODY),  # régime général de la Sécurité sociale
        ("7383", False, ActorKind.RESEARCH),  # université
        ("8410", False, ActorKind.NETWORK),  # syndicat de salariés
        ("9110", True, ActorKind.ESS_COMPANY),  # syndicat de copropriété flagged ESS
        ("0001", False, ActorKind.COMPANY),  # unknown code: an unspecified legal entity
        (None, False, ActorKind.INFORMAL_GROUP),
        ("", True, ActorKind.INFORMAL_GROUP),
    ],
)
def test_actor_kind_for(code, ess, kind):
    assert actor_kind_for(legal_form_code=code, ess=ess) == kind.value


def test_the_checked_labels_are_the_ones_the_rules_assume():
    labels = {form: legal_form(form).label for form in ("7210", "7346", "7348", "7381", "7383")}
    assert labels == {
        "7210": "Commune et commune nouvelle",
        "7346": "Communauté de communes",
        "7348": "Communauté d'agglomération",
        "7381": "Organisme consulaire",
        "7383": "Établissement public national à caractère scientifique culturel et professionnel",
    }


def test_every_level_3_code_has_a_kind():
    kinds = {kind.value for kind in ActorKind}
    for row in read_csv("categories_juridiques.csv"):
        if row["level"] == "3":
            assert actor_kind_for(legal_form_code=row["code"], ess=True) in kinds


@pytest.mark.parametrize(
    ("purpose", "expected"),
    [
        ("Favoriser le lien social par le jardinage", ["food", "social_ties", "environment"]),
        ("Gestion d'une épicerie solidaire", ["food", "social_ties"]),
        ("Association sportive et culturelle", ["culture"]),
        ("Répondre aux besoins des habitants en matière de logement", ["housing", "social_ties"]),
        ("Amicale des anciens élèves", []),
        ("", []),
    ],
)
def test_an_association_purpose_gives_its_life_functions(purpose, expected):
    assert classification.life_functions_for_text(purpose) == expected
