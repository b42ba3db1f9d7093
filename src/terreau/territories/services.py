"""Use cases of the territories app: loading reference geography, keeping project territories."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.core.bulk import UpsertCounts, upsert
from terreau.core.errors import DataFileError
from terreau.core.text import free_slug, search_key
from terreau.territories.contour_files import (
    TOLERANCE,
    ContourFile,
    dissolve,
    geometry_text,
    read_contours,
    web_geometry,
)
from terreau.territories.models import (
    BassinVie,
    Commune,
    CommuneAlias,
    Contour,
    Departement,
    Epci,
    Level,
    ProjectTerritory,
    ReferenceDataset,
    Region,
    ZoneEmploi,
)
from terreau.territories.reference_files import (
    read_geography,
    read_labels,
    read_points,
    read_zonage,
)
from terreau.territories.refs import resolve_commune_codes, resolve_many

Progress = Callable[[str], None]

ZONE_MODELS = {
    "bassin": (BassinVie, "bassin_vie_id"),
    "zone_emploi": (ZoneEmploi, "zone_emploi_id"),
}
ALIAS_KINDS = {
    "commune-deleguee": CommuneAlias.Kind.DELEGATED,
    "commune-associee": CommuneAlias.Kind.ASSOCIATED,
    "arrondissement-municipal": CommuneAlias.Kind.ARRONDISSEMENT,
}


@dataclass
class LoadReport:
    source: str
    counts: dict[str, UpsertCounts] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values()) or bool(self.notes)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "counts": {name: c.as_dict() for name, c in self.counts.items()},
            "notes": self.notes,
        }


def _named(name: str, **values) -> dict:
    return {"name": name, "search_name": search_key(name), **values}


def geography_load(*, package_dir: Path, progress: Progress | None = None) -> LoadReport:
    """Load or update communes, EPCI, départements and régions from @etalab/decoupage-administratif.

    Idempotent. Communes that left the geography stay (flagged not current) and their codes keep
    resolving to their successors. All or nothing: on any error the database is left as it was.
    """
    step = progress or (lambda label: None)
    step(_("Lecture des fichiers"))
    geo = read_geography(package_dir)
    report = LoadReport(source=f"@etalab/decoupage-administratif {geo.version}")
    current = [c for c in geo.communes if c["type"] == "commune-actuelle"]
    _check_links(package_dir, geo, current)

    with transaction.atomic():
        step(_("Régions"))
        report.counts["regions"] = upsert(
            Region.objects.all(), ("code",), {(r["code"],): _named(r["nom"]) for r in geo.regions}
        )
        region_ids = dict(Region.objects.values_list("code", "pk"))
        step(_("Départements"))
        report.counts["departements"] = upsert(
            Departement.objects.all(),
            ("code",),
            {
                (d["code"],): _named(d["nom"], region_id=region_ids[d["region"]])
                for d in geo.departements
            },
        )
        departement_ids = dict(Departement.objects.values_list("code", "pk"))
        step(_("EPCI"))
        report.counts["epci"] = upsert(
            Epci.objects.all(),
            ("code",),
            {(e["code"],): _named(e["nom"], kind=e["type"]) for e in geo.epcis},
        )
        epci_ids = dict(Epci.objects.values_list("code", "pk"))
        epci_of = {m["code"]: epci_ids[e["code"]] for e in geo.epcis for m in e["membres"]}
        step(_("Communes"))
        report.counts["communes"] = upsert(
            Commune.objects.all(),
            ("code",),
            {
                (c["code"],): _named(
                    c["nom"],
                    departement_id=departement_ids[c["departement"]],
                    region_id=region_ids[c["region"]],
                    epci_id=epci_of.get(c["code"]),
                    population=c.get("population"),
                    postal_codes=" ".join(c.get("codesPostaux", [])),
                    siren=c.get("siren", ""),
                    is_current=True,
                )
                for c in current
            },
        )
        current_codes = {c["code"] for c in current}
        retired = [
            code
            for code in Commune.objects.filter(is_current=True).values_list("code", flat=True)
            if code not in current_codes
        ]
        if retired:
            Commune.objects.filter(code__in=retired).update(is_current=False, epci=None)
            report.notes.append(
                ngettext(
                    "%(n)s commune n'est plus actuelle : %(codes)s",
                    "%(n)s communes ne sont plus actuelles : %(codes)s",
                    len(retired),
                )
                % {"n": len(retired), "codes": ", ".join(retired[:20])}
            )
        vanished_epci = Epci.objects.exclude(pk__in=set(epci_of.values()))
        if vanished := vanished_epci.count():
            vanished_epci.delete()
            report.notes.append(
                ngettext("%(n)s EPCI disparu supprimé", "%(n)s EPCI disparus supprimés", vanished)
                % {"n": vanished}
            )
        step(_("Autres codes de communes"))
        report.counts["aliases"] = _load_aliases(geo.communes)
        _record_dataset("geography", "@etalab/decoupage-administratif", geo.version, geo.row_count)
    return report


def _check_links(package_dir: Path, geo, current: list[dict]) -> None:
    """Communes must point to known départements and régions, EPCI members to communes."""
    regions = {r["code"] for r in geo.regions}
    departements = {d["code"] for d in geo.departements}
    data = Path(package_dir) / "data"
    for index, d in enumerate(geo.departements, start=1):
        if d["region"] not in regions:
            raise DataFileError(
                data / "departements.json",
                _("entrée n° %(index)s : région inconnue") % {"index": index},
                value=d["region"],
            )
    for c in current:
        if c["departement"] not in departements or c["region"] not in regions:
            raise DataFileError(
                data / "communes.json",
                _("commune %(code)s : département ou région inconnu") % {"code": c["code"]},
                value=f"{c['departement']} / {c['region']}",
            )
    codes = {c["code"] for c in current}
    for e in geo.epcis:
        for member in e["membres"]:
            if member.get("code") not in codes:
                raise DataFileError(
                    data / "epci.json",
                    _("EPCI %(epci)s : commune membre inconnue") % {"epci": e["code"]},
                    value=member.get("code"),
                )


def _load_aliases(communes: list[dict]) -> UpsertCounts:
    commune_ids = dict(Commune.objects.filter(is_current=True).values_list("code", "pk"))
    rows = {}
    for c in communes:
        if c["type"] == "commune-actuelle":
            for former in c.get("anciensCodes", []):
                rows[(former, CommuneAlias.Kind.FORMER_CODE.value)] = {
                    "name": "",
                    "commune_id": commune_ids[c["code"]],
                }
        else:
            parent = c.get("chefLieu") or c.get("commune")
            if parent in commune_ids:
                rows[(c["code"], ALIAS_KINDS[c["type"]].value)] = {
                    "name": c["nom"],
                    "commune_id": commune_ids[parent],
                }
    # Aliases absent from a newer vintage are kept: old codes must stay resolvable.
    return upsert(CommuneAlias.objects.all(), ("code", "kind"), rows)


def _record_dataset(kind: str, source: str, version: str, rows: int) -> None:
    ReferenceDataset.objects.update_or_create(
        kind=kind, defaults={"source": source, "version": version, "rows": rows}
    )


def zonage_load(
    *,
    path: Path,
    bassin_labels: Path | None = None,
    zone_emploi_labels: Path | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load bassins de vie and/or zones d'emploi and assign each commune of the file to them.

    Zone labels come from the file (INSEE layout), else from the label files, else from the name of
    the zone's central commune (whose code the zone takes). Communes absent from the file keep their
    zones. An unknown commune code stops the load and nothing is changed.
    """
    step = progress or (lambda label: None)
    step(_("Lecture de %(file)s") % {"file": Path(path).name})
    zonage = read_zonage(path)
    extra_labels = {
        "bassin": read_labels(bassin_labels) if bassin_labels else {},
        "zone_emploi": read_labels(zone_emploi_labels) if zone_emploi_labels else {},
    }
    commune_ids = resolve_commune_codes({row[zonage.commune_column] for _line, row in zonage.rows})
    for line, row in zonage.rows:
        if row[zonage.commune_column] not in commune_ids:
            raise DataFileError(
                path,
                _("code commune inconnu"),
                line=line,
                column=zonage.commune_column,
                value=row[zonage.commune_column],
            )
    report = LoadReport(source=Path(path).name)
    commune_rows: dict[tuple, dict] = {}
    with transaction.atomic():
        for columns in zonage.zonages:
            model, foreign_key = ZONE_MODELS[columns.kind]
            step(str(model._meta.verbose_name_plural))
            labels, assignments = dict(extra_labels[columns.kind]), {}
            for _line, row in zonage.rows:
                zone = row.get(columns.code_column, "")
                if zone:
                    if columns.label_column and row.get(columns.label_column):
                        labels[zone] = row[columns.label_column]
                    assignments[commune_ids[row[zonage.commune_column]]] = zone
            central_names = dict(
                Commune.objects.filter(
                    code__in=set(assignments.values()) - set(labels)
                ).values_list("code", "name")
            )
            zone_rows = {
                (code,): _named(labels.get(code) or central_names.get(code) or code)
                for code in set(assignments.values())
            }
            report.counts[columns.kind] = upsert(model.objects.all(), ("code",), zone_rows)
            zone_ids = dict(model.objects.values_list("code", "pk"))
            for pk, zone in assignments.items():
                commune_rows.setdefault((pk,), {})[foreign_key] = zone_ids[zone]
            _record_dataset(columns.kind, report.source, columns.code_column, len(zone_rows))
        step(_("Communes"))
        report.counts["communes"] = upsert(Commune.objects.all(), ("pk",), commune_rows)
    return report


