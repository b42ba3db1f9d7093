"""Plain-data views of territories, shared by the CLI, the JSON API and the pages."""


def territory_summary(territory) -> dict:
    return {
        "ref": territory.ref,
        "name": territory.name,
        "level": territory.level.value,
        "level_label": str(territory.level.label),
    }


def territory_suggestion(territory) -> dict:
    """A suggestion of the territory fields: the summary, the text to put in the field and what
    tells the territory from its namesakes."""
    from terreau.territories.lookup import territory_context, territory_label

    if territory.level is None:  # France, as a comparison
        return {
            "ref": territory.ref,
            "name": str(territory.name),
            "level": "france",
            "level_label": str(territory.name),
            "label": territory_label(territory),
            "context": "",
        }
    return {
        **territory_summary(territory),
        "label": territory_label(territory),
        "context": territory_context(territory),
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
