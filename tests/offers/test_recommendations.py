"""Recommendations people can trust (issue 18): an offer is recommended only when no criterion
among stage, models, themes (and the legal form it helps create) is "not met" and its score
reaches `RECOMMENDED_SCORE`; animation is judged for every cooperation at every stage (§002:
« pour tout type de coopération on a évidemment besoin d'animation interne à tout stade »)."""

import json

import pytest
from django.test import Client

from terreau.cli import main
from terreau.cooperations.models import Cooperation
from terreau.demo import demo_load
from terreau.offers.criteria import CRITERIA_BY_KEY, RECOMMENDED_SCORE, evaluate
from terreau.offers.matching import cooperation_matches, offer_facts, profiles_of
from terreau.offers.models import Offer
from tests.cooperations.factories import make_cooperation
from tests.offers.matching_factories import TODAY, make_offer

pytestmark = pytest.mark.django_db


def _match(cooperation, offer):
    profile = profiles_of(Cooperation.objects.filter(pk=cooperation.pk))[0]
    return evaluate(offer_facts(Offer.objects.filter(pk=offer.pk))[0], profile, TODAY)


def _results(match) -> dict:
    return {reason.criterion: reason.result for reason in match.reasons}


@pytest.mark.parametrize("cooperation_type", ["modelled", "non_modelled", "systemic_generalist"])
@pytest.mark.parametrize("stage", ["ideation", "consolidation", "scaling"])
def test_animation_is_judged_for_every_type_at_every_stage(alice, cooperation_type, stage):
    models = " ptce " if cooperation_type == "modelled" else ""
    cooperation = make_cooperation(
        alice, cooperation_type=cooperation_type, models=models, stage=stage
    )
    fund = make_offer("Fonds d'animation", funds_animation=True)
    assert _results(_match(cooperation, fund))["animation"] == "met"
    silent = make_offer("Fonds muet", funds_animation=False)
    assert _results(_match(cooperation, silent))["animation"] == "not_met"


def test_a_modelled_cooperation_at_consolidation_has_the_animation_criterion(alice):
    cooperation = make_cooperation(alice, models=" pat ", stage="consolidation")
    fund = make_offer("Fonds pluriannuel", funds_animation=True)
    match = _match(cooperation, fund)
    animation = [r for r in match.reasons if r.criterion == "animation"]
    assert [(r.result, r.possible) for r in animation] == [
        ("met", 4 * CRITERIA_BY_KEY["animation"].weight)
    ]


def test_a_systemic_cooperation_needs_territorial_animation(alice):
    cooperation = make_cooperation(alice, cooperation_type="systemic_thematic", models="")
    animation = make_offer(
        "Développeur de coopérations", kind="support", types=["territorial_animation"]
    )
    third_party = make_offer("Tiers de confiance", kind="support", types=["trusted_third_party"])
    assert _results(_match(cooperation, animation))["support_type"] == "met"
    assert _results(_match(cooperation, third_party))["support_type"] == "not_met"


def test_a_food_network_is_not_recommended_to_a_solidarity_garage(alice):
    garage = make_cooperation(
        alice,
        name="Garage solidaire",
        models=" solidarity_garage ",
        life_functions=["mobility"],
        stage="creation",
    )
    rnpat = make_offer(
        "Réseau national des PAT",
        kind="support",
        types=["peer_support"],
        cooperation_models=["pat"],
        life_functions=["food"],
    )
    match = _match(garage, rnpat)
    assert match.eligible
    assert {r.criterion for r in match.unmet} == {"cooperation_model", "life_functions"}
    assert not match.recommended
    assert match.as_dict()["recommended"] is False


def test_a_fitting_offer_is_recommended_and_a_past_stage_is_not(alice):
    cooperation = make_cooperation(alice, stage="consolidation", life_functions=["food"])
    fitting = make_offer(
        "Fonds alimentaire",
        stages=["consolidation"],
        cooperation_models=["pat"],
        life_functions=["food"],
        funds_animation=True,
    )
    match = _match(cooperation, fitting)
    assert match.score >= RECOMMENDED_SCORE and match.recommended
    emerging = make_offer(
        "Amorçage",
        stages=["ideation", "creation"],
        cooperation_models=["pat"],
        life_functions=["food"],
        funds_animation=True,
    )
    match = _match(cooperation, emerging)
    assert _results(match)["stage"] == "not_met"
    assert not match.recommended


def test_la_butinerie_is_not_recommended_to_create_a_scic_and_the_cli_says_so(capsys):
    demo_load()
    butinerie = Cooperation.objects.get(slug="la-butinerie")
    assert butinerie.legal_form == "scic"
    slug = Offer.objects.get(source="demo", source_id="unions-regionales-scop-scic").slug
    matches = {m.offer.slug: m for m in cooperation_matches(butinerie, day=TODAY)}
    scic = matches[slug]
    assert scic.eligible and not scic.recommended
    assert _results(scic)["legal_form_created"] == "not_met"
    day = TODAY.isoformat()
    assert main(["offers", "match", "la-butinerie", "--format", "json", "--date", day]) == 0
    listed = {item["offer"]: item for item in json.loads(capsys.readouterr().out)}
    assert listed[slug]["recommended"] is False
    assert all(isinstance(item["recommended"], bool) for item in listed.values())
    assert main(["offers", "match", "la-butinerie", "--date", day]) == 0
    text = capsys.readouterr().out
    others = text.index("# others to look at")
    assert text.index(slug) > others


def test_the_offers_page_lists_the_others_collapsed_with_their_reasons(alice, alice_client):
    garage = make_cooperation(
        alice, name="Garage solidaire", models=" solidarity_garage ", life_functions=["mobility"]
    )
    make_offer("Réseau national des PAT", kind="support", types=["peer_support"],
               cooperation_models=["pat"], life_functions=["food"])  # fmt: skip
    page = alice_client.get(f"/cooperations/{garage.slug}/offres/").content.decode()
    assert "Aucune offre ouverte ne remplit pour l'instant les conditions" in page
    details = page.index('<details class="other-offers">')
    assert page.index("Réseau national des PAT") > details
    assert "Non recommandée :" in page


def test_an_offer_both_supporting_and_financing_is_found_under_both_kinds(alice):
    make_offer("France Active", kind="financing", both_kinds=True, funds_animation=True)
    for kind in ("support", "financing"):
        names = [i["name"] for i in Client().get("/api/v1/offers", {"kind": kind}).json()["items"]]
        assert names == ["France Active"], kind
    cooperation = make_cooperation(alice)
    reasons = _results(_match(cooperation, Offer.objects.get()))
    assert {"support_type", "animation"} <= set(reasons)
