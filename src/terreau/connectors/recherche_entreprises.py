"""The API Recherche d'entreprises (annuaire des entreprises, https://recherche-entreprises.api.gouv.fr,
endpoint `/search`): the establishments of a territory become actors, and the actors already known
are enriched, through the actors' import contract (`actors.importers.base.apply_records`: the same
matching, conflicts, visibility and report as a SIRENE file).

Splitting rule (docs/data-formats.md): the API answers at most MAX_RESULTS legal units per query
(PER_PAGE a page), so a territory is asked commune by commune, and a commune with more legal units
than that is asked again NAF section by NAF section (A … U); a section still over the ceiling is
read up to the ceiling and a note says so.

Each legal unit (`results[]`) brings its establishments matching the filters
(`matching_etablissements`, else its head office `siege`): one actor per establishment in the
territory. Closed establishments (`etat_administratif` "F") and sole traders (legal form 1000,
people's names) are skipped and counted, as the SIRENE file import does.
"""

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from terreau.actors import classification
from terreau.actors.importers.base import ActorRecord, apply_records
from terreau.actors.models import Actor, Source
from terreau.connectors.client import ApiClient, ConnectorError
from terreau.connectors.runs import recorded_run
from terreau.core.imports import ImportReport
from terreau.territories.queries import CommuneLookup

KEY = "recherche-entreprises"
PATH = "/search"
PER_PAGE = 25  # the API's maximum
MAX_RESULTS = 10_000  # legal units one query can page through (page × per_page)
NAF_SECTIONS = "ABCDEFGHIJKLMNOPQRSTU"
PREVIEW_ROWS = 20
NATURAL_PERSON = "1000"


@dataclass
class FetchOptions:
    """What to fetch besides the territory (the page's and the command line's options)."""

    ess_only: bool = False
    associations: bool = False
    siae: bool = False
    active_only: bool = True
    life_functions: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> "FetchOptions":
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)

    def as_dict(self) -> dict:
        return asdict(self)

    def params(self) -> dict:
        """The API's filters for these options."""
        params = {"per_page": PER_PAGE}
        if self.active_only:
            params["etat_administratif"] = "A"
        if self.ess_only:
            params["est_ess"] = "true"
        if self.associations:
            params["est_association"] = "true"
        if self.siae:
            params["est_siae"] = "true"
        return params

    def describe(self) -> str:
        words = [
            word
            for wanted, word in (
                (self.ess_only, "ESS"),
                (self.associations, "associations"),
                (self.siae, "SIAE"),
                (self.active_only, "actifs"),
            )
            if wanted
        ]
        words += self.life_functions
        return ", ".join(words)


