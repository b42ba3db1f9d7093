"""Every grid file shipped in maturity/data is usable, and a faulty grid is refused with every
problem located; `terreau maturity check-grid` says the same to a network adapting the grid."""

import json

import pytest

from terreau.cli import main
from terreau.maturity.grids import GRID_DIR, GridError, read_grid

SHIPPED = sorted(GRID_DIR.glob("*.json"))
SOURCES_DIMENSIONS = {
    "knowing_each_other",
    "sharing",
    "adapting",
    "shared_risk",
    "catalyst",
    "public_actor",
    "inhabitants",
    "governance",
    "trust",
    "small_victories",
    "hybrid_model",
    "territorial_anchoring",
}


@pytest.mark.parametrize("path", SHIPPED, ids=[path.name for path in SHIPPED])
def test_every_shipped_grid_is_valid_in_french_and_english(path):
    grid = read_grid(path)
    assert grid["version"] == path.stem
    for dimension in grid["dimensions"]:
        assert len(dimension["levels"]) == 4
        for level in dimension["levels"]:
            assert level["fr"] != level["en"]


def test_the_first_grid_has_the_dimensions_drawn_from_the_sources():
    grid = read_grid(GRID_DIR / "v1.json")
    assert {dimension["key"] for dimension in grid["dimensions"]} == SOURCES_DIMENSIONS


def faulty(tmp_path):
    grid = json.loads((GRID_DIR / "v1.json").read_text())
    grid["dimensions"][1]["key"] = "trust"
    del grid["dimensions"][2]["levels"][3]
    grid["dimensions"][4]["title"].pop("en")
    path = tmp_path / "reseau-v1.json"
    path.write_text(json.dumps(grid))
    return path


def test_a_faulty_grid_is_refused_with_every_problem_located(tmp_path):
    with pytest.raises(GridError) as error:
        read_grid(faulty(tmp_path))
    assert error.value.errors == ["$.dimensions[4].title.en : champ obligatoire manquant"]


def test_version_levels_and_keys_are_checked_once_the_shape_is_right(tmp_path):
    grid = json.loads((GRID_DIR / "v1.json").read_text())
    grid["dimensions"][1]["key"] = "trust"
    del grid["dimensions"][2]["levels"][3]
    path = tmp_path / "reseau-v1.json"
    path.write_text(json.dumps(grid))
    with pytest.raises(GridError) as error:
        read_grid(path)
    assert error.value.errors == [
        "$.version : « v1 » diffère du nom du fichier « reseau-v1.json »",
        "$.dimensions[2].levels : 4 descriptions de niveau attendues, 3 trouvées",
        "$.dimensions[8].key : « trust » apparaît deux fois",
    ]


def test_check_grid_command(tmp_path, capsys):
    assert main(["maturity", "check-grid", str(GRID_DIR / "v1.json")]) == 0
    assert capsys.readouterr().out == "v1: 12 dimensions\n"
    path = faulty(tmp_path)
    assert main(["maturity", "check-grid", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{path}: $.dimensions[4].title.en : champ obligatoire manquant"]
