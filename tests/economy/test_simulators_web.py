"""The simulators as people and scripts use them: the public pages (forms, errors on the fields,
htmx partials), `terreau economy simulate` and /api/v1/economy/simulate/…."""

import json
import re

import pytest

from terreau.cli import main
from terreau.economy.simulators.forms import (
    MatchedCrowdfundingForm,
    PooledFundForm,
    SharedSavingsForm,
)

MATCHED = "/economie/simulateurs/financement-participatif-abonde/"
FUND = "/economie/simulateurs/fonds-territorial/"
SAVINGS = "/economie/simulateurs/economies-partagees/"


# Forms ---------------------------------------------------------------------------------------


def test_the_matched_form_reads_french_numbers():
    form = MatchedCrowdfundingForm(
        {
            "target": "30 000,00 €",
            "citizens_ratio": "1",
            "public_ratio": "1",
            "companies_ratio": "1",
            "public_cap": "5\u202f000",
        }
    )
    assert form.is_valid(), form.errors
    assert str(form.result.citizens) == "12500.00"


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"target": "trente mille"}, "target", "« trente mille » n'est pas un nombre."),
        ({"target": "0"}, "target", "La valeur doit être au moins 0,01."),
        ({"public_cap": "10,005"}, "public_cap", "Au plus 2 décimales."),
        ({"citizens_ratio": "0"}, "citizens_ratio", "la part des citoyens doit être supérieure"),
        ({"companies_ratio": "5000"}, "companies_ratio", "le ratio doit être compris entre 0"),
    ],
)
def test_matched_form_errors_name_the_field(change, field, message):
    data = {**MatchedCrowdfundingForm.preset, **change}
    form = MatchedCrowdfundingForm(data)
    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    assert form.result is None


def test_fund_form_errors_land_on_the_contributor_row():
    data = PooledFundForm.preset_data()
    data["contributor-1-amount_per_year"] = "beaucoup"
    data["contributor-2-kind"] = ""
    form = PooledFundForm(data)
    assert not form.is_valid()
    summary = form.error_summary()
    assert ("id_contributor-1-amount_per_year", "Contributeur 2 — Montant par an (€)") in [
        row[:2] for row in summary
    ]
    assert ("id_contributor-2-kind", "Contributeur 3 — Type de contributeur") in [
        row[:2] for row in summary
    ]


def test_fund_form_ignores_blank_rows_and_reports_a_fund_without_contributions():
    data = PooledFundForm.preset_data()
    for index in range(4):
        for key in ("kind", "amount_per_year", "years"):
            data[f"contributor-{index}-{key}"] = ""
    form = PooledFundForm(data)
    assert not form.is_valid()
    assert "au moins un contributeur est nécessaire." in str(form.non_field_errors())


def test_savings_form_names_the_member_row_of_a_missing_weight():
    data = SharedSavingsForm.preset_data()
    data["member-1-weight"] = ""
    form = SharedSavingsForm(data)
    assert not form.is_valid()
    assert form.rows.forms[1].errors["weight"] == ["le poids est obligatoire avec cette clé."]
    assert (
        "id_member-1-weight",
        "Membre 2 — Poids",
        "le poids est obligatoire avec cette clé.",
    ) in (form.error_summary())


# Pages ---------------------------------------------------------------------------------------


def test_the_pages_open_on_their_example_without_logging_in(client, db):
    page = client.get("/economie/simulateurs/").content.decode()
    for url in (MATCHED, FUND, SAVINGS):
        assert f'href="{url}"' in page
    matched = client.get(MATCHED).content.decode()
    assert "effet multiplicateur de 3" in matched  # Okoté's words
    assert 'data-testid="citizens">10\u00a0000,00 €' in matched
    assert "<svg" in matched and "C = (30\u202f000 € − 0 €) ÷ (1 + 2) = 10\u202f000 €" in matched
    fund = client.get(FUND).content.decode()
    assert 'data-testid="per-year">3<' in fund and 'data-testid="runway">4 ans<' in fund
    savings = client.get(SAVINGS).content.decode()
    assert 'data-testid="savings">9\u00a0000,00 €' in savings
    assert "4\u00a0500,00 €" in savings  # the EHPAD's 200 MWh of 400