def commune_points_load(*, path: Path, progress: Progress | None = None) -> LoadReport:
    """Set the map point of each commune listed in a `code_commune,lon,lat` file."""
    step = progress or (lambda label: None)
    step(_("Lecture de %(file)s") % {"file": Path(path).name})
    points = read_points(path)
    commune_ids = resolve_commune_codes({code for _line, code, _lon, _lat in points})
    rows = {}
    for line, code, lon, lat in points:
        if code not in commune_ids:
            raise DataFileError(
                path, _("code commune inconnu"), line=line, column="code_commune", value=code
            )
        rows[(commune_ids[code],)] = {"lon": lon, "lat": lat}
    report = LoadReport(source=Path(path).name)
    with transaction.atomic():
        step(_("Communes"))
        report.counts["points"] = upsert(Commune.objects.all(), ("pk",), rows)
        _record_dataset("points", report.source, "", len(rows))
    return report


def contours_load(
    *, paths: list[Path], level: str | None = None, progress: Progress | None = None
) -> LoadReport:
    """Load the boundaries of communes, départements and/or régions from GeoJSON files (the layout
    of Etalab's *contours administratifs*), simplified for web maps.

    Each file holds one level, detected from its codes unless `level` is given. Polygons of former
    communes (codes that are aliases of a current commune) are dissolved into their current
    commune, so all commune files of a vintage should be loaded in one run. Territories absent
    from the files keep their contours; current communes without one are reported. Every file is
    read and checked before anything is written, in one transaction; loading the same files again
    changes nothing.
    """
    step = progress or (lambda label: None)
    names = {
        Level.REGION: dict(Region.objects.values_list("code", "search_name")),
        Level.DEPARTEMENT: dict(Departement.objects.values_list("code", "search_name")),
    }
    files = []
    for path in paths:
        step(_("Lecture de %(file)s") % {"file": Path(path).name})
        files.append(read_contours(path, level=Level(level) if level else None, names=names))
    report = LoadReport(source=_file_names([Path(path).name for path in paths]))
    groups = _contour_groups(files)
    with transaction.atomic():
        for group_level, by_code in groups.items():
            step(str(group_level.label))
            rows = {}
            for code, (sources, geometries, _former) in sorted(by_code.items()):
                geometry = web_geometry(dissolve(geometries), TOLERANCE[group_level])
                west, south, east, north = geometry.bounds
                rows[(group_level.value, code)] = {
                    "geometry": geometry_text(geometry),
                    "west": west,
                    "south": south,
                    "east": east,
                    "north": north,
                    "source": ", ".join(sorted(sources))[:200],
                    "communes_key": "",
                }
            counts = upsert(Contour.objects.filter(level=group_level), ("level", "code"), rows)
            report.counts[f"contours {group_level.value}"] = counts
            if counts.created or counts.updated:
                # Outlines computed from communes are made again at their next map.
                Contour.objects.exclude(communes_key="").delete()
            _record_dataset(
                f"contours-{group_level.value}",
                _file_names(sorted({name for names, *_rest in by_code.values() for name in names})),
                "",
                len(rows),
            )
        if Level.COMMUNE in groups:
            report.notes.extend(_contour_notes(groups[Level.COMMUNE]))
    return report


