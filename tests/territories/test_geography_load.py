import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from terreau.core.errors import DataFileError
from terreau.territories.models import Commune, CommuneAlias, Departement, Epci, Region
from terreau.territories.refs import resolve
from terreau.territories.services import geography_load

PACKAGE = Path(settings.TERREAU_GEO_PACKAGE_DIR)


def package_json(name: str) -> list[dict]:
    return json.loads((PACKAGE / "data" / name).read_text())


@pytest.fixture
def package_copy(tmp_path):
    """A writable copy of the real package, to play a newer or broken vintage."""
    copy = tmp_path / "decoupage-administratif"
    shutil.copytree(PACKAGE, copy)
    return copy


def snapshot() -> list[tuple]:
    return list(
        Commune.objects.order_by("code").values_list(
            "code", "name", "population", "epci_id", "is_current", "bassin_vie_id", "lon"
        )
    )


def test_all_of_france_is_loaded_from_the_package(db):
    communes = package_json("communes.json")
    current = [c for c in communes if c["type"] == "commune-actuelle"]
    assert Commune.objects.current().count() == len(current) > 34_000
    assert Epci.objects.count() == len(package_json("epci.json")) > 1_200
    assert Departement.objects.count() == len(package_json("departements.json"))
    assert Region.objects.count() == len(package_json("regions.json"))

    audruicq = Commune.objects.get(code="62057")
    source = next(c for c in current if c["code"] == "62057")
    assert audruicq.name == source["nom"] == "Audruicq"
    assert audruicq.population == source["population"]
    assert audruicq.departement.code == "62" and audruicq.region.code == "32"
    assert audruicq.epci.name == "CC de la Région d'Audruicq"
    assert audruicq.postal_codes == " ".join(source["codesPostaux"])


def test_epci_members_and_population_match_the_source(db):
    source = next(e for e in package_json("epci.json") if e["code"] == "246700488")
    strasbourg = resolve("epci:246700488")
    assert set(strasbourg.communes().values_list("code", flat=True)) == {
        m["code"] for m in source["membres"]
    }
    populations = {
        c["code"]: c.get("population", 0)
        for c in package_json("communes.json")
        if c["type"] == "commune-actuelle"
    }
    assert strasbourg.population == sum(populations[m["code"]] for m in source["membres"])


def test_delegated_associated_arrondissement_and_former_codes_resolve_to_their_commune(db):
    communes = package_json("communes.json")
    delegated = next(
        c for c in communes if c["type"] == "commune-deleguee" and c["chefLieu"] != c["code"]
    )
    assert resolve(f"commune:{delegated['code']}").code == delegated["chefLieu"]
    assert resolve("commune:75108").code == "75056"  # Paris 8e arrondissement
    former = next(c for c in communes if c.get("anciensCodes"))
    assert resolve(f"commune:{former['anciensCodes'][0]}").code == former["code"]
    assert CommuneAlias.objects.filter(kind=CommuneAlias.Kind.ARRONDISSEMENT).count() == 45


def test_loading_again_changes_nothing(db):
    before = snapshot()
    report = geography_load(package_dir=PACKAGE)
    assert not report.changed
    assert all(c.created == c.updated == 0 for c in report.counts.values())
    assert snapshot() == before


def test_a_newer_vintage_updates_in_place_and_keeps_old_codes_resolvable(db, package_copy):
    communes_file = package_copy / "data" / "communes.json"
    communes = json.loads(communes_file.read_text())
    by_code = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    # Next year: Zutkerque (62906) merges into Audruicq (62057), which is renamed.
    merged = by_code.pop("62906")
    survivor = by_code["62057"]
    survivor["nom"] = "Audruicq-Zutkerque"
    survivor["population"] += merged["population"]
    survivor["anciensCodes"] = [*survivor.get("anciensCodes", []), "62906"]
    communes = [c for c in communes if c is not merged]
    communes_file.write_text(json.dumps(communes))
    epci_file = package_copy / "data" / "epci.json"
    epcis = json.loads(epci_file.read_text())
    for epci in epcis:
        epci["membres"] = [m for m in epci["membres"] if m["code"] != "62906"]
    epci_file.write_text(json.dumps(epcis))
    audruicq_pk = Commune.objects.get(code="62057").pk

    report = geography_load(package_dir=package_copy)

    assert report.counts["communes"].updated == 1
    renamed = Commune.objects.get(code="62057")
    assert renamed.pk == audruicq_pk and renamed.name == "Audruicq-Zutkerque"
    assert Commune.objects.get(code="62906").is_current is False
    assert resolve("commune:62906") == renamed
    assert "62906" not in resolve("epci:246200844").communes().values_list("code", flat=True)


def test_a_corrupt_file_names_file_and_line_and_changes_nothing(db, package_copy):
    communes_file = package_copy / "data" / "communes.json"
    text = communes_file.read_text()
    communes_file.write_text(text[: len(text) // 2])
    before = snapshot()
    with pytest.raises(DataFileError) as error:
        geography_load(package_dir=package_copy)
    assert error.value.path == communes_file
    assert error.value.line is not None
    assert "communes.json" in str(error.value) and "JSON" in str(error.value)
    assert snapshot() == before


def test_a_missing_file_is_named(db, package_copy):
    (package_copy / "data" / "epci.json").unlink()
    with pytest.raises(DataFileError, match=r"epci\.json"):
        geography_load(package_dir=package_copy)


def test_an_inconsistent_file_is_refused_before_anything_is_written(db, package_copy):
    communes_file = package_copy / "data" / "communes.json"
    communes = json.loads(communes_file.read_text())
    communes[0]["nom"] = "Nom modifié"
    communes[-1]["departement"] = "999"
    communes_file.write_text(json.dumps(communes))
    before = snapshot()
    with pytest.raises(DataFileError, match="999"):
        geography_load(package_dir=package_copy)
    assert snapshot() == before
