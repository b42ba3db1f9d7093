"""The accounts' settings come from the environment (docs/deployment.md, "Comptes")."""

import json
import os
import subprocess
import sys

from django.test import Client

from tests.personas import PASSWORD

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps([s.AXES_FAILURE_LIMIT,"
    " s.AXES_COOLOFF_TIME.total_seconds(), s.TERREAU_TRUSTED_PROXY_COUNT, s.TERREAU_SIGNUP,"
    " s.TERREAU_SIGNUP_VERIFY_EMAIL, s.SESSION_COOKIE_AGE]))"
)


NAMES = [
    "TERREAU_LOGIN_FAILURE_LIMIT",
    "TERREAU_LOGIN_COOLOFF_MINUTES",
    "TERREAU_TRUSTED_PROXY_COUNT",
    "TERREAU_SIGNUP",
    "TERREAU_SIGNUP_VERIFY_EMAIL",
    "TERREAU_SESSION_AGE_DAYS",
]


def settings_with(**environment) -> list:
    env = {k: v for k, v in os.environ.items() if k not in NAMES}
    env.update(DJANGO_SETTINGS_MODULE="terreau.config.settings", **environment)
    done = subprocess.run(
        [sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_defaults_and_environment():
    assert settings_with() == [10, 900.0, 0, "open", False, 14 * 24 * 3600]
    assert settings_with(
        TERREAU_LOGIN_FAILURE_LIMIT="5",
        TERREAU_LOGIN_COOLOFF_MINUTES="60",
        TERREAU_TRUSTED_PROXY_COUNT="1",
        TERREAU_SIGNUP="invitation",
        TERREAU_SIGNUP_VERIFY_EMAIL="true",
        TERREAU_SESSION_AGE_DAYS="1",
    ) == [5, 3600.0, 1, "invitation", True, 24 * 3600]


def test_the_session_cookie_lasts_the_configured_time(alice, settings):
    settings.SESSION_COOKIE_AGE = 3600
    client = Client()
    client.post("/comptes/connexion/", {"username": "alice", "password": PASSWORD})
    assert client.cookies["sessionid"]["max-age"] == 3600
