"""The economic model's pages, as members, readers and strangers use them."""

import html
import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from terreau.cooperations.models import AccessRole
from terreau.cooperations.services import access_grant, cooperation_publish
from terreau.economy.models import Contribution, Cost, Resource, UsefulEffect
from terreau.territories.models import Commune
from tests.confirmation import CONFIRM
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.economy.factories import make_contribution, make_cost, make_effect, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecopole(alice):
    cooperation = make_cooperation(alice, name="Écopôle alimentaire")
    audruicq = Commune.objects.get(code="62057")
    city = make_actor("Commune d'Audruicq", kind="local_authority", commune=audruicq)
    make_member(cooperation, city, roles=["local_authority", "funder"])
    make_resource(
        cooperation,
        "Convention pluriannuelle de la commune",
        category="public_multi_year",
        amount="36000.00",
        source=city,
        start_date=date(2024, 1, 1),
        end_date=date(2026, 12, 31),
        funding_mode="multi_year_convention",
        earmark="animation",
    )
    make_resource(cooperation, "Ventes de légumes", amount="8000.00", year=2025)
    make_cost(cooperation, "Animatrice", amount="15000.00", year=2025)
    return cooperation


def url(cooperation, rest=""):
    return f"/cooperations/{cooperation.slug}/economie/{rest}"


def test_members_see_the_year_with_money_and_indicators(ecopole, alice_client):
    page = alice_client.get(url(ecopole, "?annee=2025"))
    assert page.status_code == 200
    data = page.context["data"]
    # 36,000 over three whole years: 12,000 in 2025, plus 8,000 of sales.
    assert (data["resources_total"], data["costs_total"], data["balance"]) == (
        "20000.00",
        "15000.00",
        "5000.00",
    )
    text = html.unescape(page.content.decode())
    assert "60 % des ressources financières dépendent d'un seul financeur." in text
    assert "Les ressources affectées à l'animation couvrent 80 %" in text
    assert '<svg class="mix-chart"' in text
    # A value axis in French format (the top tick carries the unit), the years below it.
    ticks = re.findall(r'class="tick">([^<]*)<', text)
    assert ticks == [
        "0",
        "5\xa0000",
        "10\xa0000",
        "15\xa0000",
        "20\xa0000 €",
        "2024",
        "2025",
        "2026",
    ]
    assert 'aria-label="Légende : familles de ressources"' in text
    # The trail back: Coopérations › Écopôle › Modèle économique, the last one current.
    trail = text.split('<nav class="breadcrumbs" aria-label="Fil d\'Ariane">')[1].split("</nav>")[0]
    assert '<a href="/cooperations/">Coopérations</a>' in trail
    assert f'<a href="/cooperations/{ecopole.slug}/">{ecopole.name}</a>' in trail
    assert '<li aria-current="page">Modèle économique</li>' in trail
    assert "Ajouter une ressource" in text


def test_the_cooperation_page_links_to_its_economic_model(ecopole, alice_client):
    page = alice_client.get(f"/cooperations/{ecopole.slug}/")
    assert url(ecopole) in page.content.decode()


def test_a_stranger_gets_404_even_when_the_cooperation_is_published(ecopole, charlie_client):
    cooperation_publish(cooperation=ecopole, public=True, public_members=[])
    resource = ecopole.resources.first()
    effect = make_effect(ecopole)
    for path in [
        "",
        "?annee=2025",
        "export.xlsx",
        "ressources/ajouter/",
        f"ressources/{resource.pk}/",
        "charges/ajouter/",
        "effets/ajouter/",
        f"effets/{effect.pk}/",
        f"effets/{effect.pk}/contributions/ajouter/",
    ]:
        assert charlie_client.get(url(ecopole, path)).status_code == 404, path
    assert (
        charlie_client.post(
            url(ecopole, f"ressource/{resource.pk}/supprimer/"), CONFIRM
        ).status_code
        == 404
    )
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_a_reader_sees_but_cannot_edit(ecopole, charlie, charlie_client):
    access_grant(cooperation=ecopole, user=charlie, role=AccessRole.READER)
    page = charlie_client.get(url(ecopole, "?annee=2025"))
    assert page.status_code == 200
    assert "Ajouter une ressource" not in page.content.decode()
    resource = ecopole.resources.first()
    for path in ["ressources/ajouter/", f"ressources/{resource.pk}/", "charges/ajouter/"]:
        assert charlie_client.get(url(ecopole, path)).status_code == 403, path
    response = charlie_client.post(
        url(ecopole, "charges/ajouter/"),
        {
            "label": "En douce",
            "category": "other",
            "amount": "1",
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
        },
    )
    assert response.status_code == 403
    assert (
        charlie_client.post(
            url(ecopole, f"ressource/{resource.pk}/supprimer/"), CONFIRM
        ).status_code
        == 403
    )
    assert not Cost.objects.filter(label="En douce").exists()