class _Reader:
    """Pages through the queries of one territory, counting them for the progress bar."""

    def __init__(self, client: ApiClient, report: ImportReport, progress):
        self.client, self.report, self.progress = client, report, progress
        self.asked = self.planned = 0

    def _get(self, params: dict) -> dict:
        data = self.client.get_json(PATH, params)
        self.asked += 1
        if self.progress:
            self.progress(self.asked, max(self.planned, self.asked))
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise ConnectorError(
                _("%(service)s a répondu sans liste de résultats (%(params)s).")
                % {"service": self.client.source.label, "params": params}
            )
        return data

    def results(self, filters: dict) -> Iterator[dict]:
        """Every legal unit of the territory matching `filters`, query by query (the rule of the
        module's docstring)."""
        communes = filters.pop("communes")
        self.planned = len(communes)  # one query each at least; pages and splits add to it
        for commune in communes:
            base = {**filters, "code_commune": commune}
            first = self._get({**base, "page": 1})
            if _total(first) <= MAX_RESULTS:
                yield from self._pages(base, first)
                continue
            self.planned += len(NAF_SECTIONS)
            for section in NAF_SECTIONS:
                by_section = {**base, "section_activite_principale": section}
                page = self._get({**by_section, "page": 1})
                if _total(page) > MAX_RESULTS:
                    self.report.notes.append(
                        _(
                            "Commune %(commune)s, section NAF %(section)s : %(total)s unités "
                            "légales, seules les %(max)s premières sont lues (plafond de l'API)."
                        )
                        % {
                            "commune": commune,
                            "section": section,
                            "total": _total(page),
                            "max": MAX_RESULTS,
                        }
                    )
                yield from self._pages(by_section, page)

    def _pages(self, params: dict, first: dict) -> Iterator[dict]:
        yield from first["results"]
        pages = min(int(first.get("total_pages") or 1), MAX_RESULTS // PER_PAGE)
        self.planned += pages - 1
        for number in range(2, pages + 1):
            yield from self._get({**params, "page": number})["results"]


def _total(page: dict) -> int:
    try:
        return int(page.get("total_results") or 0)
    except (TypeError, ValueError):
        return 0


def establishments(unit: dict) -> list[dict]:
    """The establishments a legal unit brings: those matching the query, else its head office."""
    found = [e for e in unit.get("matching_etablissements") or [] if isinstance(e, dict)]
    if not found and isinstance(unit.get("siege"), dict):
        found = [unit["siege"]]
    return found


def _name(unit: dict, establishment: dict) -> str:
    signs = [s for s in establishment.get("liste_enseignes") or [] if s]
    return (
        (signs[0] if signs else "")
        or establishment.get("nom_commercial")
        or unit.get("nom_raison_sociale")
        or unit.get("nom_complet")
        or ""
    )


def _yes_no(flag) -> str:
    """The API's true/false as a cell ("" when it does not say)."""
    return "" if flag is None else ("oui" if flag else "non")


def record_values(unit: dict, establishment: dict) -> dict[str, str]:
    """An establishment as the actor fields it fills (docs/data-formats.md, the mapping)."""
    complements = unit.get("complements") or {}
    values = {
        "siret": str(establishment.get("siret") or ""),
        "name": _name(unit, establishment),
        "commune": str(establishment.get("commune") or ""),
        "commune_name": str(establishment.get("libelle_commune") or ""),
        "postal_code": str(establishment.get("code_postal") or ""),
        "address": str(establishment.get("adresse") or ""),
        "naf_code": str(establishment.get("activite_principale") or ""),
        "legal_form_code": str(unit.get("nature_juridique") or ""),
        "is_ess": "oui" if complements.get("est_ess") else "",
        "headcount_band": str(
            establishment.get("tranche_effectif_salarie")
            or unit.get("tranche_effectif_salarie")
            or ""
        ),
        "is_siae": _yes_no(complements.get("est_siae")),
        "is_mission_company": _yes_no(complements.get("est_societe_mission")),
    }
    if complements.get("identifiant_association"):
        values["rna"] = str(complements["identifiant_association"])
    return values


def _preview_row(unit: dict, establishment: dict, values: dict) -> dict:
    complements = unit.get("complements") or {}
    flags = [
        label
        for key, label in (
            ("est_ess", "ESS"),
            ("est_association", "association"),
            ("est_siae", "SIAE"),
        )
        if complements.get(key)
    ]
    return {
        "siret": values["siret"],
        "name": values["name"],
        "commune": values["commune_name"] or values["commune"],
        "naf": values["naf_code"],
        "legal_form": values["legal_form_code"],
        "flags": ", ".join(flags),
        "headcount": str(
            establishment.get("tranche_effectif_salarie")
            or unit.get("tranche_effectif_salarie")
            or ""
        ),
    }


def _records(
    units, report: ImportReport, codes: set[str] | None, options: FetchOptions, preview: list
) -> Iterator[ActorRecord]:
    seen: set[str] = set()
    wanted = set(options.life_functions)
    row = 0
    for unit in units:
        if not isinstance(unit, dict):
            continue
        for establishment in establishments(unit):
            values = record_values(unit, establishment)
            if values["siret"] in seen:  # a legal unit answered for two communes
                continue
            seen.add(values["siret"])
            if establishment.get("etat_administratif") == "F":
                report.skipped["closed"] += 1
                continue
            if values["legal_form_code"] == NATURAL_PERSON:
                report.skipped["natural_person"] += 1
                continue
            if codes is not None and values["commune"] not in codes:
                report.skipped["outside_territory"] += 1
                continue
            if wanted and not wanted & set(
                classification.life_functions_for_naf(values["naf_code"])
            ):
                report.skipped["other_life_functions"] += 1
                continue
            row += 1
            if len(preview) < PREVIEW_ROWS:
                preview.append(_preview_row(unit, establishment, values))
            yield ActorRecord(line=row, values=values)


def provenance(territory, options: FetchOptions) -> str:
    """What the actors' provenance says: the service, the territory and the options asked."""
    described = options.describe()
    return f"recherche-entreprises.api.gouv.fr {territory.ref}" + (
        f" ({described})" if described else ""
    )


def fetch_actors(
    *,
    territory,
    options: dict | FetchOptions | None = None,
    dry_run: bool = False,
    by=None,
    progress: Callable[[int, int | None], None] | None = None,
    trigger: str = "command",
) -> ImportReport:
    """Fetch the establishments of `territory` and import them as public actors (the import
    contract); raises ConnectorError when the service fails (nothing written then, the run
    recorded with its error). The report carries `preview`: the first rows read."""
    if not isinstance(options, FetchOptions):
        options = FetchOptions.from_dict(options or {})
    query = {"territory": territory.ref, **options.as_dict()}
    report = ImportReport(source=provenance(territory, options), dry_run=dry_run)
    report.preview = []
    communes = CommuneLookup(territory)
    codes = communes.codes_in_scope()
    filters = {**options.params(), "communes": sorted(codes or [])}
    with recorded_run(KEY, trigger=trigger, query=query, user=by, dry_run=dry_run) as run:
        with ApiClient(KEY) as client:
            reader = _Reader(client, report, progress)
            # Read everything before writing: a failing service writes nothing.
            records = list(
                _records(reader.results(filters), report, codes, options, report.preview)
            )
        report.total = len(records)
        apply_records(records, report=report, source=Source.SIRENE, communes=communes, by=by)
        run.summary = _summary(report)
    return report


def _summary(report: ImportReport) -> dict:
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": dict(report.skipped),
        "errors": len(report.errors),
        "conflicts": len(report.conflicts),
    }