def test_home_and_navigation_link_the_simulators(client, db):
    assert 'href="/economie/simulateurs/"' in client.get("/").content.decode()


def test_htmx_gets_the_result_and_the_field_errors_out_of_band(client, db):
    query = {**MatchedCrowdfundingForm.preset, "target": "30000", "public_cap": "5000"}
    partial = client.get(MATCHED, query, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert (
        "12\u00a0500,00 €" in partial
        and "Collectivité atteint son plafond de 5\u00a0000,00 €" in (partial)
    )
    assert 'id="id_public_cap_errors" class="field-errors" hx-swap-oob="true"></div>' in partial
    query["public_cap"] = "-3"
    partial = client.get(MATCHED, query, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-swap-oob="true"><p class="error">La valeur doit être au moins 0.</p>' in partial
    assert '<a href="#id_public_cap">Plafond de la collectivité (€)</a>' in partial


def test_negative_savings_are_said_on_the_page(client, db):
    query = {
        "baseline_cost": "1000",
        "cooperation_cost": "1250",
        "key": "equal",
        "member-TOTAL_FORMS": "2",
        "member-INITIAL_FORMS": "0",
        "member-0-name": "A",
        "member-1-name": "B",
    }
    page = client.get(SAVINGS, query).content.decode()
    assert "La coopération coûte 250,00 € de plus qu'avant" in page
    assert "Répartition entre les membres" not in page


def test_the_pages_speak_english(client, db):
    client.cookies["django_language"] = "en"
    page = client.get(MATCHED, headers={"accept-language": "en"}).content.decode()
    assert "Matched crowdfunding" in page and "multiplier" in page


# Command line --------------------------------------------------------------------------------


def run(capsys, *argv):
    status = main(["economy", "simulate", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_matched_crowdfunding_json(db, capsys):
    status, out, _err = run(
        capsys,
        "matched-crowdfunding",
        "--target",
        "30000",
        "--public-cap",
        "5000",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert status == 0 and data["simulator"] == "matched-crowdfunding"
    assert data["inputs"]["target"] == "30000"
    assert [(p["name"], p["amount"], p["capped"]) for p in data["results"]["parts"]] == [
        ("Citoyens", "12500.00", False),
        ("Collectivité", "5000.00", True),
        ("Mécénat d'entreprise", "12500.00", False),
    ]
    assert data["results"]["multiplier"] == "2.40"
    assert "formula" in data["results"] and "applied" in data["results"]


def test_cli_pooled_fund_reproduces_the_fonds_d_impulsion(db, capsys):
    status, out, _err = run(
        capsys,
        "pooled-fund",
        *("--contributor", "region:40000:3", "--contributor", "banque_des_territoires:40000:3"),
        *("--contributor", "companies:30000:3", "--contributor", "citizens:10000:3"),
        *("--grant", "30000", "--max-per-year", "3", "--format", "json"),
    )
    results = json.loads(out)["results"]
    assert status == 0
    assert results["first_year_total"] == "120000.00"
    assert (results["per_year"], results["runway_years"], results["total_funded"]) == (3, 4, 12)
    assert [s["share"] for s in results["shares"]] == ["33.4", "33.3", "25.0", "8.3"]


def test_cli_shared_savings(db, capsys):
    status, out, _err = run(
        capsys,
        "shared-savings",
        *("--baseline-cost", "100", "--cooperation-cost", "90", "--key", "contribution"),
        *("--member", "Légumerie=1", "--member", "Cantine=2"),
    )
    results = json.loads(out)["results"]
    assert status == 0 and results["savings"] == "10.00"
    assert [(p["name"], p["amount"]) for p in results["parts"]] == [
        ("Légumerie", "3.33"),
        ("Cantine", "6.67"),
    ]


def test_cli_bad_value_exits_2_naming_the_option(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "matched-crowdfunding", "--target", "trente")
    assert exit_.value.code == 2
    assert "argument --target: « trente » n'est pas un nombre" in capsys.readouterr().err
    status, out, err = run(
        capsys,
        "pooled-fund",
        "--contributor",
        "region:40000",
        "--contributor",
        "mairie:5",
        "--grant",
        "1",
    )
    assert status == 2 and out == ""
    assert err.startswith("terreau: --contributor #2: type inconnu « mairie »")
    status, _out, err = run(capsys, "matched-crowdfunding", "--target", "100", "--public-cap", "-1")
    assert status == 2 and err.startswith("terreau: --public-cap: ")


# API -----------------------------------------------------------------------------------------


def post(client, path, body):
    return client.post(
        f"/api/v1/economy/simulate/{path}", json.dumps(body), content_type="application/json"
    )


def test_api_answers_anonymous_visitors_with_the_cli_json(client, db):
    response = post(client, "matched-crowdfunding", {"target": "30000"})
    assert response.status_code == 200
    data = response.json()
    assert data["results"]["citizens"] == "10000.00" and data["results"]["multiplier"] == "3.00"
    response = post(
        client,
        "pooled-fund",
        {
            "contributions": [{"kind": "region", "amount_per_year": 120000, "years": 2}],
            "grant": "30000",
            "max_per_year": 3,
        },
    )
    results = response.json()["results"]
    # 120,000 a year for two years: 3 + 3, then the 60,000 carried over fund two more.
    assert [y["funded"] for y in results["years"]] == [3, 3, 2]
    assert results["runway_years"] == 2
    response = post(
        client,
        "shared-savings",
        {"baseline_cost": "900", "cooperation_cost": "1000", "members": [{"name": "A"}]},
    )
    results = response.json()["results"]
    assert results["savings"] == "-100.00" and results["split"] is False and results["parts"] == []


def test_api_refuses_bad_inputs_with_422_naming_the_field(client, db):
    response = post(
        client,
        "matched-crowdfunding",
        {"target": 1000, "matchers": [{"name": "Ville", "ratio": 1, "cap": "-5"}]},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "matchers", 0, "cap"]
    response = post(client, "shared-savings", {"baseline_cost": "abc", "members": []})
    assert response.status_code == 422
    locations = [error["loc"] for error in response.json()["detail"]]
    assert ["body", "body", "baseline_cost"] in locations or any(
        "baseline_cost" in location for location in locations
    )


def test_cli_text_format_shows_the_calculation_and_the_formula(db, capsys):
    status, out, _err = run(
        capsys, "matched-crowdfunding", "--target", "300", "--ratio", "1:2:0", "--format", "text"
    )
    # 1 € of citizens triggers 2 € of the collectivité and nothing of mécénat: C = 300 ÷ 3.
    assert status == 0
    assert out.startswith("C = (300 € − 0 €) ÷ (1 + 2) = 100 €\n")
    assert "  Collectivité: 200.00 € (66.7 %)" in out
    assert "Effet multiplicateur = objectif ÷ C" in out


def test_the_charts_have_a_value_axis_in_french(client, db):
    """Who pays what over 0–100 %; the amounts of each part over an axis in euros."""
    matched = client.get(MATCHED).content.decode()
    chart = matched.split('class="simulator-chart"')[1].split("</svg>")[0]
    assert [f">{p}\u00a0%<" in chart for p in (0, 25, 50, 75, 100)] == [True] * 5
    charts = [
        page.split('class="simulator-chart"')[1].split("</svg>")[0]
        for page in (client.get(url).content.decode() for url in (FUND, SAVINGS))
        if 'class="simulator-chart"' in page
    ]
    bars = [chart for chart in charts if 'class="axis"' in chart and "€<" in chart]
    assert bars, "a chart of amounts has its axis in euros"
    ticks = re.findall(r'class="tick">([^<]*)<', bars[0].split('class="axis"')[1])
    assert ticks[0] == "0" and ticks[-1].endswith("\u00a0€") and len(ticks) >= 3
