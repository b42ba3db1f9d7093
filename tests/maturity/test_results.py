"""How a round's answers become results: medians, spreads, the rule of three, the grid version
kept by each round and the trajectory; every expected value is computed by hand."""

import json
import shutil

import pytest
from django.core.exceptions import ValidationError

from terreau.maturity import grids
from terreau.maturity.queries import cooperation_trajectory, round_results
from terreau.maturity.services import answers_save, respondent_revoke, round_close
from tests.cooperations.factories import make_cooperation
from tests.maturity.factories import answer_by_link, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecopole(alice):
    return make_cooperation(alice, name="Écopôle alimentaire")


def closed_round(cooperation, by, people: list[dict], title="Tour 2026"):
    maturity_round = make_round(cooperation, by, title=title)
    for index, answers in enumerate(people):
        answer_by_link(maturity_round, f"Personne {index}", answers)
    return round_close(maturity_round=maturity_round)


def dimension(results, key):
    return next(r for r in results.dimensions if r.dimension.key == key)


def test_four_answers_have_a_median_between_the_two_middle_levels(ecopole, alice):
    results = round_results(
        closed_round(ecopole, alice, [{"trust": 4}, {"trust": 1}, {"trust": 3}, {"trust": 2}])
    )
    trust = dimension(results, "trust")
    # Sorted 1 2 3 4: median (2 + 3) / 2; Q1 at position 3 × 1/4 = 0.75 → 1 + 0.75 × (2 − 1);
    # Q3 at position 2.25 → 3 + 0.25 × (4 − 3).
    assert (trust.median, trust.q1, trust.q3, trust.iqr) == (2.5, 1.75, 3.25, 1.5)
    assert (trust.minimum, trust.maximum, trust.count) == (1, 4, 4)
    assert trust.distribution == {1: 1, 2: 1, 3: 1, 4: 1}
    assert trust.wide_spread and trust.split
    assert results.to_discuss == [trust]


def test_close_answers_are_not_a_topic_to_discuss(ecopole, alice):
    results = round_results(
        closed_round(ecopole, alice, [{"sharing": 3}, {"sharing": 4}, {"sharing": 3}])
    )
    sharing = dimension(results, "sharing")
    # Sorted 3 3 4: median 3; Q1 at position 0.5 → 3; Q3 at position 1.5 → 3 + 0.5 × 1.
    assert (sharing.median, sharing.q1, sharing.q3, sharing.iqr) == (3, 3, 3.5, 0.5)
    assert not sharing.wide_spread and results.to_discuss == []


def test_one_voice_two_levels_away_is_to_discuss_without_splitting_the_group(ecopole, alice):
    people = [{"catalyst": level} for level in (3, 3, 1, 3, 3)]
    catalyst = dimension(round_results(closed_round(ecopole, alice, people)), "catalyst")
    # Sorted 1 3 3 3 3: median 3, Q1 at position 1 → 3, Q3 at position 3 → 3: the range is 2.
    assert (catalyst.median, catalyst.minimum, catalyst.maximum, catalyst.iqr) == (3, 1, 3, 0)
    assert catalyst.wide_spread and not catalyst.split


def test_dont_know_is_not_a_level_and_three_levels_are_needed_per_dimension(ecopole, alice):
    results = round_results(
        closed_round(
            ecopole,
            alice,
            [
                {"trust": 2, "public_actor": 1},
                {"trust": 4, "public_actor": None},
                {"trust": None, "public_actor": 2},
                {"trust": 3, "public_actor": 2},
            ],
        )
    )
    trust, public_actor = dimension(results, "trust"), dimension(results, "public_actor")
    assert (trust.count, trust.dont_know, trust.median, trust.iqr) == (3, 1, 3, 1)
    assert (public_actor.count, public_actor.median) == (3, 2)
    adapting = dimension(results, "adapting")  # nobody answered it
    assert (adapting.shown, adapting.median, adapting.distribution) == (False, None, None)


def test_a_dimension_with_two_levels_shows_no_aggregate(ecopole, alice):
    results = round_results(
        closed_round(ecopole, alice, [{"trust": 2}, {"trust": 3}, {"trust": None, "sharing": 2}])
    )
    assert results.shown and results.respondents == 3
    assert dimension(results, "trust").as_json()["median"] is None


def test_fewer_than_three_people_show_no_aggregate_and_no_comment(ecopole, alice):
    results = round_results(
        closed_round(ecopole, alice, [{"trust": (2, "Trop tôt pour le dire")}, {"trust": 3}])
    )
    assert (results.respondents, results.shown, results.hidden_because) == (2, False, "too_few")
    data = results.as_json()
    assert all(d["median"] is None and d["comments"] == [] for d in data["dimensions"])
    assert "Trop tôt" not in json.dumps(data)


def test_revoked_invitations_do_not_count(ecopole, alice):
    maturity_round = make_round(ecopole, alice)
    people = [answer_by_link(maturity_round, name, {"trust": 3}) for name in "ABC"]
    respondent_revoke(respondent=people[0])
    results = round_results(round_close(maturity_round=maturity_round))
    assert (results.invited, results.respondents, results.hidden_because) == (2, 2, "too_few")


