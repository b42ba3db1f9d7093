"""Names everywhere, codes nowhere: the pages take territories by name and show communes by name."""

import pytest

from terreau.cooperations.models import Cooperation
from terreau.territories.lookup import MANY_NAMES, commune_display_names
from terreau.territories.models import Commune
from tests.cooperations.factories import make_actor, make_cooperation
from tests.offers.factories import make_offer

pytestmark = pytest.mark.django_db

COOPERATION = {
    "name": "Écopôle audomarois",
    "aim": "Nourrir le territoire ensemble",
    "cooperation_type": "modelled",
    "models": ["pat"],
    "legal_form": "scic",
    "economic_model": "hybrid",
    "carrier": "mixed",
    "stage": "emergence",
    "life_functions_list": ["food"],
}


def test_a_cooperation_is_created_by_typing_its_communes_name(alice_client):
    response = alice_client.post(
        "/cooperations/nouvelle/", {**COOPERATION, "territory_ref": "Saint-Omer (Pas-de-Calais)"}
    )
    assert response.status_code == 302
    assert Cooperation.objects.get().territory_ref == "commune:62765"


def test_a_homonym_commune_asks_which_one_and_the_choice_is_kept(alice_client):
    response = alice_client.post(
        "/cooperations/nouvelle/", {**COOPERATION, "territory_ref": "saint omer"}
    )
    assert response.status_code == 200 and not Cooperation.objects.exists()
    page = response.content.decode()
    assert "Plusieurs territoires répondent à « saint omer »" in page
    assert "Saint-Omer (Pas-de-Calais)" in page and "Saint-Omer (Calvados)" in page

    response = alice_client.post(
        "/cooperations/nouvelle/", {**COOPERATION, "territory_ref": "62500 (Saint-Omer)"}
    )
    assert "territory_ref" in response.context["form"].errors
    response = alice_client.post(
        "/cooperations/nouvelle/", {**COOPERATION, "territory_ref": "Saint-Omer (62)"}
    )
    assert Cooperation.objects.get().territory_ref == "commune:62765"


def test_the_edit_form_shows_the_territory_by_name(alice, alice_client):
    cooperation = make_cooperation(alice, territory_ref="commune:93055")
    page = alice_client.get(f"/cooperations/{cooperation.slug}/modifier/").content.decode()
    assert 'value="Pantin (Seine-Saint-Denis)"' in page
    assert "commune:93055" not in page.split("<main", 1)[1].split("</form>", 1)[0]


@pytest.fixture
def actors():
    pantin = Commune.objects.get(code="93055")
    audruicq = Commune.objects.get(code="62057")
    make_actor("Régie de quartier de Pantin", commune=pantin, is_public=True)
    make_actor("Épicerie solidaire d'Audruicq", commune=audruicq, is_public=True)


def actor_names(response) -> set[str]:
    return {a.name for a in response.context["page"]}


def test_pantin_filters_the_actors_by_name(client, actors):
    for text in ["Pantin", "pantin", "93500", "Pantin (Seine-Saint-Denis)", "commune:93055"]:
        assert actor_names(client.get("/acteurs/", {"territoire": text})) == {
            "Régie de quartier de Pantin"
        }, text
    assert actor_names(client.get("/acteurs/", {"commune": "Audruicq"})) == {
        "Épicerie solidaire d'Audruicq"
    }


def test_an_unknown_name_in_a_filter_is_said_never_an_empty_list(client, actors):
    response = client.get("/acteurs/", {"territoire": "Xyz"})
    page = response.content.decode()
    assert "Aucun territoire ne s&#x27;appelle « Xyz »." in page
    assert "La liste n'est pas filtrée" in page
    assert "Aucun acteur ne correspond" not in page
    # The results that htmx swaps in say it too, since the field itself is not refreshed.
    partial = client.get("/acteurs/", {"territoire": "Xyz"}, headers={"HX-Request": "true"})
    assert "Territoire : Aucun territoire ne s&#x27;appelle « Xyz »." in partial.content.decode()


def test_pantin_filters_the_offers_by_name(client):
    make_offer("Fonds de Seine-Saint-Denis (test)", perimeter=["departement:93"])
    make_offer("Fonds du Jura (test)", perimeter=["departement:39"])
    response = client.get("/offres/", {"territoire": "Pantin"})
    assert [o.name for o in response.context["page"]] == ["Fonds de Seine-Saint-Denis (test)"]
    partial = client.get("/offres/", {"territoire": "Xyz"}, headers={"HX-Request": "true"})
    assert "Aucun territoire ne s&#x27;appelle « Xyz »." in partial.content.decode()
    assert "Aucune offre ne correspond" not in partial.content.decode()


def test_the_diagnosis_compares_with_a_territory_typed_by_name(client):
    response = client.get("/territoires/epci:246200844/diagnostic/", {"compare": "pas de calais"})
    assert response.context["data"]["compare_to"]["ref"] == "departement:62"
    page = response.content.decode()
    assert "?compare=departement%3A62" in page  # the report links carry the reference
    response = client.get("/territoires/epci:246200844/diagnostic/", {"compare": "Xyz"})
    assert "Aucun territoire ne s&#x27;appelle « Xyz »." in response.content.decode()


def test_communes_without_actors_are_named_and_long_lists_grouped_by_epci(client):
    page = client.get("/territoires/epci:246200844/diagnostic/").content.decode()
    assert '<a href="/territoires/commune:62057/">Audruicq</a>' in page
    assert "62057," not in page
    # A département: its communes by EPCI, folded.
    page = client.get("/territoires/departement:62/diagnostic/").content.decode()
    assert '<div class="commune-groups">' in page
    assert "<summary>CA du Pays de Saint-Omer — " in page


def test_a_departements_page_groups_its_communes_by_epci(client):
    page = client.get("/territoires/departement:62/").content.decode()
    assert page.count("<details>") > 10
    # A commune whose name another commune of France bears shows its département.
    assert ">Saint-Omer (Pas-de-Calais)</a>" in page


def test_a_long_list_reads_the_shared_names_among_its_own_names_alone():
    communes = Commune.objects.current().filter(departement__code="62")
    rows = list(communes.only("pk", "name", "search_name", "departement_id"))
    assert len(rows) > MANY_NAMES  # else names are sent as a list, not as a subquery
    among = commune_display_names(rows, names=communes.values("search_name"))
    assert among == commune_display_names(rows)
    assert "Saint-Omer (Pas-de-Calais)" in among.values() and "Arras" in among.values()
