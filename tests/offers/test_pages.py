"""The catalogue pages: browse, filter, read, and manage offers with the right permissions."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from terreau.offers.models import Offer
from tests.offers.factories import make_offer
from tests.personas import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(alice):
    jura = make_offer(
        "Fonds d'impulsion (test)",
        kind="financing",
        types=["seed_fund"],
        perimeter=["departement:39"],
        stages=["emergence"],
        audiences=["informal_group", "association"],
        legal_entity_required=False,
        amount_max=Decimal("30000"),
    )
    dla = make_offer(
        "DLA (test)", types=["dla"], stages=["consolidation", "scaling"], legal_entity_required=True
    )
    okote = make_offer(
        "Okoté (test)",
        kind="financing",
        types=["matched_crowdfunding"],
        perimeter=["epci:246700488"],
    )
    draft = make_offer("Brouillon d'Alice", status="draft", by=alice, perimeter=["region:27"])
    return {"jura": jura, "dla": dla, "okote": okote, "draft": draft}


def names(response) -> list[str]:
    return [offer.name for offer in response.context["page"]]


def test_visitor_browses_published_offers_only(client, catalogue):
    response = client.get("/offres/")
    assert response.status_code == 200
    assert names(response) == ["DLA (test)", "Fonds d'impulsion (test)", "Okoté (test)"]


def test_filter_by_territory_keeps_offers_whose_perimeter_touches_it(client, catalogue):
    # A commune of the Jura (Lons-le-Saunier): the Jura fund and the national DLA, not Strasbourg.
    response = client.get("/offres/", {"territoire": "commune:39300"})
    assert names(response) == ["DLA (test)", "Fonds d'impulsion (test)"]
    # The région Bourgogne-Franche-Comté holds the Jura: the Jura's fund is offered there too.
    assert names(client.get("/offres/", {"territoire": "region:27"})) == [
        "DLA (test)",
        "Fonds d'impulsion (test)",
    ]
    assert names(client.get("/offres/", {"territoire": "commune:67482"})) == [
        "DLA (test)",
        "Okoté (test)",
    ]


def test_filters_keep_offers_that_do_not_state_the_criterion(client, catalogue):
    # Okoté says nothing of stages: unknown is not "not eligible".
    assert names(client.get("/offres/", {"stage": "emergence"})) == [
        "Fonds d'impulsion (test)",
        "Okoté (test)",
    ]
    assert names(client.get("/offres/", {"stage": "emergence", "stated_only": "on"})) == [
        "Fonds d'impulsion (test)"
    ]
    assert names(client.get("/offres/", {"without_legal_entity": "on", "stated_only": "on"})) == [
        "Fonds d'impulsion (test)"
    ]
    assert names(client.get("/offres/", {"kind": "financing", "type": "seed_fund"})) == [
        "Fonds d'impulsion (test)"
    ]
    assert names(client.get("/offres/", {"q": "okoté"})) == ["Okoté (test)"]


def test_wrong_territory_is_said(client, catalogue):
    response = client.get("/offres/", {"territoire": "departement:999"})
    assert "Territoire inconnu" in response.content.decode()
    assert names(response) == []


def test_offer_page_says_unknown_apart_from_no(client, catalogue):
    page = client.get(f"/offres/{catalogue['jura'].slug}/").content.decode()
    assert "Jura (Département)" in page
    assert "Structure juridique exigée</dt>\n      <dd>Non</dd>" in page
    assert "Modèles de coopération</dt>\n      <dd><em>Non précisé</em></dd>" in page
    assert "jusqu'à 30\xa0000 €" in page  # French grouping, no-break space


def test_draft_is_hidden_from_strangers_and_shown_to_its_author(
    client, alice, alice_client, charlie_client, catalogue
):
    url = f"/offres/{catalogue['draft'].slug}/"
    assert client.get(url).status_code == 404
    assert charlie_client.get(url).status_code == 404
    assert charlie_client.get(url + "modifier/").status_code == 404
    assert alice_client.get(url).status_code == 200
    assert "Brouillon d'Alice" not in client.get("/offres/", {"status": "all"}).content.decode()
    assert names(alice_client.get("/offres/", {"status": "draft"})) == ["Brouillon d'Alice"]
    # Author and editor at once: listed once.
    catalogue["draft"].editors.add(alice)
    assert names(alice_client.get("/offres/", {"status": "draft"})) == ["Brouillon d'Alice"]


def test_a_reader_cannot_edit_or_archive(charlie_client, catalogue):
    url = f"/offres/{catalogue['dla'].slug}/"
    assert charlie_client.get(url + "modifier/").status_code == 403
    assert charlie_client.post(url + "archiver/").status_code == 403
    assert Offer.objects.get(pk=catalogue["dla"].pk).status == "published"


def test_creating_needs_the_right(charlie_client):
    assert charlie_client.get("/offres/nouvelle/").status_code == 403
    assert Client().get("/offres/nouvelle/").status_code == 302  # to the login page


def test_a_provider_given_the_right_creates_a_draft_and_publishes_it():
    provider = UserFactory(username="cluster-jura")
    provider.user_permissions.add(Permission.objects.get(codename="add_offer"))
    client = client_for(provider)
    response = client.post(
        "/offres/nouvelle/",
        {
            "name": "Accompagnement à l'émergence",
            "kind": "support",
            "types_list": ["fabrique", "trusted_third_party"],
            "perimeter": ["departement:39"],
            "stages": ["ideation", "emergence"],
            "legal_entity_required": "false",
            "funds_animation": "",
            "ecological_transition": "on",
            "status": "draft",
            "amount_max": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    offer = Offer.objects.get(name="Accompagnement à l'émergence")
    assert offer.types == " trusted_third_party fabrique "
    assert offer.perimeter_refs == ["departement:39"]
    assert offer.stages == " ideation emergence "
    assert offer.audiences is None  # nothing ticked: unknown
    assert offer.legal_entity_required is False
    assert offer.funds_animation is None
    assert offer.ecological_transition is True
    assert offer.created_by == provider
    assert Client().get(offer.get_absolute_url()).status_code == 404  # a draft
    form = client.get(offer.get_absolute_url() + "modifier/").context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update(
        types_list=["fabrique"],
        perimeter=["departement:39", "departement:25"],
        national="",
        stages=["emergence"],
        legal_entity_required="false",
        status="published",
    )
    response = client.post(offer.get_absolute_url() + "modifier/", data)
    assert response.status_code == 302, response.context["form"].errors
    offer.refresh_from_db()
    assert offer.status == "published"
    assert offer.types == " fabrique "
    assert offer.perimeter_refs == ["departement:25", "departement:39"]
    assert Client().get(offer.get_absolute_url()).status_code == 200


def test_form_errors_are_located(ada_client):
    response = ada_client.post(
        "/offres/nouvelle/",
        {
            "name": "Mauvaise offre",
            "kind": "support",
            "types_list": ["grant"],
            "perimeter": ["departement:999"],
            "amount_min": "5000",
            "amount_max": "100",
            "status": "published",
        },
    )
    errors = response.context["form"].errors
    assert "ne correspondent pas à la nature choisie : grant" in errors["types_list"][0]
    assert "Territoire inconnu" in errors["perimeter"][0]
    assert not Offer.objects.filter(name="Mauvaise offre").exists()


def test_an_offer_that_supports_and_finances_has_types_of_both_kinds(ada_client):
    """Offer.both_kinds (France Active, the Fonds d'impulsion jurassien, §002): the form offers
    the types of both kinds, keeps them, shows them, and refuses them without `both_kinds`."""
    data = {
        "name": "Fonds d'impulsion",
        "kind": "financing",
        "both_kinds": "on",
        "types_list": ["seed_fund", "trusted_third_party"],
        "perimeter": ["departement:39"],
        "status": "published",
    }
    form = ada_client.get("/offres/nouvelle/").context["form"]
    groups = [group for group, _choices in form.fields["types_list"].choices]
    assert groups == ["Accompagnement", "Financement"]
    response = ada_client.post("/offres/nouvelle/", data)
    assert response.status_code == 302, response.context["form"].errors
    offer = Offer.objects.get(name="Fonds d'impulsion")
    assert offer.both_kinds and offer.types == " seed_fund trusted_third_party "
    assert [t.value for t in offer.type_list] == ["seed_fund", "trusted_third_party"]
    page = ada_client.get(offer.get_absolute_url()).content.decode()
    assert "Tiers de confiance" in page
    refused = ada_client.post("/offres/nouvelle/", {**data, "name": "Sans", "both_kinds": ""})
    errors = refused.context["form"].errors
    assert (
        "ne correspondent pas à la nature choisie : trusted_third_party" in errors["types_list"][0]
    )


def test_editor_list_gives_a_provider_the_right_to_edit_one_offer(ada_client, catalogue):
    provider = UserFactory(username="france-active")
    offer = catalogue["okote"]
    form = ada_client.get(offer.get_absolute_url() + "modifier/").context["form"]
    assert "editors_text" in form.fields
    offer.editors.add(provider)
    client = client_for(provider)
    assert client.get(offer.get_absolute_url() + "modifier/").status_code == 200
    assert (
        "editors_text"
        not in client.get(offer.get_absolute_url() + "modifier/").context["form"].fields
    )
    assert client.get(catalogue["dla"].get_absolute_url() + "modifier/").status_code == 403
    assert client.post(offer.get_absolute_url() + "archiver/").status_code == 302
    assert Offer.objects.get(pk=offer.pk).status == "archived"
    # Archived: still readable, no longer in the default list.
    assert Client().get(offer.get_absolute_url()).status_code == 200
    assert "Okoté (test)" not in names(Client().get("/offres/"))
    assert names(Client().get("/offres/", {"status": "archived"})) == ["Okoté (test)"]