def test_results_wait_for_the_round_to_close(ecopole, alice):
    maturity_round = make_round(ecopole, alice)
    for name in "ABC":
        answer_by_link(maturity_round, name, {"trust": 3})
    assert round_results(maturity_round).hidden_because == "open"
    assert round_results(round_close(maturity_round=maturity_round)).shown


def test_comments_come_without_names_in_alphabetical_order(ecopole, alice):
    results = round_results(
        closed_round(
            ecopole,
            alice,
            [
                {"trust": (3, "Zone de tension sur le foncier")},
                {"trust": (2, "après la crise, ça va mieux")},
                {"trust": (4, "")},
            ],
        )
    )
    data = results.as_json()["dimensions"]
    assert next(d for d in data if d["key"] == "trust")["comments"] == [
        "après la crise, ça va mieux",
        "Zone de tension sur le foncier",
    ]
    assert "Personne" not in json.dumps(results.as_json())


def test_answers_change_until_the_round_closes(ecopole, alice):
    maturity_round = make_round(ecopole, alice)
    respondent = answer_by_link(maturity_round, "Marie", {"trust": 1})
    answers_save(respondent=respondent, answers={"trust": (3, "Finalement oui")})
    assert list(respondent.answers.values_list("level", "comment")) == [(3, "Finalement oui")]
    round_close(maturity_round=maturity_round)
    with pytest.raises(ValidationError):
        answers_save(respondent=respondent, answers={"trust": (4, "")})
    assert respondent.answers.get().level == 3


def test_a_level_outside_the_grid_is_refused(ecopole, alice):
    respondent = answer_by_link(make_round(ecopole, alice), "Marie", {})
    with pytest.raises(ValidationError, match="Niveau invalide pour trust : 5"):
        answers_save(respondent=respondent, answers={"trust": (5, "")})
    with pytest.raises(ValidationError, match="Dimension inconnue : bonheur"):
        answers_save(respondent=respondent, answers={"bonheur": (2, "")})
    assert not respondent.answers.exists()


def ship_newer_grid(tmp_path, monkeypatch):
    """A network ships v2: a copy of v1 with a renamed dimension and one dimension less."""
    grid = json.loads((grids.GRID_DIR / "v1.json").read_text())
    grid.update(version="v2", published_on="2027-01-15")
    grid["dimensions"] = grid["dimensions"][:-1]
    grid["dimensions"][0]["title"]["fr"] = "Se connaître"
    shutil.copy(grids.GRID_DIR / "v1.json", tmp_path / "v1.json")
    (tmp_path / "v2.json").write_text(json.dumps(grid, ensure_ascii=False))
    monkeypatch.setattr(grids, "GRID_DIR", tmp_path)
    grids.shipped_grids.cache_clear()


@pytest.fixture
def fresh_grids():
    yield
    grids.shipped_grids.cache_clear()


def test_a_round_keeps_its_grid_after_a_newer_one_ships(
    ecopole, alice, tmp_path, monkeypatch, fresh_grids
):
    first = closed_round(ecopole, alice, [{"trust": 2, "territorial_anchoring": 3}] * 3, "2026")
    ship_newer_grid(tmp_path, monkeypatch)
    assert grids.latest_version() == "v2"
    second = make_round(ecopole, alice, title="2027", grid_version=grids.latest_version())
    for name in "ABC":
        answer_by_link(second, name, {"trust": 3})
    round_close(maturity_round=second)

    first.refresh_from_db()
    assert round_results(first).as_json()["round"]["grid_version"] == "v1"
    assert len(round_results(first).dimensions) == 12
    assert round_results(second).as_json()["round"]["grid_version"] == "v2"
    assert len(round_results(second).dimensions) == 11
    rows = {key: (title, medians) for key, title, medians in cooperation_trajectory(ecopole).rows}
    assert rows["trust"] == ("Confiance", [2, 3])
    assert rows["knowing_each_other"][0] == "Se connaître"  # the title of the latest grid
    assert rows["territorial_anchoring"] == ("Ancrage territorial", [3, None])


def test_the_trajectory_lists_closed_rounds_in_the_order_they_closed(ecopole, alice):
    first = closed_round(ecopole, alice, [{"trust": 1}, {"trust": 2}, {"trust": 2}], "2025")
    closed_round(ecopole, alice, [{"trust": 2}, {"trust": 3}], "2026 (deux réponses)")
    third = closed_round(ecopole, alice, [{"trust": 3}, {"trust": 4}, {"trust": 4}], "2027")
    make_round(ecopole, alice, title="2028 (ouvert)")
    data = cooperation_trajectory(ecopole).as_json()
    assert [r["title"] for r in data["rounds"]] == ["2025", "2026 (deux réponses)", "2027"]
    assert [r["shown"] for r in data["rounds"]] == [True, False, True]
    trust = next(d for d in data["dimensions"] if d["key"] == "trust")
    assert trust["medians"] == [2, None, 4]
    assert cooperation_trajectory(ecopole, until=first).as_json()["rounds"][0]["id"] == first.pk
    assert len(cooperation_trajectory(ecopole, until=third).rounds) == 3
