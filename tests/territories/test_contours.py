"""Boundaries for maps: `terreau geo load-contours` (the session fixture has loaded
tests/fixtures/geo/contours, COG 2018) and the map document of each territory."""

import json

import pytest
import shapely
from django.urls import reverse

from terreau.cli import main
from terreau.core.errors import DataFileError
from terreau.territories.models import Contour
from terreau.territories.services import contours_load, project_territory_save
from tests.conftest import GEO_FIXTURES

CONTOURS = GEO_FIXTURES / "contours"


def source_features(name: str) -> dict[str, shapely.Geometry]:
    document = json.loads((CONTOURS / name).read_text(encoding="utf-8"))
    return {
        f["properties"]["code"]: shapely.geometry.shape(f["geometry"]) for f in document["features"]
    }


def stored(level: str, code: str) -> shapely.Geometry:
    return shapely.from_geojson(Contour.objects.get(level=level, code=code).geometry)


def snapshot():
    return list(Contour.objects.order_by("level", "code").values_list("level", "code", "geometry"))


def write(path, document) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def feature(code, geometry=None, name="Lieu"):
    return {
        "type": "Feature",
        "properties": {"code": code, "nom": name},
        "geometry": geometry
        or {
            "type": "Polygon",
            "coordinates": [[[2.0, 50.0], [2.1, 50.0], [2.1, 50.1], [2.0, 50.0]]],
        },
    }


def test_former_communes_are_dissolved_into_their_current_commune(db):
    sources = source_features("communes-62-pas-de-calais.geojson")
    # 62461, 62549 and 62743 merged into 62447 after 2018.
    union = shapely.union_all([sources[code] for code in ("62447", "62461", "62549", "62743")])
    assert stored("commune", "62447").area == pytest.approx(union.area, rel=0.02)
    assert not Contour.objects.filter(code__in=["62461", "62549", "62743"]).exists()
    # Conques-en-Rouergue (12218) has no polygon of its own in 2018: its former commune's.
    assert stored("commune", "12218").area == pytest.approx(
        source_features("communes-12-aveyron.geojson")["12076"].area, rel=0.02
    )


def test_geometries_are_simplified_and_rounded_for_the_web(db):
    text = Contour.objects.get(level="departement", code="62").geometry
    coordinates = json.loads(text)["coordinates"]
    first = coordinates[0][0] if isinstance(coordinates[0][0][0], float) else coordinates[0][0][0]
    assert all(len(repr(value).split(".")[1]) <= 4 for value in first)
    assert len(text) < len(
        json.dumps(source_features("departements.geojson")["62"].__geo_interface__)
    )


def test_levels_are_detected_and_reloading_changes_nothing(db):
    before = snapshot()
    report = contours_load(paths=sorted(CONTOURS.glob("*.geojson")))
    assert set(report.counts) == {"contours commune", "contours departement", "contours region"}
    assert all(c.created == c.updated == 0 for c in report.counts.values())
    assert snapshot() == before
    assert Contour.objects.filter(level="region", code="32").exists()
    assert Contour.objects.filter(level="departement", code="93").exists()


def test_current_communes_without_a_contour_are_reported(db):
    report = contours_load(paths=[CONTOURS / "communes-12-aveyron.geojson"])
    notes = " | ".join(report.notes)
    # The fixture keeps one commune of Aveyron: the others are reported, by code.
    assert "communes actuelles sans contour : 12001, 12002" in notes
    assert "départements sans aucun contour de commune" in notes and "2A" in notes


