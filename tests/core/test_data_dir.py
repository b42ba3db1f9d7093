"""Reading the settings writes nothing; the `terreau` command prepares the data directory once and
keeps the same secret key across restarts (sessions survive a restart)."""

import os
import subprocess
import sys


def run_python(code: str, data_dir) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["TERREAU_DATA_DIR"] = str(data_dir)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_importing_the_settings_creates_no_file(tmp_path):
    data_dir = tmp_path / "var"
    run_python("import terreau.config.settings", data_dir)
    assert not data_dir.exists()


def test_the_command_keeps_one_secret_key_across_restarts(tmp_path):
    data_dir = tmp_path / "var"
    show_key = (
        "from terreau.core.cli import setup_django; setup_django(); "
        "from django.conf import settings; print(settings.SECRET_KEY)"
    )
    first = run_python(show_key, data_dir)
    assert (data_dir / "secret_key").read_text() == first
    assert (data_dir / "static").is_dir()
    assert run_python(show_key, data_dir) == first
