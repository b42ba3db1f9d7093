"""The connectors' HTTP client against a local fake server: what a fetch relies on when a public
service is slow, busy, failing or answers garbage."""

import pytest

from terreau.connectors.client import ApiClient, ConnectorError


def test_a_json_answer_is_decoded_and_the_token_sent(fake_api, settings):
    settings.TERREAU_CONNECTORS["aides-territoires"]["token"] = "secret-42"
    fake_api.add("/aids/", json={"count": 1, "results": [{"id": 7}]})
    with ApiClient("aides-territoires") as client:
        assert client.get_json("/aids/", {"page": 1}) == {"count": 1, "results": [{"id": 7}]}
    _path, params, headers = fake_api.requests[0]
    assert params == {"page": "1"}
    assert headers["Authorization"] == "Bearer secret-42"


def test_a_busy_service_is_asked_again_after_retry_after(fake_api):
    fake_api.add("/search", json={"results": []})
    fake_api.add("/search", status=429, headers={"Retry-After": "0"}, times=2)
    with ApiClient("recherche-entreprises") as client:
        assert client.get_json("/search") == {"results": []}
    assert len(fake_api.asked("/search")) == 3


def test_a_server_error_is_retried_then_reported_in_words(fake_api, settings):
    settings.TERREAU_CONNECTORS["recherche-entreprises"]["retries"] = 2
    fake_api.add("/search", status=503, raw=b"maintenance")
    with ApiClient("recherche-entreprises") as client, pytest.raises(ConnectorError) as error:
        client.get_json("/search")
    assert len(fake_api.asked("/search")) == 3
    assert "API Recherche d'entreprises" in str(error.value)
    assert "503" in str(error.value)


def test_a_refusal_is_not_retried(fake_api):
    fake_api.add("/search", status=400, json={"erreur": "Veuillez indiquer au moins un filtre"})
    with ApiClient("recherche-entreprises") as client, pytest.raises(ConnectorError) as error:
        client.get_json("/search")
    assert len(fake_api.asked("/search")) == 1
    assert "Veuillez indiquer au moins un filtre" in str(error.value)


def test_malformed_json_is_a_clear_error(fake_api):
    fake_api.add("/search", raw=b'{"results": [')
    with ApiClient("recherche-entreprises") as client, pytest.raises(ConnectorError) as error:
        client.get_json("/search")
    assert "autre chose que du JSON" in str(error.value)


def test_an_unreachable_service_is_a_clear_error(settings):
    settings.TERREAU_CONNECTORS = {
        **settings.TERREAU_CONNECTORS,
        "recherche-entreprises": {
            **settings.TERREAU_CONNECTORS["recherche-entreprises"],
            "base_url": "http://127.0.0.1:9",
            "retries": 1,
            "backoff": 0,
        },
    }
    with ApiClient("recherche-entreprises") as client, pytest.raises(ConnectorError) as error:
        client.get_json("/search")
    assert "injoignable" in str(error.value)


def test_a_token_with_accents_is_a_clear_error(fake_api, settings):
    settings.TERREAU_CONNECTORS["data-inclusion"]["token"] = "clé-secrète"
    with pytest.raises(ConnectorError) as error:
        ApiClient("data-inclusion")
    assert "TERREAU_DATA_INCLUSION_TOKEN" in str(error.value)
