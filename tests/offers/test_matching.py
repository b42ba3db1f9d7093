"""Matching offers to a cooperation: the ranking, the scores and the exclusions below are worked
out by hand from the rule in docs/offers-matching.md (weights: perimeter 2, audience 2, legal
entity 2, stage 3, model 3, economic model 1, carrier 1, life functions 3, support type or
animation 2, 3 at idéation and émergence — 19 or 20 in all, so 76 or 80 quarter-points at
most)."""

import json
from datetime import date

import pytest

from terreau.cli import main
from terreau.cooperations.models import BuildingBlock
from terreau.offers.matching import cooperation_matches, matches_for_many
from tests.cooperations.factories import make_actor, make_cooperation, make_member
from tests.offers.matching_factories import TODAY, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecopole(alice):
    """A fictitious emerging food cooperation (PAT, hybrid, mixed carrier) on the CC de la Région
    d'Audruicq (15 communes), an informal collective carried by an association. Its name and its
    facts are invented: it is not the real Écopôle alimentaire d'Audruicq (§000)."""
    cooperation = make_cooperation(alice, name="Potager fictif")
    lead = make_member(cooperation, make_actor("Association fictive des jardins"), roles=["lead"])
    block = BuildingBlock.objects.create(
        cooperation=cooperation, name="Compostage", life_functions=" environment "
    )
    block.operators.add(lead)
    return cooperation


@pytest.fixture
def catalogue():
    return {
        "regional": make_offer(
            "Fonds alimentation Hauts-de-France",
            perimeter=["region:32"],
            types=["grant"],
            audiences=["informal_group", "association"],
            stages=["emergence", "creation"],
            cooperation_models=["pat"],
            economic_models=["hybrid", "non_market"],
            carriers=["mixed", "citizen"],
            life_functions=["food"],
            legal_entity_required=False,
            funds_animation=True,
            deadline=date(2026, 12, 31),
        ),
        "peers": make_offer(
            "Accompagnement entre pairs des PAT",
            kind="support",
            types=["peer_support"],
            cooperation_models=["pat", "tiers_lieu"],
        ),
        "seed": make_offer(
            "Fonds d'amorçage intercommunal",
            perimeter=["epci:246200844"],
            types=["seed_fund"],
            stages=["ideation", "creation"],
        ),
        "commune": make_offer(
            "Subvention culturelle fictive",
            perimeter=["commune:62057"],
            types=["grant"],
            audiences=["association"],
            legal_entity_required=True,
            stages=["consolidation"],
            economic_models=["market"],
            carriers=["institutional"],
            life_functions=["culture"],
            funds_animation=False,
        ),
        "companies": make_offer(
            "Prêt d'honneur aux entreprises",
            types=["honour_loan"],
            audiences=["company", "ess_company"],
            legal_entity_required=True,
        ),
        "jura": make_offer("Appel à projets jurassien", perimeter=["departement:39"]),
        "closed": make_offer("Appel clos", deadline=date(2026, 10, 1)),
        "draft": make_offer("Brouillon national", status="draft"),
    }


def summary(matches):
    return [(m.offer.name, m.eligible, m.score) for m in matches]


def test_eligible_offers_are_ranked_by_fit(ecopole, catalogue):
    matches = cooperation_matches(ecopole, day=TODAY)
    assert summary(matches) == [
        # Every criterion met: 80/80 (animation weighs 3 at the émergence stage).
        ("Fonds alimentation Hauts-de-France", True, 100),
        # Perimeter 8, model 12, support type (peers for a modelled cooperation) 8, six
        # unknowns 2+2+3+1+1+3: 40/76 = 52.6.
        ("Accompagnement entre pairs des PAT", True, 53),
        # Perimeter 8, stage next to emergence 6, seven unknowns 2+2+3+1+1+3 and animation 3
        # (weight 3 at émergence): 29/80 = 36.25.
        ("Fonds d'amorçage intercommunal", True, 36),
        # One commune of 15 (4), audience and legal entity through the lead member (4+4), model
        # unknown 3, hybrid vs market 2, mixed vs institutional 2: 19/80 = 23.75.
        ("Subvention culturelle fictive", True, 24),
    ]


def test_reasons_explain_each_criterion(ecopole, catalogue):
    by_name = {m.offer.name: m for m in cooperation_matches(ecopole, day=TODAY)}
    commune = {
        r.criterion: (r.result, r.detail) for r in by_name["Subvention culturelle fictive"].reasons
    }
    assert commune["perimeter"] == (
        "partly_met",
        "Le périmètre (Audruicq) couvre 1 des 15 communes de la coopération.",
    )
    assert commune["audience"] == (
        "partly_met",
        "Un membre porteur peut déposer la demande (Association fictive des jardins) ; "
        "publics visés : "
        "Association.",
    )
    assert commune["stage"] == (
        "not_met",
        "Étapes visées : Consolidation ; la coopération est en Émergence.",
    )
    assert commune["life_functions"][0] == "not_met"
    assert commune["animation"] == (
        "not_met",
        "Ne finance pas l'animation, dont la coopération a besoin.",
    )
    seed = {r.criterion: r.result for r in by_name["Fonds d'amorçage intercommunal"].reasons}
    assert seed["stage"] == "partly_met"
    assert seed["audience"] == "unknown"


