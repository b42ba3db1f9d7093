"""Territories typed as people write them: names, postal codes, codes and references, in every
territory field (territories.forms.TerritoryField) and in the search that suggests them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from terreau.territories.forms import CommuneField, TerritoryField, TerritoryRefsField
from terreau.territories.lookup import TerritoryAmbiguous, find_territory, territory_label
from terreau.territories.models import ProjectTerritory
from terreau.territories.services import project_territory_save

pytestmark = pytest.mark.django_db


def cleaned(text, user=None, **options):
    field = TerritoryField(**options)
    field.user = user or AnonymousUser()
    territory = field.clean(text)
    return territory.ref if territory else None


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Pantin", "commune:93055"),
        ("pantin", "commune:93055"),
        ("Saint-Étienne", "commune:42218"),
        ("saint etienne", "commune:42218"),  # accents and hyphens optional
        ("St Etienne", "commune:42218"),
        ("Saint-Omer (Pas-de-Calais)", "commune:62765"),  # what the autocomplete writes
        ("saint omer (62)", "commune:62765"),
        ("Saint-Omer 62", "commune:62765"),
        ("93500", "commune:93055"),  # Pantin's postal code
        ("93055", "commune:93055"),  # its INSEE code
        ("75108", "commune:75056"),  # an arrondissement's code: the current commune
        ("246200844", "epci:246200844"),  # an EPCI's SIREN
        ("CC de la Région d'Audruicq", "epci:246200844"),
        ("62", "departement:62"),
        ("Pas-de-Calais", "departement:62"),
        ("Hauts-de-France", "region:32"),
        ("commune:62765", "commune:62765"),  # references stay accepted
        ("region:93", "region:93"),
        ("", None),
    ],
)
def test_a_territory_is_found_by_name_postal_code_code_or_reference(text, ref):
    assert cleaned(text) == ref


def test_homonym_communes_ask_to_choose_showing_their_departements():
    with pytest.raises(ValidationError) as error:
        cleaned("Saint-Omer")
    message = error.value.messages[0]
    assert "Plusieurs territoires répondent à « Saint-Omer »" in message
    # The most populous first, each written as the field reads it back.
    assert message.index("« Saint-Omer (Pas-de-Calais) »") < message.index(
        "« Saint-Omer (Calvados) »"
    )


def test_a_postal_code_shared_by_several_communes_asks_to_choose():
    with pytest.raises(TerritoryAmbiguous) as error:
        find_territory("62500")
    names = {c.name for c in error.value.candidates}
    assert {"Saint-Omer", "Clairmarais", "Lespesses"} <= names  # Lespesses: INSEE code 62500


def test_an_unknown_name_is_a_clear_french_error():
    with pytest.raises(ValidationError) as error:
        cleaned("Xyz")
    assert error.value.messages == ["Aucun territoire ne s'appelle « Xyz »."]
    with pytest.raises(ValidationError) as error:
        cleaned("commune:99999")
    assert "commune:99999" in error.value.messages[0]


def test_a_commune_field_takes_communes_only():
    field = CommuneField()
    assert field.clean("pantin").code == "93055"
    with pytest.raises(ValidationError) as error:
        field.clean("Pas-de-Calais")
    assert error.value.messages == ["Aucune commune ne s'appelle « Pas-de-Calais »."]


def test_a_comparison_field_also_takes_france():
    assert cleaned("France", comparison=True) == "france"
    with pytest.raises(ValidationError):
        cleaned("France")


def test_a_private_project_territory_is_named_by_its_owner_only(alice, charlie):
    project_territory_save(
        owner=alice,
        territory=None,
        name="Audruicq et Pantin",
        description="",
        components=["epci:246200844", "commune:93055"],
        is_public=False,
    )
    slug = ProjectTerritory.objects.get().slug
    assert cleaned("audruicq et pantin", user=alice) == f"projet:{slug}"
    for text in ["Audruicq et Pantin", f"projet:{slug}"]:
        with pytest.raises(ValidationError):
            cleaned(text, user=charlie)


def test_the_widget_shows_a_stored_reference_by_name():
    field = TerritoryField()
    html = field.widget.render("territoire", "commune:62765")
    assert 'value="Saint-Omer (Pas-de-Calais)"' in html
    assert "commune:62765" not in html
    assert 'data-territory-search="/api/v1/territories/search?' in html
    assert territory_label(find_territory("62")) == "Pas-de-Calais (département)"


def test_several_territories_by_reference_or_by_name():
    field = TerritoryRefsField()
    field.user = AnonymousUser()
    assert field.clean(["epci:246200844", "Pantin", "93055", ""]) == [
        "epci:246200844",
        "commune:93055",
    ]
    with pytest.raises(ValidationError) as error:
        field.clean(["Pantin", "Xyz"])
    assert error.value.messages == ["Aucun territoire ne s'appelle « Xyz »."]


def test_the_search_suggests_names_with_what_tells_them_apart(client):
    results = client.get("/api/v1/territories/search", {"q": "saint omer"}).json()
    communes = [r for r in results if r["level"] == "commune"]
    assert communes[0] == {
        "ref": "commune:62765",
        "name": "Saint-Omer",
        "level": "commune",
        "level_label": "Commune",
        "label": "Saint-Omer (Pas-de-Calais)",
        "context": "Commune, Pas-de-Calais (62) · 62500",
    }
    assert "Saint-Omer (Calvados)" in [r["label"] for r in communes]


def test_the_search_narrows_levels_and_offers_france(client):
    url = "/api/v1/territories/search"
    levels = {r["level"] for r in client.get(url, {"q": "pas", "levels": "commune"}).json()}
    assert levels == {"commune"}
    results = client.get(url, {"q": "fra", "france": "true"}).json()
    assert results[0]["ref"] == "france" and results[0]["label"] == "France"
    assert client.get(url, {"q": "93500"}).json()[0]["label"] == "Pantin (Seine-Saint-Denis)"
