"""The aides-territoires connector alone: the token goes only where it should, and a service
whose pages never end is stopped with a clear error (the sync itself: tests/offers/test_sync.py)."""

import pytest

from terreau.connectors.aides_territoires import fetch_aids
from terreau.connectors.client import ConnectorError
from tests.connectors.fake_server import recorded


@pytest.fixture
def api(fake_api, settings):
    settings.TERREAU_CONNECTORS["aides-territoires"]["token"] = "cle"
    fake_api.add("/connexion/", json=recorded("aides-territoires-connexion.json"))
    return fake_api


def test_next_is_followed_by_its_query_on_our_base_url_only(api):
    page = recorded("aides-territoires-aids-page-1.json")
    page["next"] = "https://elsewhere.example/steal/?page=2&perimeter=x"
    api.add("/aids/", json=page)
    api.add("/aids/", json=recorded("aides-territoires-aids-page-2.json"), params={"page": "2"})
    ids = [aid["id"] for aid in fetch_aids(perimeter="x")]
    assert ids == [91001, 91002, 91003]
    assert api.asked("/aids/") == [{"perimeter": "x"}, {"page": "2", "perimeter": "x"}]


def test_a_page_asked_twice_stops_the_fetch(api):
    page = recorded("aides-territoires-aids-page-1.json")
    api.add("/aids/", json=page)  # page 2 says page 2 again
    with pytest.raises(ConnectorError) as error:
        list(fetch_aids())
    assert "renvoie deux fois la même page" in str(error.value)


def test_a_log_in_without_token_is_said(api):
    api.add("/connexion/", json={"message": "ok"})
    with pytest.raises(ConnectorError) as error:
        list(fetch_aids())
    assert "pas donné de jeton de connexion" in str(error.value)
