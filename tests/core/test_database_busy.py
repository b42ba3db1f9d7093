"""SQLite: a request that waits for the database longer than the busy timeout (another process
holds the write lock, e.g. an import's batch) gets the "busy" page, 503, never an error 500."""

import sqlite3

import pytest
from django.db import connections

from tests.personas import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_database(sqlite_copy):
    """The test's ORM on a file copy of the test database, with a busy timeout of 0.3 s."""
    if sqlite_copy is None:
        pytest.skip("SQLite's write lock: PostgreSQL locks rows, not the database")
    default = connections["default"]
    database = dict(default.settings_dict, NAME=str(sqlite_copy))
    database["OPTIONS"] = {**database["OPTIONS"], "timeout": 0.3}
    connections["default"] = type(default)(database)
    try:
        yield sqlite_copy
    finally:
        connections["default"].close()
        connections["default"] = default


def test_a_login_while_another_process_writes_answers_the_busy_page(file_database, client):
    dominique = UserFactory(username="dominique")
    other = sqlite3.connect(file_database)
    try:
        other.execute("BEGIN IMMEDIATE")  # the write lock, as an import's batch holds it
        other.execute("UPDATE auth_user SET first_name = 'x' WHERE username = 'dominique'")
        response = client.post(
            "/comptes/connexion/", {"username": "dominique", "password": PASSWORD}
        )
    finally:
        other.rollback()
        other.close()
        dominique.delete()  # the copy is shared by the session's tests
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "Terreau est très occupé" in response.text
    assert "Réessayez dans quelques secondes" in response.text
