"""The inputs that made the API (and two pages) answer 500, found by fuzzing the OpenAPI document
(issue 15): each now gets a 4xx, in JSON under /api/, whatever the database."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from terreau.api.models import ApiToken
from terreau.core.throttling import RATE_LIMITED
from tests.api.seed import seed_small_instance

pytestmark = pytest.mark.django_db

HUGE_PAGE = "186524197095572960"
MATCHED = "/api/v1/economy/simulate/matched-crowdfunding"
FUND = "/api/v1/economy/simulate/pooled-fund"
SAVINGS = "/api/v1/economy/simulate/shared-savings"
MATCHED_PAGE = "/economie/simulateurs/financement-participatif-abonde/"


@pytest.fixture
def visitor():
    """A client that answers a server error with its 500 page, as a browser gets it, rather than
    raising the exception into the test."""
    return Client(raise_request_exception=False)


@pytest.fixture
def seeded(alice):
    return seed_small_instance(alice)


def assert_json(response, status: int):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


# Pages of the directory and the catalogue ---------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/actors", "/api/v1/offers"])
def test_a_page_number_too_large_for_an_offset_is_a_422(visitor, seeded, url):
    data = assert_json(visitor.get(url, {"page": HUGE_PAGE}), 422)
    assert data["detail"][0]["loc"] == ["query", "page"]


@pytest.mark.parametrize("url", ["/api/v1/actors", "/api/v1/offers"])
def test_a_page_beyond_the_last_is_empty_with_the_count(visitor, seeded, url):
    data = assert_json(visitor.get(url, {"page": 1000}), 200)
    assert data["items"] == [] and data["count"] >= 1


# Economy ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["10000", "0", "-5"])
def test_a_year_out_of_range_is_a_422(visitor, seeded, year):
    _token, secret = ApiToken.issue(user=seeded.owner)
    url = f"/api/v1/economy/cooperations/{seeded.cooperation.slug}/indicators"
    response = visitor.get(url, {"year": year}, headers={"Authorization": f"Bearer {secret}"})
    assert assert_json(response, 422)["detail"][0]["loc"] == ["query", "year"]
    ok = visitor.get(url, {"year": "2025"}, headers={"Authorization": f"Bearer {secret}"})
    assert assert_json(ok, 200)["year"] == 2025


@pytest.mark.parametrize(
    "url, body, loc",
    [
        (MATCHED, {"target": 1e30}, ["body", "target"]),
        (MATCHED, {"target": "1E+1000"}, ["body", "target"]),
        (MATCHED, {"target": 1000, "matchers": [{"name": "x", "cap": 1e30}]}, None),
        (MATCHED, {"target": 1000, "citizens_ratio": "1E-100"}, ["body", "citizens_ratio"]),
        (
            FUND,
            {"contributions": [{"kind": "region", "amount_per_year": 1e30}], "grant": 1000},
            ["body", "contributions", 0, "amount_per_year"],
        ),
        (FUND, {"contributions": [{"kind": "region", "amount_per_year": 10}], "grant": 1e30}, None),
        (
            SAVINGS,
            {"baseline_cost": 1e30, "cooperation_cost": 1, "members": [{"name": "a"}]},
            ["body", "baseline_cost"],
        ),
    ],
)
def test_an_amount_beyond_a_billion_is_a_422_naming_the_field(visitor, url, body, loc):
    data = assert_json(visitor.post(url, body, content_type="application/json"), 422)
    if loc is not None:
        assert data["detail"][0]["loc"] == loc
    assert "trop" in data["detail"][0]["msg"] or "compris" in data["detail"][0]["msg"]


@pytest.mark.parametrize("field", ["target", "citizens_ratio", "public_cap"])
def test_the_simulator_page_says_in_french_that_an_amount_is_too_large(visitor, db, field):
    query = {"target": "30000", "citizens_ratio": "1", "public_ratio": "1", "companies_ratio": "1"}
    response = visitor.get(MATCHED_PAGE, {**query, field: "1e30"})
    assert response.status_code == 200
    assert "Valeur trop élevée : au plus un milliard." in response.text


@pytest.mark.parametrize("depth", [70, 900, 5000, 200_000])
@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_a_deeply_nested_body_is_a_400(visitor, depth, opening, closing):
    body = '{"target": ' + opening * depth + "1" + closing * depth + "}"
    data = assert_json(visitor.post(MATCHED, body, content_type="application/json"), 400)
    assert "imbriquées" in data["detail"]


def test_a_nul_in_a_json_body_is_a_400(visitor):
    body = json.dumps({"target": 1000, "matchers": [{"name": "a\x00b"}]})
    data = assert_json(visitor.post(MATCHED, body, content_type="application/json"), 400)
    assert "nul" in data["detail"]


# NUL bytes (PostgreSQL refuses them in text) -----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/territories/search?q=%00",
        "/api/v1/territories/commune%00",
        "/api/v1/actors?q=%00",
        "/api/v1/actors?commune=%00",
        "/api/v1/offers?q=a%00b",
        "/api/v1/offers/%00",
        "/api/v1/cooperations/%00",
        "/api/v1/network/metrics?cooperation=%00",
        "/api/v1/offers/map/%00",
        "/api/v1/monographs/x%00y",
        "/api/v1/actors?%00=1",
    ],
)
def test_a_nul_byte_in_the_api_is_a_json_400(visitor, seeded, url):
    data = assert_json(visitor.get(url), 400)
    assert "nul" in data["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/territoires/?q=%00",
        "/territoires/recherche/?q=%00",
        "/acteurs/?q=%00",
        "/offres/?q=%00",
        "/cooperations/%00/",
    ],
)
def test_a_nul_byte_in_a_page_address_is_a_400_page(visitor, seeded, url):
    response = visitor.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Requête invalide" in response.text


# Errors are JSON under /api/ ----------------------------------------------------------------------


def test_an_unknown_api_address_is_a_json_404(visitor):
    assert assert_json(visitor.get("/api/v1/nothing-here"), 404) == {"detail": "Not Found"}


def test_a_method_the_operation_does_not_have_is_a_json_405(visitor):
    response = visitor.delete("/api/v1/taxonomies")
    assert assert_json(response, 405) == {"detail": "Method Not Allowed"}
    assert response["Allow"] == "GET"


def test_a_wrong_token_is_a_json_401_that_says_how_to_authenticate(visitor):
    response = visitor.get("/api/v1/taxonomies", headers={"Authorization": "Bearer faux"})
    assert assert_json(response, 401) == {"detail": "Unauthorized"}
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_unexpected_error_is_logged_and_answered_as_json(visitor, monkeypatch, caplog):
    from terreau.core import api as core_api

    def broken(_taxonomy):
        raise RuntimeError("boom")

    monkeypatch.setattr(core_api, "taxonomy_entries", broken)
    data = assert_json(visitor.get("/api/v1/taxonomies"), 500)
    assert data == {"detail": "Internal Server Error"}
    assert "boom" in caplog.text


def test_pages_keep_their_html_error_pages(visitor):
    response = visitor.get("/nulle-part/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_the_openapi_document_says_authentication_is_optional_and_declares_errors(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert {} in operation["security"], (method, path)
            assert {"400", "401"} <= set(operation["responses"]), (method, path)
    actor = document["paths"]["/api/v1/actors/{actor_id}"]["get"]
    assert {"404", "422"} <= set(actor["responses"])
    page = next(
        p for p in document["paths"]["/api/v1/actors"]["get"]["parameters"] if p["name"] == "page"
    )
    assert page["schema"]["maximum"] == 1_000_000


def test_the_openapi_document_declares_429_where_rate_limited_and_503_everywhere(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            busy = operation["responses"]["503"]
            assert "Retry-After" in busy["headers"], (method, path)
            assert RATE_LIMITED not in operation, (method, path)
            limited = path in ("/api/v1/cooperations/{slug}/export", "/api/v1/network/file")
            assert ("429" in operation["responses"]) is limited, (method, path)


def test_the_full_export_of_a_cooperation_is_rate_limited_per_account(
    seeded, alice, charlie, settings
):
    settings.TERREAU_HEAVY_RATE_USER = "2/h"
    _token, secret = ApiToken.issue(user=alice, name="export")
    url = f"/api/v1/cooperations/{seeded.cooperation.slug}/export"
    script = Client(headers={"Authorization": f"Bearer {secret}"})
    assert [script.get(url).status_code for _ in range(2)] == [200, 200]
    response = script.get(url)
    assert assert_json(response, 429) == {"detail": "Too many requests."}
    assert int(response["Retry-After"]) >= 1
    # Another account has its own count (and is not a member: a 404).
    _token, other = ApiToken.issue(user=charlie, name="other")
    assert Client(headers={"Authorization": f"Bearer {other}"}).get(url).status_code == 404


def test_a_database_busy_beyond_its_timeout_is_a_json_503(visitor, monkeypatch):
    from terreau.core import api as core_api

    def locked(_taxonomy):
        raise OperationalError("database is locked")

    monkeypatch.setattr(core_api, "taxonomy_entries", locked)
    response = visitor.get("/api/v1/taxonomies")
    assert assert_json(response, 503) == {"detail": "Database busy, try again"}
    assert response["Retry-After"] == "10"
