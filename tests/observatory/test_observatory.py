"""The observatory with two people: alice's four cooperations opted in, charlie's one did not.
Its lines never show; a suppressed cell's amount shows nowhere (page, CSV, JSON, API, CLI)."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from terreau.cli import main
from terreau.cooperations.models import AccessRole
from terreau.cooperations.services import access_grant
from terreau.interchange.export import cooperation_export
from terreau.observatory.export import table_schema
from terreau.observatory.queries import cells, observe
from tests.cooperations.factories import make_actor, make_cooperation
from tests.economy.factories import make_cost, make_resource

pytestmark = pytest.mark.django_db

# D's foundation grant is the only philanthropic resource: a cell of one cooperation.
SECRET = ("4321.09", "4 321,09", "4321,09")
# Charlie's cooperation did not opt in.
PRIVATE = ("98765.43", "98 765,43", "98765,43")


def opted_in(by, name, **fields):
    cooperation = make_cooperation(by, name=name, **fields)
    cooperation.observatory = True
    cooperation.save()
    return cooperation


@pytest.fixture
def observatory(alice, charlie):
    region = make_actor("Région Hauts-de-France", kind="local_authority")
    cooperations = [opted_in(alice, name) for name in ("A", "B", "C", "D")]
    for index, cooperation in enumerate(cooperations[:3]):
        make_resource(cooperation, "Ventes", category="sales", amount="1000.00")
        make_resource(
            cooperation,
            "Subvention",
            category="public_annual_subsidy",
            funding_mode="annual_subsidy",
            amount=f"{5000 + 1000 * index}.00",
            source=region,
            earmark="animation",
        )
        make_cost(cooperation, amount=f"{4000 + 2000 * index}.00")
    make_resource(
        cooperations[3], "Don de la fondation Rare", category="foundation", amount="4321.09"
    )
    make_resource(cooperations[3], "Ventes", category="sales", amount="500.00")
    hidden = make_cooperation(charlie, name="Chez Charlie")
    make_resource(hidden, "Ventes", category="sales", amount="98765.43")
    return cooperations


def by_dimensions(found, **dimensions):
    return next(c for c in found if c["dimensions"] == {"measure": "resources", **dimensions})


def test_only_opted_in_cooperations_count(observatory):
    found = cells(year=2025)
    total = by_dimensions(found, year=2025)
    # 3 × (1,000 + subsidy) + 4,321.09 + 500 = 3,000 + 18,000 + 4,821.09
    assert (total["cooperations"], total["amount"]) == (4, "25821.09")


def test_a_cell_of_one_cooperation_is_suppressed_with_the_next_smallest(observatory):
    found = cells(year=2025)
    philanthropic = by_dimensions(found, year=2025, family="philanthropic")
    assert philanthropic == {
        "dimensions": {"measure": "resources", "year": 2025, "family": "philanthropic"},
        "cooperations": 1,
        "suppressed": True,
    }
    # Families: market 3,500 (4), public 18,000 (3), philanthropic (1, hidden): market is the
    # smallest shown, so it goes too, else 25,821.09 − 3,500 − 18,000 would give D's grant.
    assert by_dimensions(found, year=2025, family="market")["suppressed"]
    assert by_dimensions(found, year=2025, family="public")["amount"] == "18000.00"
    shown = [c for c in found if not c["suppressed"]]
    assert all("amount" in c for c in shown)
    assert all("amount" not in c for c in found if c["suppressed"])


def test_distributions_need_five_cooperations(observatory):
    distributions = observe(year=2025).distributions
    coverage = next(
        d for d in distributions if d["dimensions"]["indicator"] == "animation_coverage"
    )
    # Only three cooperations have animation costs.
    assert (coverage["cooperations"], coverage["suppressed"]) == (3, True)
    assert "median" not in coverage


def test_quartiles_over_five_cooperations(alice):
    for index in range(5):
        cooperation = opted_in(alice, f"Coop {index}")
        make_resource(cooperation, "Ventes", category="sales", amount=f"{100 * (index + 1)}.00")
        make_resource(
            cooperation,
            "Don",
            category="donations",
            amount="100.00",
            earmark="animation",
        )
        make_cost(cooperation, amount="400.00")
    distributions = observe(year=2025).distributions
    coverage = next(
        d for d in distributions if d["dimensions"]["indicator"] == "animation_coverage"
    )
    # Each covers 100 of 400 of animation: 25 %.
    assert (coverage["first_quartile"], coverage["median"]) == ("0.2500", "0.2500")
    hybrid = next(d for d in distributions if d["dimensions"]["indicator"] == "hybridisation")
    # Two families, shares 100/200 and 100/200 … 500/600: the median is Coop 2 (300 and 100):
    # 1 − (0.75² + 0.25²) = 0.375, scaled by 1 / (1 − 1/5): 0.46875 → 0.4688.
    assert hybrid["median"] == "0.4688"


def outputs(capsys) -> dict[str, str]:
    anonymous = Client()
    texts = {
        "page": anonymous.get(reverse("observatory:page"), {"annee": 2025}).content.decode(),
        "csv": anonymous.get(reverse("observatory:csv")).content.decode(),
        "json": anonymous.get(reverse("observatory:json")).content.decode(),
        "api": anonymous.get("/api/v1/observatory", {"year": 2025}).content.decode(),
    }
    for file_format in ("json", "csv"):
        assert main(["observatory", "export", "--format", file_format]) == 0
        texts[f"cli-{file_format}"] = capsys.readouterr().out
    # French numbers group thousands with a (narrow) no-break space: read every space as one.
    return {where: re.sub(r"\s", " ", text) for where, text in texts.items()}


def test_secrets_and_private_lines_show_nowhere(observatory, capsys):
    for where, text in outputs(capsys).items():
        for value in (*SECRET, *PRIVATE):
            assert value not in text, f"{value} in {where}"
        assert "Chez Charlie" not in text and "fondation Rare" not in text, where


def test_the_page_reads_in_french(observatory, capsys):
    page = outputs(capsys)["page"]
    assert "ont réuni 25 821,09 € de ressources" in page
    assert "18 000,00 €" in page
    assert "secret statistique" in page


def test_the_downloads_match_their_schema(observatory, capsys):
    texts = outputs(capsys)
    csv_file = Client().get(reverse("observatory:csv")).content.decode()
    header = csv_file.splitlines()[0].split(",")
    assert header == [field["name"] for field in table_schema()["fields"]]
    data = json.loads(texts["cli-json"])
    assert data["years"] == [2025] and data["cooperations"] == 4
    schema = Client().get(reverse("observatory:schema")).json()
    assert schema == table_schema()


def test_the_api_is_in_openapi_and_filters_by_territory(observatory):
    client = Client()
    assert "/api/v1/observatory" in client.get("/api/v1/openapi.json").json()["paths"]
    elsewhere = client.get("/api/v1/observatory", {"territory": "departement:35"}).json()
    assert (elsewhere["cooperations"], elsewhere["cells"]) == (0, [])
    unknown = client.get("/api/v1/observatory", {"territory": "commune:00000"})
    assert unknown.status_code == 404


def test_the_cli_names_a_bad_territory(observatory, capsys):
    assert main(["observatory", "export", "--territory", "commune:00000"]) == 2
    assert "commune:00000" in capsys.readouterr().err


def test_only_administrators_choose_to_share(alice, charlie):
    cooperation = make_cooperation(alice, name="Partage")
    access_grant(cooperation=cooperation, user=charlie, role=AccessRole.CONTRIBUTOR)
    url = reverse("cooperations:edit", args=[cooperation.slug])
    alice_client, charlie_client = Client(), Client()
    alice_client.force_login(alice)
    charlie_client.force_login(charlie)
    assert 'name="observatory"' in alice_client.get(url).content.decode()
    assert 'name="observatory"' not in charlie_client.get(url).content.decode()
    assert cooperation_export(cooperation)["cooperation"]["observatory"] is False
