"""`terreau maturity results`: the same results document as the API, for observers and scripts."""

import json

import pytest

from terreau.cli import main
from terreau.maturity.services import round_close
from tests.cooperations.factories import make_cooperation
from tests.maturity.factories import answer_by_link, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(alice):
    ecopole = make_cooperation(alice, name="Écopôle alimentaire")
    first = make_round(ecopole, alice, title="2025")
    for name, level in [("A", 1), ("B", 2), ("C", 2), ("D", 4)]:
        answer_by_link(first, name, {"small_victories": level})
    round_close(maturity_round=first)
    second = make_round(ecopole, alice, title="2026 (ouvert)")
    return first, second


def test_results_of_the_last_closed_round_by_default(rounds, capsys):
    first, _second = rounds
    assert main(["maturity", "results", "ecopole-alimentaire", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["round"]["id"], data["round"]["grid_version"]) == (first.pk, "v1")
    victories = next(d for d in data["dimensions"] if d["key"] == "small_victories")
    # Sorted 1 2 2 4: median 2; Q1 at position 0.75 → 1.75; Q3 at position 2.25 → 2.5.
    assert (victories["title"], victories["median"], victories["q1"], victories["q3"]) == (
        "Petites victoires",
        2,
        1.75,
        2.5,
    )
    assert data["trajectory"]["dimensions"][0]["medians"] == [None]


def test_an_open_round_and_english(rounds, capsys):
    _first, second = rounds
    argv = ["maturity", "results", "ecopole-alimentaire", "--round", str(second.pk)]
    assert main([*argv, "--language", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["shown"], data["hidden_because"]) == (False, "open")
    assert data["dimensions"][9]["title"] == "Small victories"


def test_unknown_cooperation_or_round(rounds, capsys):
    assert main(["maturity", "results", "nulle-part"]) == 2
    assert capsys.readouterr().err == "terreau: unknown cooperation: nulle-part\n"
    assert main(["maturity", "results", "ecopole-alimentaire", "--round", "999"]) == 2
    assert "no such maturity round" in capsys.readouterr().err
