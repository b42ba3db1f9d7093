"""The demonstration data set has one closed round on La Butinerie and one published territory
round on the Écopôle's territory, loaded once."""

import pytest

from terreau.cooperations.models import Cooperation
from terreau.demo import demo_load
from terreau.maturity.models import Round
from terreau.maturity.queries import round_results

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_illustrative_closed_round_with_its_spreads():
    demo_load()
    demo_load()
    butinerie = Cooperation.objects.get(slug="la-butinerie")
    (maturity_round,) = butinerie.maturity_rounds.all()
    assert "illustratives" in maturity_round.title and not maturity_round.is_open
    results = round_results(maturity_round)
    by_key = {result.dimension.key: result for result in results.dimensions}
    assert results.respondents == 4
    # catalyst 2, 4, 2, 1 → sorted 1 2 2 4: median 2, range 3, Q1 1.75, Q3 2.5.
    catalyst = by_key["catalyst"]
    assert (catalyst.median, catalyst.q1, catalyst.q3, catalyst.wide_spread) == (2, 1.75, 2.5, True)
    # shared_risk 3, 2, "I don't know", 2 → three levels, median 2.
    assert (by_key["shared_risk"].count, by_key["shared_risk"].median) == (3, 2)
    # Two levels apart or more: knowing each other 2–4, adapting 1–3, catalyst 1–4.
    assert [r.dimension.key for r in results.to_discuss] == [
        "knowing_each_other",
        "adapting",
        "catalyst",
    ]
    assert by_key["adapting"].comments == [
        "Les horaires des crèches et de la cantine se croisent mal."
    ]


def test_the_demo_has_a_published_territory_round_on_the_ecopoles_territory():
    demo_load()
    demo_load()
    (maturity_round,) = Round.objects.filter(territory_ref="projet:ecopole-audruicq")
    assert "illustratives" in maturity_round.title and maturity_round.is_published
    results = round_results(maturity_round)
    assert results.shown and results.respondents == 3
    by_key = {result.dimension.key: result for result in results.dimensions}
    assert by_key["catalyst"].median == 3
    # Two levels and one "I don't know": fewer than three levels, no median.
    support = by_key["support_structures"]
    assert (support.answered, support.dont_know, support.median) == (3, 1, None)
