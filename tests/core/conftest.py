"""Fixtures of the tests that need a database another connection or process can reach."""

import sqlite3
from pathlib import Path

import pytest
from django.db import connections


@pytest.fixture(scope="session")
def sqlite_copy(django_db_setup, django_db_blocker, tmp_path_factory) -> Path | None:
    """SQLite: a file copy of the in-memory test database, taken before any test's transaction
    wraps the connection (session fixtures come first)."""
    with django_db_blocker.unblock():
        default = connections["default"]
        if default.vendor != "sqlite":
            return None
        path = tmp_path_factory.mktemp("worker") / "terreau.sqlite3"
        default.ensure_connection()
        with sqlite3.connect(path) as copy:
            default.connection.backup(copy)
        return path
