"""A production instance configured as docs/deployment.md says passes Django's deployment checks
without a single warning, and the defaults keep serving plain HTTP on a developer's machine."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import terreau
from terreau.config.settings import tile_source

DEPLOYMENT = Path(__file__).parents[2] / "docs" / "deployment.md"


def documented_production_environment() -> dict[str, str]:
    """The variables of the `dotenv` block of docs/deployment.md, "HTTPS et en-têtes"."""
    section = DEPLOYMENT.read_text().split("### HTTPS et en-têtes", 1)[1]
    block = re.search(r"```dotenv\n(.*?)```", section, re.DOTALL)
    assert block, "docs/deployment.md shows the production environment in a dotenv block"
    lines = [line for line in block[1].splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def check_deploy(environment: dict[str, str]) -> subprocess.CompletedProcess:
    """`terreau manage check --deploy` in a process that sees only `environment`."""
    return subprocess.run(
        [sys.executable, "-m", "terreau.cli", "manage", "check", "--deploy"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(terreau.__file__).parents[1])}
        | environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_the_documented_environment(tmp_path):
    environment = documented_production_environment()
    assert {"TERREAU_HTTPS", "TERREAU_BEHIND_TLS_PROXY", "SECRET_KEY", "ALLOWED_HOSTS"} <= set(
        environment
    )
    # What the documentation asks each deployment to choose: its own random key and directory.
    environment |= {"SECRET_KEY": secrets.token_urlsafe(50), "TERREAU_DATA_DIR": str(tmp_path)}
    result = check_deploy(environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == "System check identified no issues (0 silenced).\n"


def test_the_defaults_serve_plain_http_and_check_deploy_says_so(tmp_path):
    result = check_deploy({"TERREAU_DATA_DIR": str(tmp_path)})
    reported = set(re.findall(r"\(security\.(W\d+)\)", result.stdout + result.stderr))
    # No HSTS, no redirect to HTTPS, cookies sent over HTTP: what `make demo` needs.
    assert reported == {"W004", "W008", "W012", "W016"}


def test_map_tiles_server_is_allowed_for_images():
    assert tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == [
        "https://*.tile.example.org"
    ]
    assert tile_source("") == []
