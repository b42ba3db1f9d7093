"""Plain-data views of territories, shared by the CLI, the JSON API and the pages."""


def territory_summary(territory) -> dict:
    return {
        "ref": territory.ref,
        "name": territory.name,
        "level": territory.level.value,
        "level_label": str(territory.level.label),
    }


def territory_detail(territory) -> dict:
    communes = territory.communes().order_by("code")
    return {
        "ref": territory.ref,
        "name": territory.name,
        "level": territory.level.value,
        "population": territory.population or 0,
        "commune_count": communes.count(),
        "communes": list(communes.values_list("code", flat=True)),
        "parents": [parent.ref for parent in territory.parents()],
    }


def communes_geojson(territory) -> dict:
    """The territory's communes as GeoJSON points, plus those without a known point."""
    features, unplaced = [], []
    rows = (
        territory.communes()
        .order_by("code")
        .values_list("code", "name", "population", "lon", "lat")
    )
    for code, name, population, lon, lat in rows:
        if lon is None or lat is None:
            unplaced.append({"code": code, "name": name})
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"code": code, "name": name, "population": population},
            }
        )
    return {"type": "FeatureCollection", "features": features, "unplaced": unplaced}
