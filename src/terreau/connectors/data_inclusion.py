"""The data·inclusion connector (issue 19): the structures of social and professional inclusion
of a territory, from the API of data·inclusion (https://api.data.inclusion.gouv.fr/api/v0/docs),
imported as public actors through the actor import machinery (`actors.importers.base`).

- What is asked: `GET /structures` filtered by `code_commune`, `code_departement` or
  `code_region` (a territory of another level is asked département by département and the
  structures outside it are skipped), with `exclure_doublons` (a structure several sources
  describe comes once), page by page (`page`, `size`; the answer gives `items`, `total`, `pages`).
- How a structure becomes an actor: docs/data-formats.md ("data·inclusion"). It is matched on its
  SIRET, else on its data·inclusion id (`<source>/<id>`, kept as the actor's `external_id`); a
  value a person entered is kept and listed as a conflict; life functions come from its
  thématiques and its kind from its typologie (data/data_inclusion_*.csv).
- Services (`/services`) are not imported: see docs/data-formats.md for why.
"""

import csv
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from terreau.actors.importers.base import ActorRecord, apply_records
from terreau.actors.models import Source as ActorSource
from terreau.connectors.client import ApiClient, ConnectorError
from terreau.connectors.runs import recorded_run
from terreau.connectors.sources import source
from terreau.core.imports import ImportReport
from terreau.territories.models import Commune, Level
from terreau.territories.queries import CommuneLookup

KEY = "data-inclusion"
PAGE_SIZE = 1000  # the API allows up to 10 000 a page; 1 000 keeps each answer small
DATA_DIR = Path(__file__).resolve().parent / "data"
THEMATIQUES_PATH = DATA_DIR / "data_inclusion_thematiques.csv"
TYPOLOGIES_PATH = DATA_DIR / "data_inclusion_typologies.csv"
# The filter of the API for each level of territory it knows.
FILTERS = {
    Level.COMMUNE: "code_commune",
    Level.DEPARTEMENT: "code_departement",
    Level.REGION: "code_region",
}
# data·inclusion field → actor field (the others are composed in `record`).
FIELDS = {
    "siret": "siret",
    "rna": "rna",
    "nom": "name",
    "code_insee": "commune",
    "commune": "commune_name",
    "code_postal": "postal_code",
    "telephone": "phone",
    "courriel": "email",
    "site_web": "website",
}


@cache
def thematique_life_functions() -> dict[str, tuple[str, ...]]:
    """Life functions of each thématique of data·inclusion; a sub-thématique
    (`parent--child`) not listed takes its parent's."""
    with THEMATIQUES_PATH.open(encoding="utf-8", newline="") as file:
        return {
            row["thematique"]: tuple(row["life_functions"].split()) for row in csv.DictReader(file)
        }


@cache
def typologie_kinds() -> dict[str, str]:
    """The actor kind of each typologie of structure data·inclusion lists (the others: none)."""
    with TYPOLOGIES_PATH.open(encoding="utf-8", newline="") as file:
        return {row["typologie"]: row["kind"] for row in csv.DictReader(file)}


def life_functions_for(thematiques) -> list[str]:
    table = thematique_life_functions()
    found: list[str] = []
    for thematique in thematiques or []:
        functions = table.get(thematique)
        if functions is None:
            functions = table.get(thematique.split("--")[0], ())
        found.extend(f for f in functions if f not in found)
    return sorted(found)


def record(structure: dict, rank: int) -> ActorRecord:
    """The actor record of one structure of the API (`rank`: its place in the answers)."""

    def text(name: str) -> str:
        value = structure.get(name)
        return "" if value is None else str(value).strip()

    values = {field: text(name) for name, field in FIELDS.items()}
    values["external_id"] = f"{text('source')}/{text('id')}"
    values["address"] = ", ".join(p for p in (text("adresse"), text("complement_adresse")) if p)
    values["description"] = text("presentation_resume") or text("presentation_detail")
    values["life_functions"] = " ".join(life_functions_for(structure.get("thematiques")))
    kind = typologie_kinds().get(text("typologie"), "")
    if kind:
        values["kind"] = kind
    if text("typologie") == "ESS" or kind == "ess_company":
        values["is_ess"] = "oui"
    columns = {field: name for name, field in FIELDS.items()}
    columns.update(external_id="id", address="adresse", description="presentation_resume")
    columns.update(life_functions="thematiques", kind="typologie", is_ess="typologie")
    return ActorRecord(rank, {k: v for k, v in values.items() if v}, columns)


