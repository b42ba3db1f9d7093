"""The maturity section of the monograph: the latest closed round that shows results."""

import pytest

from terreau.maturity.services import round_close
from terreau.monographs.sections import Reader, build_monograph
from tests.cooperations.factories import make_cooperation
from tests.maturity.factories import answer_by_link, make_round

pytestmark = pytest.mark.django_db


def maturity_section(cooperation, reader):
    return next(
        s for s in build_monograph(cooperation, reader=reader).sections if s.key == "maturity"
    )


def closed(cooperation, by, title, levels):
    maturity_round = make_round(cooperation, by, title=title)
    for index, level in enumerate(levels):
        answer_by_link(maturity_round, f"P{index}", {"trust": (level, "un avis"), "sharing": 3})
    return round_close(maturity_round=maturity_round)


def test_the_monograph_shows_the_latest_round_with_results_and_the_trajectory(alice):
    ecopole = make_cooperation(alice, name="Écopôle")
    assert [p.kind for p in maturity_section(ecopole, Reader.of(ecopole, alice)).parts] == [
        "missing"
    ]
    closed(ecopole, alice, "2025", [1, 2, 2])
    closed(ecopole, alice, "2026", [1, 3, 4, 4])
    closed(ecopole, alice, "2027 (deux réponses)", [3, 3])

    parts = maturity_section(ecopole, Reader.of(ecopole, alice)).parts
    assert [p.kind for p in parts] == ["facts", "figure", "table", "bullets", "table"]
    facts = dict(parts[0].rows)
    assert (facts["Tour"], facts["Personnes ayant répondu"]) == ("2026", "4 / 4")
    assert "<svg" in parts[1].svg
    trust = next(row for row in parts[2].rows if row[0] == "Confiance")
    # Sorted 1 3 4 4: median 3.5, Q1 2.5, Q3 4.
    assert trust == ["Confiance", "3,5", "1 – 4", "1,5", "à discuter"]
    assert parts[3].items == ["Confiance — réponses du niveau 1 au niveau 4"]
    assert parts[4].columns == ["Dimension", "2025", "2026", "2027 (deux réponses)"]
    assert ["Confiance", "2", "3,5", "—"] in parts[4].rows
    assert "un avis" not in str(parts)  # comments stay on the round's page
    assert maturity_section(ecopole, Reader.public()).parts == []
