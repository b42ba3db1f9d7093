"""Heavy work is rationed per visitor (core/throttling.py): over the limit, a French 429 page
with Retry-After, for that visitor only; logged-in people have a higher limit."""

import pytest
from django.test import Client

from tests.personas import client_for

pytestmark = pytest.mark.django_db

EXPORT = "/acteurs/export.csv"


@pytest.fixture
def low_limits(settings):
    settings.TERREAU_HEAVY_RATE_ANONYMOUS = "3/h"
    settings.TERREAU_HEAVY_RATE_USER = "5/h"


def visitor(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_an_anonymous_visitor_over_the_limit_gets_a_429_page_and_others_are_served(
    low_limits, alice
):
    first = visitor("198.51.100.7")
    assert [first.get(EXPORT).status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get(EXPORT)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = refused.content.decode()
    assert "Trop de demandes" in page and "attendez quelques minutes" in page
    assert "Les personnes connectées ont droit à davantage de demandes." in page
    # Another address is another visitor.
    assert visitor("203.0.113.9").get(EXPORT).status_code == 200
    # A person logged in, even from the same address, counts on their own, up to more.
    alice_client = client_for(alice)
    alice_client.defaults["REMOTE_ADDR"] = "198.51.100.7"
    assert [alice_client.get(EXPORT).status_code for _ in range(5)] == [200] * 5
    refused = alice_client.get(EXPORT)
    assert refused.status_code == 429
    assert "Les personnes connectées" not in refused.content.decode()


def test_pdfs_are_rationed_apart_from_exports(low_limits):
    anonymous = visitor("198.51.100.7")
    for _ in range(3):
        anonymous.get(EXPORT)
    assert anonymous.get(EXPORT).status_code == 429
    pdf = anonymous.get("/territoires/epci:246200844/diagnostic/rapport.pdf?compare=inconnu:1")
    # The PDF counts in its own window: not refused, it reaches the view (an unknown comparison).
    assert pdf.status_code == 404


def test_behind_a_proxy_visitors_are_told_apart_by_the_header_it_sets(low_limits, settings):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.7")
    for _ in range(3):
        first.get(EXPORT)
    assert first.get(EXPORT).status_code == 429
    # Same proxy, another visitor.
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    assert other.get(EXPORT).status_code == 200
    # A request without the header is counted, not an error.
    assert Client(REMOTE_ADDR="").get(EXPORT).status_code == 200
