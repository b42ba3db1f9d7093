"""The dashboard's useful effects, contributors, open needs and life functions compared with the
comparison territory (the Pas-de-Calais for the CC de la Région d'Audruicq), each side counted
with the visitor's rights: a private cooperation of the comparison territory leaks through none
of its counts to a stranger (alice, charlie), and shows to its own member (bob)."""

from decimal import Decimal

import pytest

from terreau.cooperations.services import access_grant, cooperation_publish
from terreau.dashboard.queries import territory_dashboard
from terreau.economy.models import Contribution, UsefulEffect
from terreau.territories.refs import resolve
from tests.cooperations.factories import make_actor, make_block, make_cooperation
from tests.diagnosis.factories import need
from tests.economy.factories import make_resource
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db

EPCI = "epci:246200844"  # CC de la Région d'Audruicq, in the Pas-de-Calais
ARRAS = "commune:62041"  # in the Pas-de-Calais, outside the EPCI
PAGE = f"/territoires/{EPCI}/tableau-de-bord/"
API = f"/api/v1/territories/{EPCI}/dashboard"


def effect(cooperation, name, *contributors):
    made = UsefulEffect.objects.create(cooperation=cooperation, name=name, effect_type="health")
    for actor, status in contributors:
        amount = Decimal("1000") if status == "paid" else None
        resource = make_resource(cooperation, "Contribution", amount="1000.00") if amount else None
        Contribution.objects.create(
            effect=made, beneficiary=actor, status=status, amount=amount, resource=resource
        )
    return made


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def territory(alice, bob):
    """alice: a published cooperation here and two in Arras, each with a useful effect; bob: a
    private one in Arras with an effect funded by a bank, taking on a need of Arras."""
    mairie = make_actor("Mairie d'Audruicq", kind="public_body")
    centre = make_actor("Centre social", kind="association")
    banque = make_actor("Banque Secrète", kind="funder")
    here = make_cooperation(alice, name="Écopôle alimentaire")
    cooperation_publish(cooperation=here, public=True)
    make_block(here, name="Cuisine partagée", life_functions=" food ", status="running")
    effect(here, "Repas évités", (mairie, "identified"))
    arras = []
    for name in ("Arras solidaire", "Arras mobile"):
        cooperation = make_cooperation(alice, name=name, territory_ref=ARRAS)
        cooperation_publish(cooperation=cooperation, public=True)
        make_block(cooperation, name="Atelier", life_functions=" food mobility ", status="planned")
        effect(cooperation, f"Effet de {name}", (centre, "paid"), (mairie, "sought"))
        arras.append(cooperation)
    hidden = make_cooperation(bob, name="Coopérative cachée", territory_ref=ARRAS)
    make_block(hidden, name="Bloc caché", life_functions=" health ", status="running")
    effect(hidden, "Effet caché", (banque, "paid"))
    need(EPCI, "Manger local", author=alice, cooperations=[here])
    need(EPCI, "Un garage", author=alice)
    need(ARRAS, "Se loger à Arras", author=alice, cooperations=[arras[0]])
    need(ARRAS, "Se déplacer à Arras", author=alice)
    need(ARRAS, "Se soigner à Arras", author=bob, cooperations=[hidden])
    need(ARRAS, "Déjà fait", author=alice, status="met")
    return here, arras, hidden


def by_key(rows):
    return {row["key"]: row for row in rows}


def test_a_member_compares_useful_effects_and_contributors_by_kind(alice, territory):
    data = territory_dashboard(resolve(EPCI), user=alice)
    economy = data["comparison"]["economy"]
    assert economy["reason"] is None
    assert economy["here"] == {
        "cooperations": 1,
        "effects": 1,
        "per_100k": economy["here"]["per_100k"],
        "contributions": 1,
        "obtained": 0,
        "obtained_percent": 0,
        "contributors": 1,
    }
    # Bob's private cooperation is not alice's to read: it counts nowhere on the Pas-de-Calais.
    reference = economy["reference"]
    assert (reference["cooperations"], reference["effects"]) == (3, 3)
    assert (reference["contributions"], reference["obtained"], reference["contributors"]) == (
        5,
        2,
        2,
    )
    assert reference["obtained_percent"] == 40
    functions = data["comparison"]["life_functions"]
    assert functions["reason"] is None
    mobility = by_key(functions["rows"])["mobility"]
    assert (mobility["cooperations"], mobility["reference"]) == (0, 2)
    kinds = by_key(economy["by_third_party_kind"])
    assert set(kinds) == {"public_body", "association"}
    assert kinds["public_body"]["label"] == "Service de l'État / établissement public"
    assert (
        kinds["association"]["contributions"],
        kinds["association"]["reference_contributions"],
    ) == (0, 2)
    assert kinds["public_body"]["reference_contributors"] == 1


