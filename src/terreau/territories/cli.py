"""`terreau geo …` and `terreau territory …` commands, and the territory argument of the others."""

import json
from pathlib import Path

from terreau.core.cli import EXIT_BAD_REFERENCE, EXIT_DATA_ERROR, fail, progress, subcommands


def add_commands(groups) -> None:
    _add_geo(groups)
    _add_territory(groups)


def _add_geo(groups) -> None:
    geo = groups.add_parser("geo", help="load the reference geography of France")
    geo_commands = subcommands(geo)
    load = geo_commands.add_parser(
        "load",
        help="load communes, EPCI, départements and régions from @etalab/decoupage-administratif",
        description="Load or update communes, EPCI, départements and régions from the npm package "
        "@etalab/decoupage-administratif. Idempotent: a second run changes nothing.",
    )
    load.add_argument(
        "--package-dir",
        type=Path,
        help="folder of the npm package (default: node_modules/@etalab/decoupage-administratif)",
    )
    load.set_defaults(handler=geo_load)
    zonage = geo_commands.add_parser(
        "load-zonage",
        help="load bassins de vie and zones d'emploi from an INSEE composition file",
        description="Load bassins de vie 2022 and/or zones d'emploi 2020 from an INSEE "
        "composition file (CSV or XLSX with CODGEO and BV2022/LIBBV2022 or ZE2020/LIBZE2020) or "
        "from a commune_zonages.csv file (code_commune, bassin_vie_2022, zone_emploi_2020).",
    )
    zonage.add_argument("file", type=Path, help="composition file (CSV or XLSX)")
    zonage.add_argument(
        "--bassins-vie", type=Path, help="labels of bassins de vie (CSV with code,libelle)"
    )
    zonage.add_argument(
        "--zones-emploi", type=Path, help="labels of zones d'emploi (CSV with code,libelle)"
    )
    zonage.set_defaults(handler=geo_load_zonage)
    points = geo_commands.add_parser(
        "load-points",
        help="load map points of communes from a code_commune,lon,lat CSV",
        description="Set the map point (WGS84 lon/lat) of each commune listed in a CSV file with "
        "columns code_commune, lon, lat. Old and delegated commune codes are accepted.",
    )
    points.add_argument("file", type=Path, help="CSV file with code_commune, lon, lat")
    points.set_defaults(handler=geo_load_points)
    contours = geo_commands.add_parser(
        "load-contours",
        help="load commune, département and région boundaries for maps",
        description="Load the boundaries of communes, départements and/or régions from GeoJSON "
        "FeatureCollection files whose features have the properties code and nom (the layout of "
        "Etalab's contours administratifs, WGS 84). The level of each file is detected from its "
        "codes unless --level is given. Polygons of former communes are dissolved into their "
        "current commune, so give all the commune files of a vintage in one run; current communes "
        "without a polygon are reported. Geometries are simplified for the web and stored in the "
        "database. Idempotent; all or nothing.",
    )
    contours.add_argument("files", nargs="+", type=Path, metavar="FILE", help="GeoJSON file")
    contours.add_argument(
        "--level",
        choices=["commune", "departement", "region"],
        help="level of every file (default: detected from the codes)",
    )
    contours.set_defaults(handler=geo_load_contours)


def _add_territory(groups) -> None:
    territory = groups.add_parser("territory", help="look up territories")
    territory_commands = subcommands(territory)
    show = territory_commands.add_parser(
        "show",
        help="show a territory by reference",
        description="Show a territory. REF is one of: commune:62057, epci:246200364, "
        "departement:62, region:32, bassin:62057, zone_emploi:3203, projet:<slug>. Exits with "
        "status 2 when the reference is malformed or unknown.",
    )
    show.add_argument("ref", help="territory reference")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=territory_show)
    search = territory_commands.add_parser(
        "search",
        help="search territories by name or code",
        description="Search territories by name (accents and case ignored) or code.",
    )
    search.add_argument("query", help="name, code or postal code")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=territory_search)


def territory_or_exit(ref: str, user=None, *, status: int = EXIT_BAD_REFERENCE):
    """The territory a REF argument names, as `user` may see it; else exit with `status`."""
    from terreau.territories.refs import TerritoryRefError, resolve

    try:
        return resolve(ref, user=user)
    except TerritoryRefError as error:
        raise SystemExit(fail(error, status)) from error


def comparison_or_exit(ref: str, user=None):
    """The comparison a `--compare` argument names: France or a territory; else exit 2."""
    from terreau.territories.refs import TerritoryRefError, resolve_comparison

    try:
        return resolve_comparison(ref, user=user)
    except TerritoryRefError as error:
        raise SystemExit(fail(error, EXIT_BAD_REFERENCE)) from error


def _run_load(service, **kwargs) -> int:
    from terreau.core.errors import DataFileError

    with progress() as status:
        try:
            report = service(progress=lambda label: status.update(f"{label}…"), **kwargs)
        except DataFileError as error:
            return fail(error, EXIT_DATA_ERROR)
    print(f"{report.source}")
    for name, counts in report.counts.items():
        print(
            f"  {name}: {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged"
        )
    for note in report.notes:
        print(f"  {note}")
    return 0


def geo_load(args) -> int:
    from django.conf import settings

    from terreau.territories.services import geography_load

    return _run_load(
        geography_load, package_dir=args.package_dir or settings.TERREAU_GEO_PACKAGE_DIR
    )


def geo_load_zonage(args) -> int:
    from terreau.territories.services import zonage_load

    return _run_load(
        zonage_load,
        path=args.file,
        bassin_labels=args.bassins_vie,
        zone_emploi_labels=args.zones_emploi,
    )


def geo_load_points(args) -> int:
    from terreau.territories.services import commune_points_load

    return _run_load(commune_points_load, path=args.file)


def geo_load_contours(args) -> int:
    from terreau.territories.services import contours_load

    return _run_load(contours_load, paths=args.files, level=args.level)


def territory_show(args) -> int:
    from terreau.territories.serializers import territory_detail

    detail = territory_detail(territory_or_exit(args.ref))
    if args.json:
        print(json.dumps(detail, ensure_ascii=False, indent=2))
    else:
        print(f"{detail['name']} ({detail['ref']})")
        print(f"  level: {detail['level']}")
        print(f"  population: {detail['population']}")
        print(f"  communes: {detail['commune_count']}")
        print(f"  parents: {', '.join(detail['parents']) or '-'}")
    return 0


def territory_search(args) -> int:
    from terreau.territories.queries import search_territories
    from terreau.territories.serializers import territory_summary

    results = [territory_summary(t) for t in search_territories(args.query, user=None)]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(f"{result['ref']:<24} {result['name']}")
    return 0
