"""The territory dashboard, as alice (member of her cooperations), charlie (a stranger to them)
and an anonymous visitor see it: published parts for everyone, private cooperations, useful
effects, contributors and journals for the members only — on the page and in the API."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from terreau.cooperations.models import JournalEntry
from terreau.cooperations.services import cooperation_publish, journal_entry_save
from terreau.dashboard.queries import territory_dashboard
from terreau.diagnosis.models import Need
from terreau.economy.models import Contribution, UsefulEffect
from terreau.monographs.models import Monograph
from terreau.territories.models import Commune
from terreau.territories.refs import resolve
from tests.cooperations.factories import make_actor, make_block, make_cooperation
from tests.personas import client_for

pytestmark = pytest.mark.django_db

EPCI = "epci:246200844"  # CC de la Région d'Audruicq
PAGE = f"/territoires/{EPCI}/tableau-de-bord/"
API = f"/api/v1/territories/{EPCI}/dashboard"


@pytest.fixture
def cooperations(alice):
    """A published cooperation with a block, an effect, a contributor and a story, and a private
    one, both alice's; and a need taken on by the published one."""
    public = make_cooperation(alice, name="Écopôle alimentaire", stage="creation")
    cooperation_publish(cooperation=public, public=True)
    make_block(public, name="Cuisine partagée", life_functions=" food ", status="running")
    private = make_cooperation(
        alice, name="Garage secret", models=" solidarity_garage ", life_functions=["mobility"]
    )
    make_block(private, name="Atelier mobile", life_functions=" mobility ", status="planned")
    audruicq = Commune.objects.get(code="62057")
    mairie = make_actor("Mairie d'Audruicq", kind="public_body", commune=audruicq)
    effect = UsefulEffect.objects.create(
        cooperation=public,
        name="Repas évités à l'hôpital",
        effect_type="health",
        estimated_annual_value=Decimal("12500"),
    )
    Contribution.objects.create(effect=effect, beneficiary=mairie, amount=Decimal("3000"))
    journal_entry_save(
        entry=JournalEntry(
            cooperation=public,
            happened_on=date(2026, 3, 14),
            kind="small_victory",
            title="Premier marché paysan",
        ),
        by=alice,
    )
    need = Need.objects.create(
        territory_ref=EPCI,
        author=alice,
        is_public=True,
        title="Manger local à la cantine",
        channel="workshop",
        voiced_on=date(2026, 1, 10),
        priority="high",
    )
    need.cooperations.add(public, private)
    return public, private


def test_anonymous_visitor_sees_published_parts_only(client, cooperations):
    page = client.get(PAGE).content.decode()
    assert "Écopôle alimentaire" in page and "Cuisine partagée" in page
    assert "Création" in page  # the stage by its name, never its key
    assert "Manger local à la cantine" in page
    for secret in ("Garage secret", "Atelier mobile", "Repas évités", "Mairie d'Audruicq"):
        assert secret not in page
    assert "Premier marché paysan" not in page
    assert "réservé à ses membres" in page


def test_a_stranger_sees_what_the_public_sees(charlie, cooperations):
    page = client_for(charlie).get(PAGE).content.decode()
    assert "Écopôle alimentaire" in page
    for secret in ("Garage secret", "Repas évités", "Mairie d'Audruicq", "Premier marché paysan"):
        assert secret not in page
    data = client_for(charlie).get(API).json()
    assert [c["name"] for c in data["cooperations"]["list"]] == ["Écopôle alimentaire"]
    assert data["economy"] == {
        "cooperations": 0,
        "effects": 0,
        "contributors": 0,
        "estimated_annual_value": None,
        "list": [],
    }
    assert data["events"] == []
    # The need is public; of the cooperations taking it on, charlie sees the published one only.
    assert data["needs"]["list"][0]["cooperations"] == [
        {"name": "Écopôle alimentaire", "url": "/cooperations/ecopole-alimentaire/"}
    ]
    assert "Garage secret" not in str(data)


def test_a_member_also_sees_her_private_cooperation_effects_and_stories(alice, cooperations):
    page = client_for(alice).get(PAGE).content.decode()
    assert "Garage secret" in page and "privée" in page
    assert "Repas évités à l&#x27;hôpital" in page and "Mairie d&#x27;Audruicq" in page
    assert "12\u00a0500 €" in page  # French numbers
    assert "Premier marché paysan" in page and "14 mars 2026" in page
    data = client_for(alice).get(API).json()
    assert data["cooperations"]["total"] == 2 and data["cooperations"]["private"] == 1
    assert data["economy"]["effects"] == 1 and data["economy"]["contributors"] == 1
    assert data["economy"]["list"][0]["contributors"][0]["name"] == "Mairie d'Audruicq"
    assert data["events"][0]["title"] == "Premier marché paysan"