def test_a_contributor_records_money_and_time(ecopole, charlie, charlie_client):
    access_grant(cooperation=ecopole, user=charlie, role=AccessRole.CONTRIBUTOR)
    form = charlie_client.get(url(ecopole, "ressources/ajouter/?annee=2025"))
    assert form.context["form"].initial["start_date"] == date(2025, 1, 1)
    response = charlie_client.post(
        url(ecopole, "ressources/ajouter/"),
        {
            "label": "Temps mis à disposition par la commune",
            "category": "member_time",
            "form": "time",
            "hours": "120.5",
            "hourly_value": "31.40",
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
            "funding_mode": "other",
            "status": "agreed",
        },
    )
    assert response.status_code == 302
    assert response.url == url(ecopole, "?annee=2025#ressources")
    line = ecopole.resources.get(label="Temps mis à disposition par la commune")
    assert line.amount == Decimal("3783.70")  # 120.5 h × 31.40 €


def test_the_resource_form_says_what_is_wrong(ecopole, alice_client):
    response = alice_client.post(
        url(ecopole, "ressources/ajouter/"),
        {
            "label": "Subvention",
            "category": "public_annual_subsidy",
            "form": "money",
            "amount": "",
            "start_date": "2025-12-31",
            "end_date": "2025-01-01",
            "funding_mode": "multi_year_convention",
            "status": "agreed",
        },
    )
    errors = response.context["form"].errors
    assert errors["amount"] == ["Indiquez le montant."]
    assert errors["end_date"] == ["La fin suit le début."]
    assert errors["funding_mode"] == [
        "Cette catégorie publique implique le mode « Subvention annuelle »."
    ]
    assert not ecopole.resources.filter(label="Subvention").exists()


def test_expected_resources_count_only_when_asked(ecopole, alice_client):
    make_resource(
        ecopole,
        "Appel à projets espéré",
        category="public_call_for_projects",
        amount="5000.00",
        funding_mode="call_for_projects",
        status="expected",
    )
    assert alice_client.get(url(ecopole, "?annee=2025")).context["data"]["resources_total"] == (
        "20000.00"
    )
    counted = alice_client.get(url(ecopole, "?annee=2025&prevues=1")).context["data"]
    assert (counted["resources_total"], counted["call_for_projects_share"]) == ("25000.00", 0.2)


def test_the_register_of_useful_effects_with_suggested_third_parties(ecopole, alice, alice_client):
    audruicq = Commune.objects.get(code="62057")
    mutual = make_actor("Mutuelle des Flandres", kind="mutual", commune=audruicq, is_public=True)
    make_actor("Café des sports", kind="public_body", commune=audruicq, is_public=True)
    # The CAF sits in Arras, outside the cooperation's EPCI but in its département; the Nord's
    # is in another département.
    arras, lille = Commune.objects.get(code="62041"), Commune.objects.get(code="59350")
    caf = make_actor("CAF du Pas-de-Calais", kind="public_body", commune=arras, is_public=True)
    make_actor("CAF du Nord", kind="public_body", commune=lille, is_public=True)
    response = alice_client.post(
        url(ecopole, "effets/ajouter/"),
        {
            "name": "Prévention santé par l'alimentation",
            "effect_type": "health",
            "indicator": "Personnes accompagnées",
            "measured_value": "120 personnes",
            "estimated_annual_value": "24000.00",
            "evidence_level": "observed",
        },
    )
    effect = UsefulEffect.objects.get()
    assert response.url == url(ecopole, f"effets/{effect.pk}/")
    page = alice_client.get(response.url)
    kinds = {kind.label: kind.actors for kind in page.context["suggestions"]}
    assert kinds["Mutuelles santé"] == [mutual]
    assert caf not in kinds["Assurance maladie (CPAM) et agence régionale de santé"]
    # The parenting effect suggests the CAF, matched on a whole word of its name only.
    parenting = make_effect(ecopole, "Parentalité", effect_type="parenting_family")
    page = alice_client.get(url(ecopole, f"effets/{parenting.pk}/"))
    kinds = {kind.label: kind.actors for kind in page.context["suggestions"]}
    assert kinds["Caisse d'allocations familiales (CAF)"] == [caf]

    added = alice_client.post(
        url(ecopole, f"effets/{effect.pk}/contributions/ajouter/"),
        {"beneficiary": mutual.pk, "status": "in_discussion", "amount": "5000.00"},
    )
    assert added.status_code == 302
    page = alice_client.get(url(ecopole, f"effets/{effect.pk}/"))
    kinds = {kind.label: kind.actors for kind in page.context["suggestions"]}
    assert kinds["Mutuelles santé"] == []  # already asked