def queries(territory) -> list[dict]:
    """The filters to ask for a territory: its own code at a level the API knows, else the
    départements its communes lie in."""
    name = FILTERS.get(territory.level)
    if name:
        return [{name: territory.code}]
    codes = (
        Commune.objects.filter(pk__in=territory.communes().values("pk"))
        .values_list("departement__code", flat=True)
        .distinct()
        .order_by("departement__code")
    )
    return [{"code_departement": code} for code in codes]


def structures(client: ApiClient, query: dict) -> Iterator[dict]:
    """Every structure the API gives for `query`, page after page."""
    page, pages = 1, 1
    while page <= pages:
        answer = client.get_json(
            "/structures", {**query, "exclure_doublons": "true", "page": page, "size": PAGE_SIZE}
        )
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            raise ConnectorError(
                _("%(service)s a répondu sans la liste « items » attendue (page %(page)s).")
                % {"service": client.source.label, "page": page}
            )
        pages = answer["pages"] if isinstance(answer.get("pages"), int) else 1
        yield from answer["items"]
        page += 1


def fetch_data_inclusion(
    territory,
    *,
    user=None,
    dry_run: bool = False,
    trigger: str = "command",
    progress: Callable[[int, int | None], None] | None = None,
    transport=None,
) -> ImportReport:
    """Import the structures of data·inclusion in `territory` as public actors, as `user` (None:
    the operator), and record the run. Raises `ConnectorError` (recorded, in French) when the
    service cannot give them: nothing is then written."""
    conf = source(KEY)
    wanted = queries(territory)
    query = {"territory": territory.ref, "filters": wanted}
    with recorded_run(KEY, trigger=trigger, query=query, user=user, dry_run=dry_run) as run:
        if not conf.configured:
            raise ConnectorError(
                _(
                    "%(service)s demande un jeton d'accès : demandez-le sur %(doc)s et réglez "
                    "TERREAU_DATA_INCLUSION_TOKEN."
                )
                % {"service": conf.label, "doc": conf.documentation}
            )
        filters = " ; ".join(" ".join(f"{k}={v}" for k, v in q.items()) for q in wanted)
        report = ImportReport(source=f"data·inclusion /structures {filters}"[:300], dry_run=dry_run)
        # Every page is read before anything is written: a service failing half-way leaves
        # the directory as it was.
        items: list[tuple[int, dict]] = []
        with ApiClient(KEY, transport=transport) as client:
            for one in wanted:
                for structure in structures(client, one):
                    items.append((len(items) + 1, structure))
        report.total = len(items)
        if progress:
            progress(0, report.total)
        located = {rank: structure for rank, structure in items if isinstance(structure, dict)}
        for rank, structure in items:
            if not isinstance(structure, dict):
                report.error(rank, None, str(structure)[:100], _("structure illisible"))
        apply_records(
            (record(structure, rank) for rank, structure in located.items()),
            report=report,
            source=ActorSource.DATA_INCLUSION,
            communes=CommuneLookup(territory),
            by=user,
            progress=progress,
            is_public=True,
        )
        _locate(report, located)
        run.summary = summary(report)
    return report


def _locate(report: ImportReport, structures_by_rank: dict[int, dict]) -> None:
    """Name the structure of each refused row (its name and data·inclusion id), the rank in the
    answers meaning nothing to a person."""
    for error in report.errors:
        structure = structures_by_rank.get(error.line)
        if structure:
            where = f"{structure.get('nom') or '?'} ({record(structure, 0).values['external_id']})"
            error.message = f"{where} : {error.message}"


def summary(report: ImportReport) -> dict:
    """The counts a run records (`ConnectorRun.summary`)."""
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": sum(report.skipped.values()),
        "errors": len(report.errors),
        "conflicts": len(report.conflicts),
    }


def fetch_actors(
    *, territory, options=None, dry_run=False, by=None, progress=None, trigger="command"
):
    """The entry of `connectors.fetch.FETCHERS`: the options of the Recherche d'entreprises
    (ESS only, associations…) do not apply to data·inclusion, whose structures are all of the
    inclusion field."""
    del options
    return fetch_data_inclusion(
        territory, user=by, dry_run=dry_run, trigger=trigger, progress=progress
    )
