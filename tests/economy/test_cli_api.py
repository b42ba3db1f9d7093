"""`terreau economy indicators`, the API under /api/v1/economy/ and the demo's economic model."""

import json
from datetime import date

import pytest

from terreau.cli import main
from terreau.cooperations.models import AccessRole, Cooperation
from terreau.cooperations.services import access_grant, cooperation_publish
from terreau.demo import demo_load
from terreau.economy.queries import default_year
from tests.cooperations.factories import make_actor, make_cooperation
from tests.economy.factories import make_cost, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def garage(alice):
    cooperation = make_cooperation(alice, name="Garage solidaire")
    city = make_actor("Commune d'Audruicq", kind="local_authority")
    make_resource(
        cooperation,
        "Convention",
        category="public_multi_year",
        amount="1000.00",
        source=city,
        start_date=date(2023, 7, 1),
        end_date=date(2024, 6, 30),
        funding_mode="multi_year_convention",
    )
    make_resource(
        cooperation,
        "Local prêté",
        category="member_in_kind",
        form="in_kind",
        amount="496.58",
        year=2024,
        status="expected",
    )
    make_cost(cooperation, amount="400.00", year=2024)
    return cooperation


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_indicators_of_a_year_on_the_command_line(garage, capsys):
    code, out, _err = run(capsys, "economy", "indicators", garage.slug, "--year", "2024")
    data = json.loads(out)
    assert code == 0
    # 2024's part of the July-to-June convention (see test_proration): 496.58.
    assert (data["year"], data["resources_total"], data["valued_total"]) == (
        2024,
        "496.58",
        "496.58",
    )
    assert (data["balance"], data["multi_year_share"], data["in_kind_share"]) == (
        "96.58",
        1.0,
        0.0,
    )
    assert data["animation_coverage"] == 0.0  # nothing earmarked for €400 of animation


def test_expected_lines_count_when_asked(garage, capsys):
    _code, out, _err = run(
        capsys, "economy", "indicators", garage.slug, "--year", "2024", "--include-expected"
    )
    data = json.loads(out)
    assert (data["include_expected"], data["valued_total"], data["in_kind_share"]) == (
        True,
        "993.16",
        0.5,
    )


def test_a_year_without_lines_gives_nulls(garage, capsys):
    _code, out, _err = run(capsys, "economy", "indicators", garage.slug, "--year", "2030")
    data = json.loads(out)
    assert (data["resources_total"], data["hybridisation"], data["top_funder_share"]) == (
        "0.00",
        None,
        None,
    )


def test_the_default_year_is_the_current_one_with_lines_else_the_last_before(garage):
    assert default_year(garage, today=date(2024, 5, 1)) == 2024
    assert default_year(garage, today=date(2031, 5, 1)) == 2024
    assert default_year(garage, today=date(2020, 5, 1)) == 2023


def test_an_unknown_cooperation_exits_2(db, capsys):
    code, _out, err = run(capsys, "economy", "indicators", "nulle-part")
    assert (code, err) == (2, "terreau: unknown cooperation: nulle-part\n")


def test_the_api_answers_members_only(garage, alice_client, charlie, charlie_client, client):
    path = f"/api/v1/economy/cooperations/{garage.slug}/indicators?year=2024"
    assert alice_client.get(path).json()["resources_total"] == "496.58"
    cooperation_publish(cooperation=garage, public=True, public_members=[])
    for rest in ("indicators", "resources", "costs", "useful-effects"):
        endpoint = f"/api/v1/economy/cooperations/{garage.slug}/{rest}"
        assert charlie_client.get(endpoint).status_code == 404, rest
        assert client.get(endpoint).status_code == 404, rest
    access_grant(cooperation=garage, user=charlie, role=AccessRole.READER)
    expected = charlie_client.get(path + "&include_expected=true").json()
    assert expected["valued_total"] == "993.16"
    lines = charlie_client.get(f"/api/v1/economy/cooperations/{garage.slug}/resources").json()
    assert [(line["label"], line["family"], line["amount"]) for line in lines] == [
        ("Convention", "public", "1000.00"),
        ("Local prêté", "members", "496.58"),
    ]


def test_the_economy_taxonomies_are_listed_with_the_shared_ones(client):
    taxonomies = client.get("/api/v1/taxonomies").json()
    assert [entry["key"] for entry in taxonomies["resource_families"]] == [
        "market",
        "members",
        "public",
        "philanthropic",
        "useful_effects",
    ]
    categories = {entry["key"]: entry for entry in taxonomies["resource_categories"]}
    assert categories["public_call_for_projects"]["label_en"] == (
        "Public call for projects or for expressions of interest (AAP, AMI)"
    )
    assert "life_functions" in taxonomies


def test_the_demo_shows_la_butinerie_four_kinds_of_resources(db, capsys):
    demo_load()
    butinerie = Cooperation.objects.get(slug="la-butinerie")
    families = set(butinerie.resources.values_list("category", flat=True))
    assert {"pay_what_you_can", "member_contributions", "member_time"} <= families
    city = butinerie.resources.get(label__endswith="2024-2026")
    assert (city.source.name, city.funding_mode, city.earmark) == (
        "Ville de Pantin",
        "multi_year_convention",
        "animation",
    )
    mutual = butinerie.resources.get(category="useful_effect_contribution")
    assert mutual.source.name == "Solimut Mutuelle"
    assert mutual.contributions.get().effect.name == "Prévention santé par l'alimentation"
    _code, out, _err = run(capsys, "economy", "indicators", "la-butinerie", "--year", "2026")
    data = json.loads(out)
    assert data["by_family"] == {
        "market": "51600.00",
        "members": "30900.00",
        "public": "30000.00",
        "philanthropic": "7200.00",
        "useful_effects": "7000.00",
    }
    assert (data["top_funder_share"], data["hybridisation"]) == (0.2982, 0.8904)
