import pytest

from terreau.territories.models import Level
from terreau.territories.queries import search_territories
from terreau.territories.refs import TerritoryRefError, parse_ref, resolve


@pytest.mark.parametrize(
    ("ref", "name", "level"),
    [
        ("commune:62057", "Audruicq", Level.COMMUNE),
        ("commune:2A004", "Ajaccio", Level.COMMUNE),
        ("epci:246200844", "CC de la Région d'Audruicq", Level.EPCI),
        ("departement:62", "Pas-de-Calais", Level.DEPARTEMENT),
        ("departement:2b", "Haute-Corse", Level.DEPARTEMENT),
        ("region:32", "Hauts-de-France", Level.REGION),
        ("bassin:62057", "Audruicq", Level.BASSIN),
    ],
)
def test_every_level_resolves_from_its_reference(db, ref, name, level):
    territory = resolve(ref)
    assert (territory.name, territory.level) == (name, level)
    assert territory.ref.lower() == ref.lower()


@pytest.mark.parametrize("ref", ["62057", "commune:6205", "ville:62057", "epci:12", "projet:"])
def test_a_malformed_reference_names_itself_and_the_accepted_forms(ref):
    with pytest.raises(TerritoryRefError) as error:
        parse_ref(ref)
    assert ref in str(error.value) and "commune:62057" in str(error.value)


def test_an_unknown_reference_is_an_error_naming_it(db):
    with pytest.raises(TerritoryRefError, match="departement:99"):
        resolve("departement:99")


def test_parents_of_a_commune_are_its_epci_zones_departement_and_region(db):
    parents = [p.ref for p in resolve("commune:62057").parents()]
    assert parents[0] == "epci:246200844"
    assert {"departement:62", "region:32", "bassin:62057"} <= set(parents)


def test_a_departement_resolves_to_its_communes_only(db):
    codes = set(resolve("departement:93").communes().values_list("code", flat=True))
    assert len(codes) == 39 and all(code.startswith("93") for code in codes)


def search(query, user=None):
    from django.contrib.auth.models import AnonymousUser

    return [t.ref for t in search_territories(query, user=user or AnonymousUser())]


def test_search_finds_names_without_accents_or_case(db):
    assert "commune:42218" in search("saint etienne")
    assert "region:32" in search("HAUTS DE")
    results = search("audruicq")
    assert results[0] == "commune:62057" and "epci:246200844" in results[:3]


def test_search_finds_words_inside_names(db):
    assert "commune:42218" in search("etienne")


def test_search_by_code_and_postal_code(db):
    assert search("62057")[0] == "commune:62057"
    assert "commune:93055" in search("93500")
    assert "departement:62" in search("62")


def test_exact_names_come_first(db):
    assert search("Paris")[0] in {"commune:75056", "departement:75"}
    assert search("Pantin")[0] == "commune:93055"


def test_an_empty_query_finds_nothing(db):
    assert search("  ") == []