def test_cli_loads_and_reports(db, capsys):
    assert (
        main(["geo", "load-contours", str(CONTOURS / "communes-93-seine-saint-denis.geojson")]) == 0
    )
    out = capsys.readouterr().out
    assert "contours commune: 0 created, 0 updated, 39 unchanged" in out
    assert "1 contours d'anciennes communes rapportés à 1 commune actuelle" in out


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"type": "Feature"}, "$ : un document GeoJSON FeatureCollection est attendu"),
        ({"type": "FeatureCollection", "features": {}}, "$.features : une liste"),
        (
            {"type": "FeatureCollection", "features": [feature("62001"), {"type": "Feature"}]},
            "$.features[1].properties : des propriétés code et nom sont attendues",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [feature("62001", {"type": "Point", "coordinates": [2, 50]})],
            },
            "$.features[0].geometry : un polygone",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [feature("62001", {"type": "Polygon", "coordinates": [[[2, 50]]]})],
            },
            "$.features[0].geometry.coordinates : coordonnées invalides",
        ),
        (
            {"type": "FeatureCollection", "features": [feature("62001"), feature("99999")]},
            "$.features[1].properties.code : code inconnu (Commune)",
        ),
        (
            {"type": "FeatureCollection", "features": [feature("62001"), feature("Paris")]},
            "$.features[1].properties.code : niveau indéterminé",
        ),
    ],
)
def test_bad_files_are_located_and_nothing_is_written(db, tmp_path, document, where):
    before = snapshot()
    good = CONTOURS / "communes-75-paris.geojson"
    bad = write(tmp_path / "contours.geojson", document)
    with pytest.raises(DataFileError) as error:
        contours_load(paths=[good, bad])
    assert "contours.geojson" in str(error.value) and where in str(error.value)
    assert snapshot() == before


def test_cli_reports_a_bad_file_with_exit_status_1(db, tmp_path, capsys):
    bad = tmp_path / "broken.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    assert main(["geo", "load-contours", str(bad)]) == 1
    assert "broken.geojson" in capsys.readouterr().err


def contours_of(client, ref, **params):
    response = client.get(reverse("api:contours", args=[ref]), params)
    assert response.status_code == 200, response.content
    document = json.loads(response.content)
    roles = {}
    for f in document["features"]:
        roles.setdefault(f["properties"]["role"], []).append(f["properties"]["code"])
    return response, document, roles


def test_a_commune_map_has_its_outline_and_its_neighbours(db, client):
    response, _document, roles = contours_of(client, "commune:62765")
    assert roles["outline"] == ["62765"]
    # Longuenesse, next to Saint-Omer
    assert "62525" in roles["neighbour"] and "62765" not in roles["neighbour"]
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "public, max-age=3600"
    again = client.get(
        reverse("api:contours", args=["commune:62765"]), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_a_departement_map_draws_its_communes_and_neighbouring_departements(db, client):
    _response, document, roles = contours_of(client, "departement:62")
    assert len(roles["part"]) == 887 and roles["outline"] == ["62"]
    assert document["missing"] == []
    # The fixture holds no Nord (59) nor Somme (80): no neighbour drawn rather than an error.
    assert roles.get("neighbour", []) == []


def test_a_region_draws_its_departements_unless_communes_are_asked(db, client):
    _response, _document, roles = contours_of(client, "region:32")
    assert roles["part"] == ["62"]
    _response, document, roles = contours_of(client, "region:32", communes="true")
    assert len(roles["part"]) == 887
    assert {"code": "59350", "name": "Lille"} in document["missing"]


def test_an_epci_outline_is_the_union_of_its_communes(db, client):
    _response, _document, roles = contours_of(client, "epci:246200844")
    assert roles["outline"] == ["246200844"] and len(roles["part"]) == 15
    communes = shapely.union_all([stored("commune", code) for code in roles["part"]])
    outline = stored("epci", "246200844")
    assert outline.area == pytest.approx(communes.area, rel=0.02)


def test_a_private_project_territory_map_is_its_owners(alice, alice_client, charlie_client):
    territory = project_territory_save(
        owner=alice, name="Marais audomarois", components=["commune:62765", "commune:62525"]
    )
    response, _document, roles = contours_of(alice_client, territory.ref)
    assert len(roles["part"]) == 2 and roles["outline"] == [territory.slug]
    assert response["Cache-Control"] == "private, max-age=3600"
    assert charlie_client.get(reverse("api:contours", args=[territory.ref])).status_code == 404
    # Its communes change: its outline is made again.
    project_territory_save(
        owner=alice, territory=territory, name=territory.name, components=["commune:62765"]
    )
    _response, _document, roles = contours_of(alice_client, territory.ref)
    assert roles["part"] == ["62765"]
    assert stored("projet", territory.slug).area == pytest.approx(
        stored("commune", "62765").area, rel=0.02
    )
