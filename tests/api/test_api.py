import pytest
from django.test import Client

from terreau.api.models import ApiToken
from terreau.core.taxonomies import TAXONOMIES
from terreau.territories.services import project_territory_save

pytestmark = pytest.mark.django_db


def test_territory_detail_has_the_documented_fields(client):
    data = client.get("/api/v1/territories/departement:93").json()
    assert data["ref"] == "departement:93" and data["name"] == "Seine-Saint-Denis"
    assert data["level"] == "departement"
    assert data["commune_count"] == len(data["communes"]) == 39
    assert data["parents"] == ["region:11"]
    assert data["population"] > 1_000_000


def test_search_endpoint(client):
    results = client.get("/api/v1/territories/search", {"q": "strasbourg"}).json()
    assert results[0]["ref"] == "commune:67482"
    assert {"ref", "name", "level", "level_label", "label", "context"} == set(results[0])
    assert results[0]["label"] == "Strasbourg (Bas-Rhin)"


def test_malformed_reference_is_a_404_naming_it(client):
    response = client.get("/api/v1/territories/ville:12")
    assert response.status_code == 404
    assert "ville:12" in response.json()["detail"]


def test_taxonomies_give_keys_and_both_labels(client):
    data = client.get("/api/v1/taxonomies").json()
    assert set(data) == set(TAXONOMIES)
    food = next(e for e in data["life_functions"] if e["key"] == "food")
    assert food["label_fr"] == "Se nourrir, s'alimenter"
    assert food["label_en"] == "Food"
    assert [e["key"] for e in data["stages"]] == [
        "ideation",
        "emergence",
        "creation",
        "consolidation",
        "scaling",
    ]


def test_openapi_document_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/territories/{ref}" in schema["paths"]
    docs = client.get("/api/v1/docs").text
    assert "cdn" not in docs.lower()


def test_a_script_sees_its_owner_private_territory_with_a_token(alice, charlie):
    territory = project_territory_save(owner=alice, name="Privé", components=["commune:62057"])
    _token, secret = ApiToken.issue(user=alice, name="script")
    url = f"/api/v1/territories/{territory.ref}"
    assert Client().get(url, headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    _token, charlie_secret = ApiToken.issue(user=charlie)
    assert (
        Client().get(url, headers={"Authorization": f"Bearer {charlie_secret}"}).status_code == 404
    )
    assert Client().get(url).status_code == 404


def test_a_wrong_token_is_refused_not_treated_as_anonymous(client):
    response = client.get(
        "/api/v1/territories/region:32", headers={"Authorization": "Bearer trr_faux"}
    )
    assert response.status_code == 401


def test_tokens_are_stored_hashed(alice):
    token, secret = ApiToken.issue(user=alice)
    assert secret not in token.digest and ApiToken.user_for(secret) == alice
