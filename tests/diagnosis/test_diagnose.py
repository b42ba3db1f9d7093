import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terreau.actors.models import Actor
from terreau.cooperations.services import cooperation_publish
from terreau.diagnosis.queries import diagnose, per_commune
from terreau.territories.refs import resolve
from terreau.territories.services import project_territory_save
from tests.cooperations.factories import make_cooperation
from tests.diagnosis.factories import actor
from tests.personas import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audruicq_actors():
    actor("Épicerie", "62057", functions=["food", "social_ties"], ess=True, family="association")
    actor(
        "Cantine", "62057", kind="cooperative", functions=["food"], ess=True, family="cooperative"
    )
    actor("Médecin", "62906", kind="company", functions=["health"])
    # Elsewhere in the département, for the comparison
    for n in range(6):
        actor(f"Cabinet {n}", "62041", kind="company", functions=["health"])
    actor("Cantine d'Arras", "62041", kind="company", functions=["food"])


def test_every_figure_of_the_diagnosis(audruicq_actors):
    epci = resolve("epci:246200844")
    data = diagnose(epci).data
    population = epci.population
    departement = resolve("departement:62")
    assert data["territory"] == {
        "ref": "epci:246200844",
        "name": epci.name,
        "population": population,
    }
    assert data["compare_to"]["ref"] == "departement:62"
    assert data["compare_to"]["population"] == departement.population
    assert data["actors"]["total"] == 3
    assert data["actors"]["ess_share"] == round(2 / 3, 4)
    assert data["actors"]["by_kind"]["association"] == 1
    assert data["actors"]["by_kind"]["company"] == 1 and data["actors"]["by_kind"]["funder"] == 0
    assert data["actors"]["by_life_function"]["food"] == 2
    assert data["actors"]["matrix"]["cooperative"]["food"] == 1
    assert data["actors"]["by_legal_form_family"] == {
        "association": 1,
        "cooperative": 1,
        "other": 1,
    }
    coverage = {row["life_function"]: row for row in data["coverage"]}
    food = coverage["food"]
    assert food["actors"] == 2
    assert food["per_10k"] == round(2 * 10_000 / population, 2)
    assert food["reference_per_10k"] == round(3 * 10_000 / departement.population, 2)
    assert food["status"] == "ok"
    assert coverage["housing"]["status"] == "gap" and coverage["housing"]["per_10k"] == 0
    health = coverage["health"]
    assert health["reference_per_10k"] == round(7 * 10_000 / departement.population, 2)
    expected = "low" if health["per_10k"] < health["reference_per_10k"] / 2 else "ok"
    assert health["status"] == expected
    without = data["communes_without"]
    assert "62057" not in without["food"] and "62906" in without["food"]
    assert len(without["housing"]) == epci.commune_count


def test_a_territory_without_actors_or_population_says_so(db):
    data = diagnose(resolve("commune:98411")).data  # Île Saint-Paul: no population
    assert data["territory"]["population"] == 0
    assert data["actors"]["total"] == 0 and data["actors"]["ess_share"] is None
    assert all(row["per_10k"] is None and row["status"] == "gap" for row in data["coverage"])


def test_the_sum_over_communes_equals_the_territory_total(audruicq_actors):
    epci = resolve("epci:246200844")
    communes = per_commune(epci, "food")
    assert (
        sum(c["actors"] for c in communes)
        == diagnose(epci).data["actors"]["by_life_function"]["food"]
    )


@settings(max_examples=10, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["62057", "62906", "62041", "62001", "93055"]),
            st.sets(st.sampled_from(["food", "health", "work"])),
        ),
        max_size=12,
    )
)
def test_a_project_territory_of_two_epci_adds_up(spec):
    Actor.objects.all().delete()
    alice = UserFactory(username="alice")
    for n, (commune, functions) in enumerate(spec):
        actor(f"A{n}", commune, functions=sorted(functions))
    first, second = resolve("epci:246200844"), resolve("epci:200033579")
    both = project_territory_save(
        owner=alice, name=f"Deux EPCI {len(spec)}", components=[first.ref, second.ref]
    )
    parts = [diagnose(t).data["actors"] for t in (first, second)]
    whole = diagnose(both).data["actors"]
    assert whole["total"] == parts[0]["total"] + parts[1]["total"]
    for lf, n in whole["by_life_function"].items():
        assert n == parts[0]["by_life_function"][lf] + parts[1]["by_life_function"][lf]
    both.delete()


def test_cli_and_api_give_the_same_diagnosis(audruicq_actors, client, capsys):
    import json

    from terreau.cli import main

    assert main(["diagnose", "epci:246200844", "--compare", "region:32"]) == 0
    printed = json.loads(capsys.readouterr().out)
    served = client.get(
        "/api/v1/territories/epci:246200844/diagnosis", {"compare": "region:32"}
    ).json()
    assert printed == served
    assert printed["compare_to"]["ref"] == "region:32"
    assert set(printed) >= {
        "territory",
        "compare_to",
        "actors",
        "coverage",
        "communes_without",
        "needs",
        "sources",
    }


def test_private_actors_count_only_for_those_who_see_them(audruicq_actors, alice, client):
    Actor.objects.filter(name="Médecin").update(is_public=False, created_by=alice)
    data = client.get("/api/v1/territories/epci:246200844/diagnosis").json()
    assert data["actors"]["total"] == 2


