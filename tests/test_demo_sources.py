"""The demonstration data follows its sources (docs/data-formats.md, "Demo data and its sources"):
every line of the demo cooperations' documents (La Butinerie, §002; the Écopôle alimentaire
d'Audruicq, §000) cites its source with a quote found there, or says it is illustrative, and every
figure and date the source does not give is marked illustrative."""

import json
import re
from pathlib import Path

import pytest

from terreau import demo
from terreau.catalysts.demo import CATALYSTS as CATALYST_SPECS
from terreau.monographs.demo import NARRATIVES, RECIT_NARRATIVES
from tests.domain_sources import QUOTE, unquoted_words

DATA = Path(demo.__file__).parent
BUTINERIE = json.loads((DATA / "cooperations" / "data" / "la-butinerie.json").read_text())
AUDRUICQ = json.loads((DATA / "cooperations" / "data" / "ecopole-audruicq.json").read_text())
GENERATEUR = json.loads((DATA / "cooperations" / "data" / "generateur-bfc.json").read_text())
# Each document and the section it quotes by default.
DOCUMENTS = {
    "la-butinerie": (BUTINERIE, "002"),
    "ecopole-audruicq": (AUDRUICQ, "000"),
    "generateur-bfc": (GENERATEUR, "002"),
}
INDICATORS = json.loads((DATA / "evaluation" / "data" / "demo-la-butinerie.json").read_text())
WHOLE_LINE = "Ligne illustrative :"
CITATION = re.compile(r"Source : §00\d, «")
FIGURE_MARK = re.compile(r"Montants? (et dates )?illustratifs?|Ligne illustrative")
DATE_MARK = re.compile(
    r"[Dd]ates? (d'arrivée )?illustratives?"
    r"|Montant et dates illustratifs|Date et étape illustratives"
)


def lines(document: dict):
    """(where, line, its text) for every line of a document, as docs/data-formats.md lists."""
    economy = document.get("economy") or {"resources": [], "costs": [], "useful_effects": []}
    parts = [
        ("actors", document["actors"], "description"),
        ("members", document["members"], "note"),
        ("blocks", document["blocks"], "description"),
        ("relations", document["relations"], "note"),
        ("journal", document["journal"], "text"),
        ("resources", economy["resources"], "note"),
        ("costs", economy["costs"], "note"),
        ("useful_effects", economy["useful_effects"], "description"),
    ]
    for name, items, field in parts:
        for index, item in enumerate(items):
            yield f"{name}[{index}]", item, item[field]
    for index, effect in enumerate(economy["useful_effects"]):
        for number, contribution in enumerate(effect["contributions"]):
            where = f"useful_effects[{index}].contributions[{number}]"
            yield where, contribution, contribution["note"]


LINES = [
    (slug, section, where, line, text)
    for slug, (document, section) in DOCUMENTS.items()
    for where, line, text in lines(document)
]
IDS = [f"{slug}:{where}" for slug, _section, where, _line, _text in LINES]
PARAMETERS = ("slug", "section", "where", "line", "text")


def cited_quotes(text: str, default: str = "002"):
    """Each « quote » of a text with the source cited last before it (`default` if none)."""
    for match in QUOTE.finditer(text):
        sections = re.findall(r"§(\d{3})", text[: match.start()])
        yield (sections[-1] if sections else default), match.group(1)


@pytest.mark.parametrize(PARAMETERS, LINES, ids=IDS)
def test_each_line_cites_the_source_or_says_it_is_illustrative(slug, section, where, line, text):
    assert CITATION.search(text) or text.startswith(WHOLE_LINE), text
    for cited, quote in cited_quotes(text, section):
        assert len(unquoted_words(quote, cited)) <= 1, (cited, quote)


@pytest.mark.parametrize(PARAMETERS, LINES, ids=IDS)
def test_figures_and_dates_the_source_does_not_give_are_marked(slug, section, where, line, text):
    figures = [line.get(key) for key in ("amount", "hours", "hourly_value")]
    if any(value is not None for value in figures):
        assert FIGURE_MARK.search(text), text
    dates = [line.get(key) for key in ("joined_on", "started_on", "ended_on", "happened_on")]
    dates += [line.get(key) for key in ("start_date", "end_date")]
    if any(dates):
        assert DATE_MARK.search(text) or text.startswith(WHOLE_LINE), text
    if line.get("estimated_annual_value") is not None:
        assert "illustratif" in line["valuation_method"].lower()


def test_the_facts_the_source_contradicts_stay_corrected():
    """§002: the convention with Solimut is signed and its contribution model under construction
    (« on construit le modèle de contribution qui va avec ») on a hypothesis of prevention; the
    18–21 programme is built with the aide sociale à l'enfance, not answered to a call."""
    economy = BUTINERIE["economy"]
    prevention = next(e for e in economy["useful_effects"] if e["effect_type"] == "health")
    assert prevention["evidence_level"] == "hypothesis"
    assert [c["status"] for c in prevention["contributions"]] == ["agreed"]
    assert {e["evidence_level"] for e in economy["useful_effects"]} == {"hypothesis"}
    resources = economy["resources"]
    solimut = [r for r in resources if r["source"] == "solimut-mutuelle"]
    assert [r["status"] for r in solimut] == ["agreed"]
    assert "call_for_projects" not in {r["funding_mode"] for r in resources}
    sourced = [r for r in resources if not r["note"].startswith(WHOLE_LINE)]
    assert "chambre froide" not in json.dumps(sourced, ensure_ascii=False)


