"""The demo catalogue (facts of the sources only, unknown left unknown) and /api/v1/offers."""

import pytest
from django.test import Client

from terreau.demo import OFFERS_FILE, demo_load
from terreau.offers.importers import offers_import
from terreau.offers.models import Offer
from tests.offers.factories import make_offer
from tests.personas import client_for

pytestmark = pytest.mark.django_db


def test_demo_catalogue_holds_the_offers_of_the_sources_marked_and_unknowns_null():
    demo_load()
    demo_load()  # idempotent
    offers = {offer.source_id: offer for offer in Offer.objects.filter(source="demo")}
    assert len(offers) == 12
    assert all(offer.is_demo and offer.source_name for offer in offers.values())
    jura = offers["fonds-impulsion-jurassien"]
    assert jura.perimeter_refs == ["departement:39"]
    assert (jura.kind, jura.types) == ("financing", " seed_fund ")
    assert jura.legal_entity_required is False and jura.funds_animation is True
    # "About 30,000 € per experimentation" is approximate in the source: no ceiling invented.
    assert jura.amount_min is None and jura.amount_max is None
    assert jura.recurrence is None and jura.cooperation_models is None
    assert offers["okote-strasbourg"].perimeter_refs == ["epci:246700488"]
    assert offers["okote-strasbourg"].audiences is None
    assert offers["generateur-bfc"].perimeter_refs == ["region:27"]
    assert offers["fondation-de-france-demarche-territoriale"].is_call_for_projects is False
    assert offers["france-active-fonds-de-confiance"].types == ""
    # Not one amount anywhere: the sources give none as a condition.
    assert not Offer.objects.filter(amount_max__isnull=False).exists()
    report = offers_import(path=OFFERS_FILE, file_format="json", source="demo", demo=True)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 12)


def test_api_lists_with_filters_and_hides_drafts(alice):
    make_offer("Fonds Jura", kind="financing", types=["seed_fund"], perimeter=["departement:39"])
    make_offer("DLA", types=["dla"], stages=["consolidation"], legal_entity_required=True)
    make_offer("Brouillon", status="draft", by=alice)
    response = Client().get("/api/v1/offers", {"territory": "commune:39300"})
    assert response.status_code == 200
    body = response.json()
    assert [item["name"] for item in body["items"]] == ["DLA", "Fonds Jura"]
    dla = body["items"][0]
    assert dla["stages"] == ["consolidation"]
    assert dla["audiences"] is None  # unknown, not an empty list
    assert dla["legal_entity_required"] is True
    assert dla["funds_animation"] is None
    assert dla["perimeter"] == ["france"]
    assert [
        i["name"] for i in Client().get("/api/v1/offers", {"type": "seed_fund"}).json()["items"]
    ] == ["Fonds Jura"]
    assert Client().get("/api/v1/offers", {"territory": "departement:999"}).status_code == 404
    assert client_for(alice).get("/api/v1/offers", {"status": "draft"}).json()["count"] == 1
    assert Client().get("/api/v1/offers", {"status": "draft"}).json()["count"] == 0


def test_api_detail_keeps_amounts_exact_and_drafts_private(alice, charlie):
    from decimal import Decimal

    offer = make_offer(
        "Prêt",
        kind="financing",
        types=["loan"],
        amount_max=Decimal("10000.10"),
        ecological_transition=True,
    )
    body = Client().get(f"/api/v1/offers/{offer.slug}").json()
    assert body["amount_max"] == "10000.10"
    assert body["ecological_transition"] is True
    assert body["types"] == ["loan"]
    draft = make_offer("Brouillon", status="draft", by=alice)
    assert Client().get(f"/api/v1/offers/{draft.slug}").status_code == 404
    assert client_for(charlie).get(f"/api/v1/offers/{draft.slug}").status_code == 404
    assert client_for(alice).get(f"/api/v1/offers/{draft.slug}").status_code == 200


def test_taxonomies_api_lists_the_offer_taxonomies():
    body = Client().get("/api/v1/taxonomies").json()
    assert [e["key"] for e in body["offer_kinds"]] == ["support", "financing"]
    assert "scic" in [e["key"] for e in body["offer_audiences"]]
    assert "informal_group" in [e["key"] for e in body["offer_audiences"]]
    assert "matched_crowdfunding" in [e["key"] for e in body["financing_types"]]
    assert [e["key"] for e in body["offer_recurrences"]] == ["one_off", "ongoing", "recurring"]