def _file_names(names: list[str]) -> str:
    if len(names) <= 3:
        return ", ".join(names)
    return _("%(first)s et %(n)s autres fichiers") % {"first": names[0], "n": len(names) - 1}


def _contour_groups(files: list[ContourFile]) -> dict:
    """{level: {current code: (file names, [polygons], {former codes})}}, checking every code
    against the geography and following former codes of communes to their current commune."""
    known = {
        Level.REGION: set(Region.objects.values_list("code", flat=True)),
        Level.DEPARTEMENT: set(Departement.objects.values_list("code", flat=True)),
    }
    commune_codes = {f.code for file in files if file.level == Level.COMMUNE for f in file.features}
    commune_ids = resolve_commune_codes(commune_codes) if commune_codes else {}
    code_of = dict(
        Commune.objects.filter(pk__in=set(commune_ids.values())).values_list("pk", "code")
    )
    groups: dict = defaultdict(lambda: defaultdict(lambda: (set(), [], set())))
    for file in files:
        for feature in file.features:
            if file.level == Level.COMMUNE:
                current = code_of.get(commune_ids.get(feature.code))
            else:
                current = feature.code if feature.code in known[file.level] else None
            if current is None:
                raise DataFileError(
                    file.path,
                    _("$.features[%(index)s].properties.code : code inconnu (%(level)s)")
                    % {"index": feature.index, "level": file.level.label},
                    value=feature.code,
                )
            sources, geometries, former = groups[file.level][current]
            sources.add(file.path.name)
            geometries.append(feature.geometry)
            if feature.code != current:
                former.add(feature.code)
    return groups