def test_the_cooperation_says_where_its_facts_come_from():
    description = BUTINERIE["cooperation"]["description"]
    assert "§002" in description and "Dates et montants illustratifs" in description
    description = AUDRUICQ["cooperation"]["description"]
    assert "§000" in description and "toutes les dates" in description
    for _section, quote in cited_quotes(description, "000"):
        assert not unquoted_words(quote, "000"), quote


def test_the_generateur_is_a_network_with_three_levels_of_maturity():
    """§002: « un collectif de six structures » coordinated by France Active Franche-Comté, with
    three levels of cooperative maturity (between the six, with the funding pilots, with the
    territories); the Cluster Jura, a PTCE, is « un des six membres du générateur »."""
    description = GENERATEUR["cooperation"]["description"]
    assert "§001" in description and "§002" in description and "Illustratifs" in description
    for _section, quote in cited_quotes(description, "002"):
        assert len(unquoted_words(quote, "002")) <= 1, quote
    actors = {actor["id"]: actor for actor in GENERATEUR["actors"]}
    assert actors["generateur-bourgogne-franche-comte"]["kind"] == "network"
    assert "PTCE" in actors["cluster-jura"]["description"]
    members = {
        relation["source"]
        for relation in GENERATEUR["relations"]
        if relation["kind"] == "network_membership"
    }
    assert {"cluster-jura", "france-active-franche-comte"} <= members
    levels = [block["name"] for block in GENERATEUR["blocks"]]
    assert [name.split(" ")[0] for name in levels] == ["Premier", "Deuxième", "Troisième"]
    assert GENERATEUR["cooperation"]["stage"] == "scaling"  # étendu en 2016 (§002)


def test_the_demo_catalysts_quote_their_source():
    for spec in CATALYST_SPECS:
        for field in ("methods", "funding"):
            text = spec[field]
            assert CITATION.search(text) or text.startswith(WHOLE_LINE), (spec["name"], field)
            for section, quote in cited_quotes(text, "002"):
                assert len(unquoted_words(quote, section)) <= 1, (spec["name"], quote)
        assert "illustratif" in spec["methods"] or "illustrati" in spec["funding"]


def test_audruicq_is_what_the_source_describes():
    """§000: a food ECT whose « légumerie n'est qu'une "brique" », on « enjeux multiples
    (relocalisation alimentaire, réduction du gaspillage, etc.) », whose perimeter grew
    (« l'élargissement du périmètre d'Audruicq ») at a date the source does not give."""
    cooperation = AUDRUICQ["cooperation"]
    assert cooperation["life_functions"] == ["food"]
    assert set(cooperation["issues"]) == {"food_relocation", "waste_reduction"}
    assert "Légumerie" in [block["name"] for block in AUDRUICQ["blocks"]]
    changes = [e for e in AUDRUICQ["journal"] if e["kind"] == "perimeter_change"]
    assert changes and all("date non précisée par la source" in e["text"] for e in changes)
    assert not AUDRUICQ.get("economy"), "the source gives no figure"


def test_no_invented_fact_is_attached_to_audruicq_in_the_docs():
    """Worked examples use fictitious names, not the real Écopôle's (docs/offers-matching.md)."""
    for path in (DATA.parent.parent / "docs").glob("*.md"):
        text = path.read_text()
        for name in ("Jardins d'Audruicq", "Subvention culturelle d'Audruicq"):
            assert name not in text, (path.name, name)


def test_the_demo_indicators_cite_their_source():
    assert "§002" in INDICATORS["about"] and "illustrative" in INDICATORS["about"]
    for indicator in INDICATORS["indicators"]:
        for value in indicator["values"]:
            assert "§002" in value["source"], value


def test_the_demo_actors_territories_and_narratives_cite_their_source():
    for spec in demo.ACTORS + demo.PROJECT_TERRITORIES:
        assert re.search(r"§00\d|illustrati", spec["description"]), spec["name"]
    for narratives in NARRATIVES.values():
        for key, text in narratives.items():
            assert "§002" in text, key


def test_the_demo_recit_quotes_the_club_inne_and_marks_what_is_illustrative():
    """The récit of the Écopôle's territory (§000): every narrative cites the source with quotes
    found there word for word; the perimeter and the maturity round, which the source does not
    give, are said to be illustrative."""
    for narratives in RECIT_NARRATIVES.values():
        for key, text in narratives.items():
            assert CITATION.search(text) and "§000" in text, key
            quotes = list(cited_quotes(text, "000"))
            assert quotes, key
            for section, quote in quotes:
                assert section == "000" and not unquoted_words(quote, "000"), (key, quote)
        assert "illustratif" in narratives["territory"]
        assert "illustratif" in narratives["maturity"]