def test_excluded_offers_come_last_with_their_reason(ecopole, catalogue):
    matches = cooperation_matches(ecopole, day=TODAY, include_excluded=True)
    excluded = [
        (m.offer.name, [(r.criterion, r.detail) for r in m.exclusions])
        for m in matches
        if not m.eligible
    ]
    assert [m.eligible for m in matches] == [True] * 4 + [False] * 3
    assert excluded == [
        ("Appel à projets jurassien", [("perimeter", "Hors du périmètre de l'offre : Jura.")]),
        ("Appel clos", [("calendar", "Date limite passée : 01/10/2026.")]),
        (
            "Prêt d'honneur aux entreprises",
            [
                (
                    "audience",
                    "Public non éligible : l'offre vise Entreprise, Entreprise de l'ESS.",
                )
            ],
        ),
    ]
    assert all(m.score == 0 for m in matches[4:])


def test_informal_collective_without_a_carrying_member_needs_an_entity(alice, catalogue):
    collective = make_cooperation(alice, name="Collectif sans porteur")
    matches = cooperation_matches(collective, day=TODAY, include_excluded=True)
    commune = next(m for m in matches if m.offer.name == "Subvention culturelle fictive")
    assert not commune.eligible
    assert [(r.criterion, r.detail) for r in commune.exclusions] == [
        ("audience", "Public non éligible : l'offre vise Association."),
        (
            "legal_entity",
            "Structure juridique exigée : la coopération n'en a pas, ni aucun membre porteur.",
        ),
    ]


def test_matching_many_cooperations_gives_the_same_ranking(ecopole, catalogue, alice):
    other = make_cooperation(alice, name="Autre", territory_ref="departement:39")
    results = matches_for_many(
        type(ecopole).objects.filter(pk__in=[ecopole.pk, other.pk]), day=TODAY
    )
    assert summary(results[ecopole.pk]) == summary(cooperation_matches(ecopole, day=TODAY))
    assert [m.offer.name for m in results[other.pk]] == [
        "Accompagnement entre pairs des PAT",
        "Appel à projets jurassien",
    ]


def test_match_command_prints_the_json_contract(ecopole, catalogue, capsys):
    assert (
        main(["offers", "match", "potager-fictif", "--format", "json", "--include-excluded"]) == 0
    )
    printed = json.loads(capsys.readouterr().out)
    assert [(item["offer"], item["eligible"]) for item in printed][:1] == [
        (catalogue["regional"].slug, True)
    ]
    assert set(printed[0]) >= {"offer", "eligible", "score", "reasons"}
    assert set(printed[0]["reasons"][0]) == {"criterion", "result", "detail"}
    assert catalogue["draft"].slug not in {item["offer"] for item in printed}


def test_the_animation_criterion_is_never_switched_off_and_weighs_more_at_the_start(alice):
    """§002: « pour tout type de coopération on a évidemment besoin d'animation interne à tout
    stade [de] développement mais notamment [renforcée] dans l'émergence de la coopération »:
    judged for a modelled cooperation at every stage, with weight 3 at idéation and émergence
    and 2 after; the bulk matcher gives the same scores."""
    make_offer("Fonds d'animation", funds_animation=True, stages=["creation"])
    cooperation = make_cooperation(alice, name="Coopération modélisée", stage="consolidation")
    assert (cooperation.cooperation_type, cooperation.models) == ("modelled", " pat ")
    weights, scores = {}, {}
    for stage in ("ideation", "emergence", "creation", "consolidation", "scaling"):
        type(cooperation).objects.filter(pk=cooperation.pk).update(stage=stage)
        cooperation.refresh_from_db()
        (match,) = cooperation_matches(cooperation, day=TODAY)
        animation = next(r for r in match.reasons if r.criterion == "animation")
        assert animation.result == "met"
        weights[stage] = animation.possible // 4
        scores[stage] = match.score
        bulk = matches_for_many(type(cooperation).objects.filter(pk=cooperation.pk), day=TODAY)
        assert [m.score for m in bulk[cooperation.pk]] == [match.score]
    assert weights == {
        "ideation": 3,
        "emergence": 3,
        "creation": 2,
        "consolidation": 2,
        "scaling": 2,
    }