def _contour_notes(by_code: dict) -> list[str]:
    """What the commune files left out: communes dissolved, current communes without a contour in
    the départements the files cover, départements without any."""
    notes = []
    merged = {code: len(former) for code, (_s, _g, former) in by_code.items() if former}
    if merged:
        notes.append(
            ngettext(
                "%(former)s contours d'anciennes communes rapportés à %(n)s commune actuelle",
                "%(former)s contours d'anciennes communes rapportés à %(n)s communes actuelles",
                len(merged),
            )
            % {"former": sum(merged.values()), "n": len(merged)}
        )
    with_contour = set(Contour.objects.filter(level=Level.COMMUNE).values_list("code", flat=True))
    missing, uncovered = [], defaultdict(int)
    covered = set()
    communes = Commune.objects.current().values_list("code", "departement__code")
    for code, departement in communes:
        if code in with_contour:
            covered.add(departement)
    for code, departement in communes.order_by("code"):
        if code in with_contour:
            continue
        if departement in covered:
            missing.append(code)
        else:
            uncovered[departement] += 1
    if missing:
        notes.append(
            ngettext(
                "%(n)s commune actuelle sans contour : %(codes)s",
                "%(n)s communes actuelles sans contour : %(codes)s",
                len(missing),
            )
            % {"n": len(missing), "codes": ", ".join(missing[:30])}
            + (" …" if len(missing) > 30 else "")
        )
    if uncovered:
        notes.append(
            ngettext(
                "%(n)s département sans aucun contour de commune : %(codes)s",
                "%(n)s départements sans aucun contour de commune : %(codes)s",
                len(uncovered),
            )
            % {"n": len(uncovered), "codes": ", ".join(sorted(uncovered))}
        )
    return notes


def project_territory_save(
    *,
    owner,
    name: str,
    components: list[str],
    description: str = "",
    is_public: bool = False,
    is_demo: bool = False,
    territory: ProjectTerritory | None = None,
) -> ProjectTerritory:
    """Create (or, given `territory`, update) a project territory as the union of the communes of
    `components`, any mix of commune, EPCI, département, région, bassin and project references."""
    resolved = resolve_many(components, user=owner)
    with transaction.atomic():
        if territory is None:
            territory = ProjectTerritory(
                owner=owner, slug=free_slug(ProjectTerritory.objects, name, "territoire")
            )
        territory.name = name
        territory.search_name = search_key(name)
        territory.description = description
        territory.is_public = is_public
        territory.is_demo = is_demo
        territory.components = [t.ref for t in resolved]
        territory.save()
        commune_ids = set()
        for component in resolved:
            commune_ids.update(component.communes().values_list("pk", flat=True))
        territory.communes_set.set(commune_ids)
        # Cooperations keep their communes for fast matching; the cooperations app sits above this
        # one, hence the import here rather than at the top.
        from terreau.cooperations.services import cooperations_relocate

        cooperations_relocate(territory_ref=territory.ref)
    return territory