def test_figures_by_stage_type_model_and_life_functions_against_the_diagnosis(alice, cooperations):
    data = territory_dashboard(resolve(EPCI), user=alice)
    stages = {row["key"]: row["count"] for row in data["cooperations"]["by_stage"]}
    assert stages["creation"] == 1 and stages["emergence"] == 1
    models = {row["key"]: row["count"] for row in data["cooperations"]["by_model"]}
    assert models["pat"] == 1 and models["solidarity_garage"] == 1
    functions = {row["key"]: row for row in data["life_functions"]}
    assert [b["block"] for b in functions["food"]["blocks"]] == ["Cuisine partagée"]
    assert functions["mobility"]["cooperations"] == ["Garage secret"]
    # Without actors, every life function is a gap of the diagnosis; those served by no block
    # are named.
    assert functions["health"]["status"] == "gap"
    assert "Se soigner" in data["gaps_without_cooperation"]
    assert "Se nourrir, s'alimenter" not in data["gaps_without_cooperation"]
    assert data["needs"] == {"total": 1, "taken_on": 1, "list": data["needs"]["list"]}


def test_comparison_per_100000_inhabitants(client, cooperations):
    territory = resolve(EPCI)
    data = territory_dashboard(territory, user=None)
    population = data["territory"]["population"]
    assert population > 0
    assert data["compare_to"]["name"] == "Pas-de-Calais"
    assert data["cooperations"]["per_100k"] == round(2 * 100_000 / population, 2)
    assert data["cooperations"]["reference_total"] == 2
    page = client.get(PAGE + "?compare=France").content.decode()
    assert "Pour 100 000 habitants" in page and "France" in page


def test_empty_territory_says_what_to_do(client):
    page = client.get(PAGE).content.decode()
    assert "Aucune coopération publiée n'agit encore" in page
    assert "Créer une coopération" in page
    assert "Aucun besoin ouvert" in page


def test_the_territory_page_loads_the_dashboard_and_the_fragment_has_its_headings(client):
    page = client.get(f"/territoires/{EPCI}/").content.decode()
    assert f'hx-get="{PAGE}"' in page
    fragment = client.get(PAGE, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and '<h3 id="dashboard-functions-title">' in fragment


def test_unknown_territory_is_a_404_on_the_page_and_the_api(client):
    assert client.get("/territoires/commune:00000/tableau-de-bord/").status_code == 404
    assert client.get("/api/v1/territories/commune:00000/dashboard").status_code == 404


def test_counts_by_stage_are_compared_with_the_comparison_territory(alice, cooperations):
    # A published cooperation elsewhere in the Pas-de-Calais counts for the comparison only.
    arras = make_cooperation(alice, name="Arras solidaire", territory_ref="commune:62041")
    cooperation_publish(cooperation=arras, public=True)
    data = territory_dashboard(resolve(EPCI), user=AnonymousUser())
    creation = next(r for r in data["cooperations"]["by_stage"] if r["key"] == "creation")
    emergence = next(r for r in data["cooperations"]["by_stage"] if r["key"] == "emergence")
    assert (creation["count"], creation["reference"]) == (1, 1)
    assert (emergence["count"], emergence["reference"]) == (0, 1)  # Garage secret is private
    assert data["cooperations"]["reference_total"] == 2


def test_monographs_are_listed_once_published_or_to_members(alice, charlie, cooperations):
    public, private = cooperations
    Monograph.objects.create(cooperation=public, title="Le récit de l'Écopôle", is_public=True)
    Monograph.objects.create(cooperation=private, title="Carnet du garage")
    for user in (AnonymousUser(), charlie):
        titles = [m["title"] for m in territory_dashboard(resolve(EPCI), user=user)["monographs"]]
        assert titles == ["Le récit de l'Écopôle"]
    page = client_for(alice).get(PAGE).content.decode()
    assert "Carnet du garage" in page and "non publiée" in page


def test_the_dashboard_reads_in_english(client, cooperations):
    client.post("/i18n/setlang/", {"language": "en", "next": PAGE})
    page = client.get(PAGE).text
    assert "Dashboard: CC de la Région d&#x27;Audruicq" in page
    for english in ("Per 100,000 inhabitants", "By stage", "Creation", "Open needs"):
        assert english in page
    assert "Pour 100 000 habitants" not in page