def test_the_diagnosis_page_shows_coverage_matrix_and_map(audruicq_actors, client):
    page = client.get("/territoires/epci:246200844/diagnostic/", {"life_function": "food"})
    text = page.text
    assert page.status_code == 200
    assert "Couverture des fonctions de vie" in text and "manque" in text
    assert "Pas-de-Calais" in text  # the default comparison
    assert "Part de l'ESS : 67 %." in text
    coverage = {row["life_function"]: row["status"] for row in page.context["coverage"]}
    assert coverage["housing"] == "gap"
    assert ("Zutkerque", "/territoires/commune:62906/") in page.context["communes_without"].names
    data = client.get(
        "/territoires/epci:246200844/diagnostic/carte.geojson", {"life_function": "food"}
    ).json()
    counts = {f["properties"]["code"]: f["properties"]["count"] for f in data["features"]}
    assert counts["62057"] == 2 and counts["62906"] == 0 and len(counts) == 15


def test_an_unknown_comparison_is_said_and_the_default_kept(audruicq_actors, client):
    page = client.get("/territoires/epci:246200844/diagnostic/", {"compare": "region:99"})
    assert "region:99" in page.context["comparison"].errors["compare"][0]
    assert page.context["data"]["compare_to"]["ref"] == "departement:62"


def test_a_private_project_territory_diagnosis_is_hidden_from_strangers(alice, charlie_client):
    territory = project_territory_save(owner=alice, name="Privé", components=["commune:62057"])
    url = f"/territoires/{territory.ref}/diagnostic/"
    assert charlie_client.get(url).status_code == 404
    assert charlie_client.get(f"/api/v1/territories/{territory.ref}/diagnosis").status_code == 404


def test_a_person_records_a_need_and_a_note_beside_the_figures(alice_client, charlie_client):
    url = "/territoires/epci:246200844/diagnostic/"
    response = alice_client.post(
        url + "besoins/",
        {
            "need-title": "Pas de solution de garde le soir",
            "need-life_functions_list": ["social_ties", "work"],
            "need-voiced_by": "Parents de l'école de Zutkerque",
            "need-channel": "workshop",
            "need-voiced_on": "2026-10-12",
            "need-priority": "high",
            "need-status": "open",
        },
    )
    assert response.status_code == 302
    alice_client.post(
        url + "notes/",
        {
            "note-kind": "quote",
            "note-text": "« Ici, tout le monde se connaît »",
            "note-observed_on": "2026-10-12",
        },
    )
    page = alice_client.get(url)
    assert (
        "Pas de solution de garde le soir" in page.text and "tout le monde se connaît" in page.text
    )
    need = page.context["data"]["needs"][0]
    assert need == {
        "title": "Pas de solution de garde le soir",
        "life_functions": ["work", "social_ties"],  # taxonomy order
        "priority": "high",
        "status": "open",
        "territory": {"ref": "epci:246200844", "name": "CC de la Région d'Audruicq"},
        "actors": [],
        "cooperations": [],
    }
    # Private by default: a stranger sees neither
    stranger = charlie_client.get(url)
    assert "garde le soir" not in stranger.text and "se connaît" not in stranger.text
    assert stranger.context["data"]["needs"] == []


def test_a_need_form_says_what_is_missing(alice_client):
    page = alice_client.post("/territoires/epci:246200844/diagnostic/besoins/", {"need-title": ""})
    assert page.status_code == 200 and page.context["need_form"].errors
    assert "need-title" in page.text


def test_recording_requires_an_account(client):
    response = client.post("/territoires/epci:246200844/diagnostic/notes/", {})
    assert response.status_code == 302 and "/comptes/connexion/" in response.url


def test_the_cooperations_on_the_territory_and_those_a_need_concerns(alice, alice_client, client):
    ecopole = make_cooperation(alice, name="Écopôle", territory_ref="commune:62057")
    make_cooperation(alice, name="Ailleurs", territory_ref="commune:93055")
    url = "/territoires/epci:246200844/diagnostic/"
    assert [c["slug"] for c in alice_client.get(url).context["data"]["cooperations"]] == ["ecopole"]
    assert client.get(url).context["data"]["cooperations"] == []  # private to its members
    alice_client.post(
        url + "besoins/",
        {
            "need-title": "Manger mieux",
            "need-life_functions_list": ["food"],
            "need-channel": "workshop",
            "need-voiced_on": "2026-10-12",
            "need-priority": "high",
            "need-status": "addressed",
            "need-cooperations": [ecopole.pk],
        },
    )
    need = alice_client.get(url).context["data"]["needs"][0]
    assert need["cooperations"] == [{"slug": "ecopole", "name": "Écopôle"}]
    cooperation_publish(cooperation=ecopole, public=True)
    public = diagnose(resolve("departement:62"), user=None).data["cooperations"]
    assert public == [
        {
            "slug": "ecopole",
            "name": "Écopôle",
            "territory": "commune:62057",
            "cooperation_type": "modelled",
            "models": ["pat"],
            "stage": "emergence",
        }
    ]


def test_a_need_cannot_name_a_cooperation_one_cannot_see(alice, charlie_client):
    secret = make_cooperation(alice, name="Secret", territory_ref="commune:62057")
    charlie_client.post(
        "/territoires/epci:246200844/diagnostic/besoins/",
        {
            "need-title": "Intrusion",
            "need-channel": "workshop",
            "need-voiced_on": "2026-10-12",
            "need-priority": "high",
            "need-status": "open",
            "need-cooperations": [secret.pk],
        },
    )
    assert not secret.needs.exists()