def test_a_private_cooperation_of_the_comparison_leaks_through_no_count(alice, bob, territory):
    for cooperation in territory[1]:  # bob may read alice's two cooperations in Arras too
        access_grant(cooperation=cooperation, user=bob, role="contributor")
    for_alice = client_for(alice).get(API).json()
    for_bob = client_for(bob).get(API).json()
    assert "funder" not in {
        r["key"] for r in for_alice["comparison"]["economy"]["by_third_party_kind"]
    }
    bob_kinds = by_key(for_bob["comparison"]["economy"]["by_third_party_kind"])
    assert bob_kinds["funder"]["reference_contributions"] == 1  # his own cooperation's
    assert for_bob["comparison"]["economy"]["reference"]["effects"] == 3  # 2 of alice's + his
    # Needs: bob's need is public, but the cooperation taking it on is private.
    assert for_alice["comparison"]["needs"]["reference"]["taken_on"] == 2
    assert for_bob["comparison"]["needs"]["reference"]["taken_on"] == 3
    # Life functions: only bob sees a cooperation serving health in the Pas-de-Calais.
    health = by_key(for_alice["comparison"]["life_functions"]["rows"])["health"]
    assert health["reference"] == 0
    assert by_key(for_bob["comparison"]["life_functions"]["rows"])["health"]["reference"] == 1
    for text in ("Coopérative cachée", "Banque Secrète", "Effet caché", "Bloc caché"):
        assert text not in str(for_alice)
        assert text not in client_for(alice).get(PAGE).text
    page = client_for(alice).get(PAGE).text
    assert "Financeur privé" not in page


def test_open_needs_and_the_share_taken_on_are_compared(client, alice, territory):
    data = territory_dashboard(resolve(EPCI), user=alice)
    needs = data["comparison"]["needs"]
    assert needs["reason"] is None
    assert (needs["here"]["open"], needs["here"]["taken_on"]) == (2, 1)
    assert needs["here"]["taken_on_percent"] == 50
    # The Pas-de-Calais holds the EPCI's needs and Arras's; the met one is not open.
    assert (needs["reference"]["open"], needs["reference"]["taken_on"]) == (5, 2)
    assert needs["reference"]["taken_on_percent"] == 40
    population = data["territory"]["population"]
    assert needs["here"]["per_100k"] == round(2 * 100_000 / population, 2)
    page = client.get(PAGE).text
    assert "Part prise en charge" in page and "40 %" in page and "50 %" in page


def test_the_page_shows_names_and_french_numbers(alice, territory):
    page = client_for(alice).get(PAGE).text
    assert "Effets utiles et contributeurs, ici et à Pas-de-Calais" in page
    assert "Association" in page and "association</" not in page
    assert "Coopérations qui servent chaque fonction de vie" in page
    assert "Se déplacer" in page  # the life function by its name
    per_100k = territory_dashboard(resolve(EPCI), user=alice)["comparison"]["needs"]["here"]
    assert "," in str(per_100k["per_100k"]).replace(".", ",")  # has decimals
    assert str(per_100k["per_100k"]).replace(".", ",") + "</td>" in page


def test_too_few_figures_say_so_in_a_plain_sentence(client, alice):
    here = make_cooperation(alice, name="Écopôle alimentaire")
    cooperation_publish(cooperation=here, public=True)
    effect(here, "Repas évités")
    data = territory_dashboard(resolve(EPCI), user=alice)
    assert data["comparison"]["economy"]["reason"] == "too_few"
    assert data["comparison"]["needs"]["reason"] == "too_few"
    assert data["comparison"]["life_functions"]["reason"] == "too_few"
    page = client_for(alice).get(PAGE).text
    assert "Trop peu de chiffres pour comparer avec Pas-de-Calais" in page
    assert "moins de 3 besoins ouverts" in page
    anonymous = client.get(PAGE).text
    assert "Effets utiles et contributeurs, ici et à" not in anonymous  # members only


def test_the_same_territory_is_no_comparison(alice, territory):
    data = territory_dashboard(resolve(EPCI), user=alice, compare_to=resolve(EPCI))
    assert data["comparison"]["needs"]["reason"] == "same_territory"
    page = client_for(alice).get(PAGE + f"?compare={EPCI}").text
    assert "rien à comparer" in page


def test_the_observatory_is_linked_when_it_shows_an_amount(client, alice, territory):
    assert territory_dashboard(resolve(EPCI), user=None)["observatory_url"] is None
    for index in range(3):
        cooperation = make_cooperation(alice, name=f"Partage {index}")
        cooperation.observatory = True
        cooperation.save()
        make_resource(cooperation, "Ventes", category="sales", amount=f"{1000 + index}.00")
    url = territory_dashboard(resolve(EPCI), user=None)["observatory_url"]
    assert url == "/observatoire/?territoire=epci%3A246200844"
    assert client.get(url).status_code == 200
    assert (
        "Observatoire des financements : CC de la Région d&#x27;Audruicq" in client.get(PAGE).text
    )


def test_the_comparison_reads_in_english(alice, territory):
    client = client_for(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": PAGE})
    page = client.get(PAGE).text
    assert "Share taken on" in page and "Useful effects and contributors, here and in" in page
