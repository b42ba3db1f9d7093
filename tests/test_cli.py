import argparse
import json
from pathlib import Path

import pytest

from terreau.actors.models import Actor
from terreau.catalysts.models import Catalyst
from terreau.cli import build_parser, main, reference_markdown
from terreau.cooperations.models import Cooperation
from terreau.territories.models import ProjectTerritory

DOCS = Path(__file__).parent.parent / "docs"


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_territory_show_json_has_the_documented_shape(db, capsys):
    status, out, _err = run(capsys, "territory", "show", "epci:246200844", "--json")
    data = json.loads(out)
    assert status == 0
    assert set(data) == {
        "ref",
        "name",
        "level",
        "population",
        "commune_count",
        "communes",
        "parents",
    }
    assert data["ref"] == "epci:246200844" and data["level"] == "epci"
    assert data["commune_count"] == len(data["communes"]) == 15 and "62057" in data["communes"]
    assert data["parents"] == ["departement:62", "region:32"]


@pytest.mark.parametrize("ref", ["commune:99999", "commune:abc", "quartier:12"])
def test_a_bad_reference_exits_2_with_one_line_naming_it(db, capsys, ref):
    status, out, err = run(capsys, "territory", "show", ref, "--json")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and ref in err and "commune:62057" in err


def test_geo_load_reports_a_corrupt_file_and_exits_1(db, capsys, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "package.json").write_text('{"version": "0"}')
    (tmp_path / "data" / "regions.json").write_text("[{")
    status, _out, err = run(capsys, "geo", "load", "--package-dir", str(tmp_path))
    assert status == 1 and "regions.json" in err


def test_load_zonage_prints_what_changed(db, capsys):
    from tests.conftest import GEO_FIXTURES

    status, out, _err = run(capsys, "geo", "load-zonage", str(GEO_FIXTURES / "commune_zonages.csv"))
    assert status == 0 and "bassin: 0 created" in out


def test_demo_load_is_idempotent(db, capsys):
    status, out, _err = run(capsys, "demo", "load")
    assert status == 0 and "demo / " in out
    first = list(ProjectTerritory.objects.values_list("slug", "name", "is_demo"))
    assert ("ecopole-audruicq", "Territoire de l'Écopôle alimentaire d'Audruicq", True) in first
    demo_actors = set(Actor.objects.filter(is_demo=True).values_list("name", "commune__code"))
    assert ("La Butinerie", "93055") in demo_actors
    ecopole = Cooperation.objects.get(slug="ecopole-alimentaire-audruicq")
    assert ecopole.issues.split() == ["food_relocation", "waste_reduction"] and ecopole.is_demo
    assert "Légumerie" in set(ecopole.blocks.values_list("name", flat=True))
    assert ecopole.journal.filter(kind="perimeter_change").count() == 1
    generateur = Cooperation.objects.get(slug="generateur-bourgogne-franche-comte")
    assert generateur.stage == "scaling" and generateur.blocks.count() == 3
    catalysts = dict(Catalyst.objects.values_list("name", "actor__kind"))
    assert catalysts == {
        "Générateur Bourgogne-Franche-Comté": "network",
        "Cluster Jura": "association",
    }
    run(capsys, "demo", "load")
    assert list(ProjectTerritory.objects.values_list("slug", "name", "is_demo")) == first
    assert set(Actor.objects.values_list("name", "commune__code")) == demo_actors


def all_commands(parser=None, prefix=("terreau",)):
    parser = parser or build_parser()
    yield " ".join(prefix), parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from all_commands(sub, (*prefix, name))


def test_every_command_has_help():
    for name, parser in all_commands():
        assert parser.format_help(), name
        assert parser.description or name == "terreau manage" or parser._subparsers, name


def test_the_cli_reference_is_up_to_date():
    documented = (DOCS / "cli.md").read_text()
    assert documented.strip() == reference_markdown().strip(), "run `make docs`"
    for name, _parser in all_commands():
        assert f"## `{name}`" in documented