def test_a_paid_contribution_points_to_the_resource_line_of_the_same_third_party(
    ecopole, alice_client
):
    mutual = make_actor("Mutuelle des Flandres", kind="mutual")
    city = ecopole.members.get().actor
    effect = make_effect(ecopole)
    paid = make_resource(
        ecopole,
        "Convention de la mutuelle",
        category="useful_effect_contribution",
        amount="5000.00",
        source=mutual,
    )
    add = url(ecopole, f"effets/{effect.pk}/contributions/ajouter/")
    refused = alice_client.post(add, {"beneficiary": mutual.pk, "status": "paid"})
    assert refused.context["form"].errors["resource"] == [
        "Une contribution versée renvoie à sa ligne de ressource."
    ]
    city_line = ecopole.resources.get(source=city)
    wrong = alice_client.post(
        add, {"beneficiary": mutual.pk, "status": "paid", "resource": city_line.pk}
    )
    assert wrong.context["form"].errors["resource"] == [
        "La ligne de ressource doit venir de ce même tiers."
    ]
    alice_client.post(
        add, {"beneficiary": mutual.pk, "status": "paid", "resource": paid.pk, "amount": "5000.00"}
    )
    contribution = Contribution.objects.get()
    assert (contribution.resource, contribution.amount) == (paid, Decimal("5000.00"))
    # The line stays while a paid contribution points to it.
    page = alice_client.post(url(ecopole, f"ressource/{paid.pk}/supprimer/"), CONFIRM, follow=True)
    assert "modifiez d'abord la contribution" in html.unescape(page.content.decode())
    assert Resource.objects.filter(pk=paid.pk).exists()


def test_deleting_lines(ecopole, alice_client):
    cost = ecopole.costs.get()
    alice_client.post(url(ecopole, f"charge/{cost.pk}/supprimer/"), CONFIRM)
    assert not ecopole.costs.exists()
    effect = make_effect(ecopole)
    make_contribution(effect, ecopole.members.get().actor)
    delete = url(ecopole, f"effet/{effect.pk}/supprimer/")
    # First a page saying what goes with the effect; a post without its confirmation keeps all.
    asked = html.unescape(alice_client.get(delete).content.decode())
    assert "Supprimer « Prévention santé »" in asked
    assert "1 contribution de tiers à cet effet utile." in asked
    alice_client.post(delete)
    assert Contribution.objects.exists() and UsefulEffect.objects.exists()
    alice_client.post(delete, CONFIRM)
    assert not Contribution.objects.exists() and not UsefulEffect.objects.exists()


def test_the_xlsx_export_has_a_sheet_per_year_and_the_register(ecopole, alice_client):
    effect = make_effect(ecopole, estimated_annual_value=Decimal("24000.00"))
    make_contribution(effect, ecopole.members.get().actor, status="identified")
    response = alice_client.get(url(ecopole, "export.xlsx"))
    assert response["Content-Disposition"].endswith('modele-economique.xlsx"')
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["2024", "2025", "2026", "Effets utiles"]
    rows = [row for row in workbook["2025"].iter_rows(values_only=True)]
    line = next(row for row in rows if row[0] == "Convention pluriannuelle de la commune")
    assert (line[12], line[13]) == (36000, 12000)  # the line and its part of 2025
    summary = {row[0]: row[1] for row in rows if row and row[0]}
    assert summary["Solde (ressources financières − charges)"] == 5000
    assert summary["Couverture de l'animation"] == 0.8
    register = list(workbook["Effets utiles"].iter_rows(values_only=True))
    assert register[1][0] == "Prévention santé" and register[1][9] == "Commune d'Audruicq"
