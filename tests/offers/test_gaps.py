"""The offers of a territory and its gaps, on a catalogue small enough to count by hand."""

import csv
import io
import json
from datetime import date

import pytest

from terreau.cli import main
from terreau.diagnosis.models import Need
from terreau.offers.gaps import coverage_matrix, gaps_csv, territory_gaps, territory_offers
from terreau.territories.refs import resolve
from tests.cooperations.factories import make_cooperation
from tests.offers.matching_factories import TODAY, make_offer

pytestmark = pytest.mark.django_db
AUDRUICQ = "epci:246200844"  # CC de la Région d'Audruicq, Pas-de-Calais, Hauts-de-France


@pytest.fixture
def catalogue():
    return {
        "peers": make_offer(
            "Réseau de pairs",
            kind="support",
            types=["peer_support"],
            audiences=["association"],
            stages=["ideation", "emergence"],
        ),
        "fund": make_offer(
            "Fonds citoyen alimentaire du Pas-de-Calais",
            perimeter=["departement:62"],
            types=["seed_fund"],
            cooperation_models=["pat"],
            carriers=["citizen"],
            life_functions=["food"],
            audiences=["informal_group"],
            legal_entity_required=False,
            funds_animation=True,
        ),
        "local": make_offer(
            "Subvention communale fictive", perimeter=["commune:62057"], audiences=["association"]
        ),
        "jura": make_offer("Fonds jurassien", perimeter=["departement:39"]),
        "draft": make_offer(
            "Brouillon régional", kind="support", perimeter=["region:32"], status="draft"
        ),
    }


@pytest.fixture
def records(alice):
    for title, functions in (("Accès aux soins", " health "), ("Légumerie", " food ")):
        Need.objects.create(
            territory_ref="commune:62057",
            author=alice,
            is_public=True,
            title=title,
            life_functions=functions,
            channel="workshop",
            voiced_on=date(2026, 3, 1),
            priority="high",
        )
    # Informal and without a carrying member: only the citizen fund is open to it.
    make_cooperation(alice, name="Écopôle")
    # A company: neither offer's audience.
    make_cooperation(
        alice,
        name="Garage solidaire",
        territory_ref="commune:62057",
        models=" solidarity_garage ",
        legal_form="company",
        stage="scaling",
    )


def test_available_offers_cover_the_whole_territory(catalogue):
    offers = territory_offers(resolve(AUDRUICQ), day=TODAY)
    assert [o.name for o in offers.available] == [
        "Réseau de pairs",
        "Fonds citoyen alimentaire du Pas-de-Calais",
    ]
    assert [o.name for o in offers.local] == ["Subvention communale fictive"]


def test_matrix_counts_support_and_financing_per_stage_and_model(catalogue):
    matrix = {
        (row["stage"], cell["cooperation_model"]): (cell["support"], cell["financing"])
        for row in coverage_matrix(territory_offers(resolve(AUDRUICQ), day=TODAY))
        for cell in row["cells"]
    }
    assert matrix[("emergence", "pat")] == (1, 1)
    assert matrix[("creation", "pat")] == (0, 1)  # the peers stop at emergence
    assert matrix[("emergence", "none")] == (1, 0)  # the fund is for PAT only
    assert matrix[("scaling", "tiers_lieu")] == (0, 0)


def test_gaps_of_a_territory(catalogue, records, alice):
    gaps = territory_gaps(resolve(AUDRUICQ), user=alice, day=TODAY)
    assert gaps["available"] == {"support": 1, "financing": 1}
    # 5 stages × 10 model columns × 3 carriers = 150; only a citizen PAT at idéation or
    # émergence finds both a support and a financing offer.
    assert len(gaps["combinations"]) == 148
    covered = {(stage, "pat", "citizen") for stage in ("ideation", "emergence")}
    assert not covered & {
        (g["stage"], g["cooperation_model"], g["carrier"]) for g in gaps["combinations"]
    }
    assert {"stage": "creation", "cooperation_model": "pat", "carrier": "citizen", "support": 0,
            "financing": 1} in gaps["combinations"]  # fmt: skip
    fund = catalogue["fund"].slug
    assert gaps["animation"] == {"fundable": True, "offers": [fund], "unknown": []}
    assert gaps["informal_collectives"] == {"fundable": True, "offers": [fund], "unknown": []}
    assert [need["title"] for need in gaps["needs"]] == ["Accès aux soins"]
    assert [c["name"] for c in gaps["cooperations"]] == ["Garage solidaire"]


def test_a_stranger_does_not_see_private_cooperations_and_needs(catalogue, records, charlie):
    gaps = territory_gaps(resolve(AUDRUICQ), user=charlie, day=TODAY)
    assert gaps["cooperations"] == []
    assert [need["title"] for need in gaps["needs"]] == ["Accès aux soins"]  # public need


def test_without_financing_animation_and_informal_collectives_have_no_route(catalogue):
    gaps = territory_gaps(resolve("departement:39"), user=None, day=TODAY)
    # In the Jura: the national peers, and the Jura fund which says nothing.
    assert gaps["animation"] == {
        "fundable": False,
        "offers": [],
        "unknown": [catalogue["jura"].slug],
    }
    assert gaps["informal_collectives"]["fundable"] is False
    rows = list(csv.reader(io.StringIO(gaps_csv(gaps).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "gap",
        "stage",
        "cooperation_model",
        "carrier",
        "support_offers",
        "financing_offers",
        "detail",
    ]
    assert ["animation", "", "", "", "", "0", "1 offres de financement ne le précisent pas"] in rows


def test_gaps_command_writes_json_and_csv(catalogue, records, tmp_path, capsys):
    assert main(["offers", "gaps", AUDRUICQ, "--format", "json", "--date", "2026-11-22"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["territory"] == {"ref": AUDRUICQ, "name": "CC de la Région d'Audruicq"}
    assert len(printed["combinations"]) == 148
    target = tmp_path / "lacunes.csv"
    assert main(["offers", "gaps", AUDRUICQ, "--format", "csv", "-o", str(target)]) == 0
    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    # Header, 148 combinations, 1 need, 1 cooperation (animation and informal are fundable).
    assert len(lines) == 151
    assert main(["offers", "gaps", "epci:999999999"]) == 1
    assert "Territoire inconnu" in capsys.readouterr().err
