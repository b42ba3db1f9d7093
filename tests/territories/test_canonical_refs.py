"""Every `/territoires/<ref>/…` page answers under one address: a reference written in another
case redirects permanently to the canonical one (territories/middleware.py), query kept; forms
posted there act on the canonical reference (see tests/maturity/test_territory.py)."""

import pytest

from terreau.territories.refs import TerritoryRefError, canonical_ref

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "diagnostic/",
    "tableau-de-bord/",
    "recit/",
    "plaidoyer.html",
    "reseau/",
    "offres/",
    "offres/lacunes/",
    "maturite/",
]


@pytest.mark.parametrize("suffix", PAGES)
@pytest.mark.parametrize("written", ["EPCI:246200844", "Epci:246200844"])
def test_another_case_redirects_permanently_to_the_canonical_page(client, written, suffix):
    response = client.get(f"/territoires/{written}/{suffix}?annee=2026")
    assert response.status_code == 301
    assert response["Location"] == f"/territoires/epci:246200844/{suffix}?annee=2026"


def test_codes_and_project_slugs_are_canonical_too(client):
    assert client.get("/territoires/commune:2a004/")["Location"] == "/territoires/commune:2A004/"
    assert canonical_ref(" Projet:Ecopole ") == "projet:ecopole"
    assert canonical_ref("DEPARTEMENT:2b") == "departement:2B"


def test_the_canonical_page_and_malformed_references_do_not_redirect(client):
    assert client.get("/territoires/epci:246200844/").status_code == 200
    assert client.get("/territoires/epci:246200844/maturite/").status_code == 200
    assert client.get("/territoires/EPCI:12/maturite/").status_code == 404
    assert client.get("/territoires/departement:99/").status_code == 404
    with pytest.raises(TerritoryRefError):
        canonical_ref("ville:62057")
