"""A need recorded on a territory appears in the diagnosis of every territory containing it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from terreau.diagnosis.needs import needs_for
from terreau.diagnosis.queries import diagnose
from terreau.territories.refs import resolve
from terreau.territories.services import project_territory_save
from tests.diagnosis.factories import need

pytestmark = pytest.mark.django_db


def shown(ref, user=None) -> dict[str, str]:
    """Title → reference of the territory it was recorded on, in the diagnosis of `ref`."""
    data = diagnose(resolve(ref), user=user).data
    return {entry["title"]: entry["territory"]["ref"] for entry in data["needs"]}


@pytest.fixture
def needs(alice):
    need("commune:62057", "Garde d'enfants à Audruicq", author=alice)
    need("epci:246200844", "Transport vers le marché", author=alice)
    need("departement:62", "Médecins dans le département", author=alice)
    need("commune:62041", "Logement à Arras", author=alice)  # département 62, another EPCI
    # The bassin de vie of Audruicq straddles two EPCI: it lies in the département only.
    need("bassin:62057", "Épicerie du bassin", author=alice)


def test_a_need_appears_in_every_territory_that_contains_its_own(needs):
    assert shown("commune:62057") == {"Garde d'enfants à Audruicq": "commune:62057"}
    assert shown("epci:246200844") == {
        "Garde d'enfants à Audruicq": "commune:62057",
        "Transport vers le marché": "epci:246200844",
    }
    assert shown("departement:62") == {
        "Garde d'enfants à Audruicq": "commune:62057",
        "Transport vers le marché": "epci:246200844",
        "Médecins dans le département": "departement:62",
        "Logement à Arras": "commune:62041",
        "Épicerie du bassin": "bassin:62057",
    }
    assert set(shown("region:32")) == set(shown("departement:62"))
    assert shown("departement:59") == {}


def test_a_rolled_up_need_names_the_territory_it_was_recorded_on(needs, client):
    data = client.get("/api/v1/territories/departement:62/diagnosis").json()
    entry = next(e for e in data["needs"] if e["title"] == "Garde d'enfants à Audruicq")
    assert entry["territory"] == {"ref": "commune:62057", "name": "Audruicq"}
    page = client.get("/territoires/epci:246200844/diagnostic/").text
    assert (
        'Enregistré sur : <a href="/territoires/commune:62057/diagnostic/">Audruicq</a> (Commune)'
        in page
    )
    report = client.get("/territoires/epci:246200844/diagnostic/rapport.html").text
    assert "enregistré sur Audruicq (Commune)" in report


def test_a_private_need_rolls_up_only_for_its_author(alice, charlie):
    need("commune:62057", "Privé", author=alice, public=False)
    assert "Privé" in shown("epci:246200844", alice)
    assert shown("epci:246200844", charlie) == {}


def test_a_project_territory_need_rolls_up_where_its_communes_lie_for_who_may_see_it(
    alice, charlie
):
    inside = project_territory_save(
        owner=alice, name="Audruicq et Zutkerque", components=["commune:62057", "commune:62906"]
    )
    across = project_territory_save(
        owner=alice, name="Audruicq et Arras", components=["commune:62057", "commune:62041"]
    )
    need(inside.ref, "Tiers-lieu", author=alice)
    need(across.ref, "Ligne de bus", author=alice)
    assert shown("epci:246200844", alice) == {"Tiers-lieu": inside.ref}
    assert shown("departement:62", alice) == {"Tiers-lieu": inside.ref, "Ligne de bus": across.ref}
    # The needs are public, but the project territories they name are private to alice.
    assert shown("departement:62", charlie) == {}
    # The project territory's own diagnosis lists the needs of the communes inside it.
    need("commune:62906", "Cantine à Zutkerque", author=alice)
    assert shown(inside.ref, alice) == {
        "Tiers-lieu": inside.ref,
        "Cantine à Zutkerque": "commune:62906",
    }


def test_the_number_of_queries_does_not_grow_with_the_needs(alice):
    territory = resolve("departement:62")
    refs = ["commune:62057", "commune:62041", "epci:246200844", "bassin:62057", "region:32"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            needs_for(territory, user=alice)
        return len(captured.captured_queries)

    for ref in refs:
        need(ref, ref, author=alice)
    few = queries()
    for n in range(5):
        for ref in [*refs, "commune:62906", "commune:62001"]:
            need(ref, f"{ref} {n}", author=alice)
    assert queries() == few
    assert len(needs_for(territory, user=alice)) == 4 + 5 * 6  # not the région's


def test_open_needs_come_first_then_by_priority_then_the_most_recent(alice):
    for title, status, priority, day in [
        ("Satisfait", "met", "high", 1),
        ("Basse", "open", "low", 1),
        ("Moyenne", "open", "medium", 1),
        ("Haute ancienne", "open", "high", 1),
        ("Pris en charge", "addressed", "high", 1),
        ("Haute récente", "open", "high", 2),
    ]:
        need(
            "commune:62057",
            title,
            author=alice,
            status=status,
            priority=priority,
            voiced_on=datetime.date(2026, 10, day),
        )
    assert list(shown("epci:246200844")) == [
        "Haute récente",
        "Haute ancienne",
        "Moyenne",
        "Basse",
        "Pris en charge",
        "Satisfait",
    ]