def enrich_actors(
    *,
    territory=None,
    dry_run: bool = False,
    by=None,
    progress: Callable[[int, int | None], None] | None = None,
    trigger: str = "command",
) -> ImportReport:
    """Complete the actors `by` may see that have a SIRET (those of `territory`, if given) with
    what the API says of their establishment: legal form, ESS, NAF, address. A value a person
    entered is kept and listed as a conflict; the name is never changed. Actors with a SIREN and
    no SIRET are skipped (`no_siret`): the API could not say which establishment they are."""
    actors = Actor.objects.visible_to(by).exclude(siren="")
    if territory is not None:
        actors = actors.in_territory(territory)
    actors = list(actors.select_related("commune").order_by("pk"))
    query = {"territory": territory.ref if territory else "", "enrich": True}
    report = ImportReport(source="recherche-entreprises.api.gouv.fr", dry_run=dry_run)
    report.preview = []
    records = []
    with recorded_run(KEY, trigger=trigger, query=query, user=by, dry_run=dry_run) as run:
        with ApiClient(KEY) as client:
            for number, actor in enumerate(actors, start=1):
                if progress:
                    progress(number - 1, len(actors))
                if not actor.siret:
                    report.skipped["no_siret"] += 1
                    continue
                data = client.get_json(PATH, {"q": actor.siren, "per_page": 1, "page": 1})
                unit = next(
                    (u for u in data.get("results") or [] if u.get("siren") == actor.siren), None
                )
                found = unit and next(
                    (e for e in establishments(unit) if e.get("siret") == actor.siret), None
                )
                if not found and unit and (unit.get("siege") or {}).get("siret") == actor.siret:
                    found = unit["siege"]
                if not found:
                    report.skipped["not_found"] += 1
                    continue
                values = record_values(unit, found)
                values["name"] = actor.name  # a fetch never renames an actor
                records.append(ActorRecord(line=number, values=values))
                if len(report.preview) < PREVIEW_ROWS:
                    report.preview.append(_preview_row(unit, found, values))
        report.total = len(records)
        apply_records(
            records, report=report, source=Source.SIRENE, communes=CommuneLookup(None), by=by
        )
        run.summary = _summary(report)
    return report
