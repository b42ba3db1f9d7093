"""Every operation of the OpenAPI document, fuzzed with schemathesis (issue 15): no 5xx, and every
answer — status, content type, body — as the document declares it.

Three callers: an anonymous visitor with generated path parameters (unknown slugs, odd
references), then an anonymous visitor and a script with its owner's API token on the objects of
a small seeded instance (`tests/api/seed.py`), so that the members-only code runs too. Examples
are bounded and derandomized (CI reproducible), Hypothesis keeps no database; the test runs on
SQLite and, with DATABASE_URL, on PostgreSQL."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from terreau.api.models import ApiToken
from tests.api.seed import TERRITORY, seed_small_instance

pytestmark = pytest.mark.django_db

# Rules OpenAPI cannot express, answered with a 4xx that names them, where schemathesis would
# expect a schema-valid request to succeed: the network operations take a cooperation or a
# territory, not both, and a period whose start precedes its end (400); the simulators check
# their inputs themselves — amounts in cents up to a billion, ratios, names unique, weights
# with the weighted keys — and their 422 names the field, and a body holding a NUL or a lone
# surrogate in any string or key is refused (400, as imported JSON files are).
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {  # a whole network is heavy work: beyond the rate, 429 (documented)
                "include-path-regex": "^/api/v1/network/file",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404", "429"]}
                },
            },
            {
                "include-path-regex": "^/api/v1/network/(metrics|graph)",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}
                },
            },
            {
                "include-path-regex": "^/api/v1/economy/simulate/",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "422"]}
                },
            },
        ]
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture
def one_connection():
    """Schemathesis calls the WSGI application, whose request signals would close the database
    connection holding the test's transaction; Django's test client disconnects them the same
    way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def instance(alice):
    return seed_small_instance(alice)


@pytest.fixture
def token(alice) -> str:
    _token, secret = ApiToken.issue(user=alice, name="fuzz")
    return secret


def seeded_path(case, instance) -> dict:
    """The case's path parameters pointing at the seeded objects."""
    values = {
        "slug": instance.offer.slug
        if case.path == "/api/v1/offers/{slug}"
        else instance.cooperation.slug,
        "ref": TERRITORY,
        "actor_id": instance.actor.pk,
        "round_id": instance.maturity_round.pk,
        "catalyst_id": instance.catalyst.pk,
    }
    return {name: values[name] for name in case.path_parameters}


@pytest.mark.parametrize("caller", ["anonymous", "anonymous on seeded objects", "token"])
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_as_documented(case, caller, instance, token, one_connection):
    if caller == "anonymous on seeded objects" and not case.path_parameters:
        pytest.skip("the same as the anonymous run: no object in the path")
    headers = {"Authorization": f"Bearer {token}"} if caller == "token" else {}
    if caller != "anonymous" and case.path_parameters:
        case.path_parameters = seeded_path(case, instance)
    case.call_and_validate(headers=headers)
