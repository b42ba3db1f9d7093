"""Helpers shared by the tests of the API Recherche d'entreprises: the SIRETs of the recorded
answers (tests/fixtures/connectors/recherche-entreprises) and the fake server serving them."""

from tests.connectors.fake_server import recorded

FIXTURES = "recherche-entreprises/"
JARDINS, COOP, CLOSED, SOLE_TRADER, RESSOURCERIE = (
    "88234567100110",
    "91234567500157",
    "80123456800278",
    "85234561000137",
    "83345678300145",
)


def serve_audruicq(fake_api):
    """The two pages of Audruicq's legal units (catch-all empty answer for any other query)."""
    fake_api.add("/search", json=recorded(FIXTURES + "search-empty.json"))
    fake_api.add("/search", json=recorded(FIXTURES + "search-page-1.json"), params={"page": "1"})
    fake_api.add("/search", json=recorded(FIXTURES + "search-page-2.json"), params={"page": "2"})
