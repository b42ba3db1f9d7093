"""The data directory (`TERREAU_DATA_DIR`): where the SQLite database, the generated secret key and
the collected static files live.

Reading the settings writes nothing: the directory and the key are created by `prepare()`, which the
`terreau` command and the WSGI/ASGI entry points call before Django starts. Without a key file (a
test run, a tool importing the settings), the settings use a key made for this process only.
"""

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    return Path(os.environ.get("TERREAU_DATA_DIR", "var")).resolve()


def secret_key() -> str:
    """SECRET_KEY from the environment, else the one kept in the data directory, else one for this
    process only (sessions would not outlive it: `prepare()` keeps one)."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = data_dir() / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    return secrets.token_urlsafe(50)


def prepare() -> None:
    """Create the data directory, its static files directory and, unless SECRET_KEY is set, a
    secret key kept across restarts."""
    directory = data_dir()
    (directory / "static").mkdir(parents=True, exist_ok=True)
    key_file = directory / "secret_key"
    if not os.environ.get("SECRET_KEY") and not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
