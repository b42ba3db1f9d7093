"""What every actor import shares: the report, row validation and writing rows to the directory.

A format module turns its file into `ActorRecord`s (one per row, with its line number) and row
errors; `apply_records` validates, matches and writes them in batches (`ImportReport.writing`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.actors import classification
from terreau.actors.models import (
    PERSON_SOURCES,
    Actor,
    ActorChange,
    Source,
    life_functions_text,
)
from terreau.actors.validators import (
    normalize_identifier,
    normalize_website,
    validate_rna,
    validate_siret,
)
from terreau.core import lambert93
from terreau.core.bulk import insert_objects, update_objects
from terreau.core.imports import (
    ImportReport,
    taxonomy_choice,
)
from terreau.core.limits import overlong_fields, shortened
from terreau.core.taxonomies import (
    ActorKind,
    HeadcountBand,
    LifeFunction,
    accepted_values,
    taxonomy_members,
)
from terreau.core.text import search_key
from terreau.territories.models import Commune
from terreau.territories.queries import CommuneLookup, CommuneNotFound, normalize_postal_code

# Rows written per batch: one short transaction each when the import keeps its valid rows.
CHUNK = 500
# Fields an import may write; the identifiers used for matching come first.
IMPORTED_FIELDS = [
    "siret",
    "siren",
    "rna",
    "external_id",
    "name",
    "kind",
    "legal_form_code",
    "legal_form_family",
    "is_ess",
    "naf_code",
    "headcount_band",
    "is_siae",
    "is_mission_company",
    "address",
    "postal_code",
    "commune_id",
    "life_functions",
    "description",
    "website",
    "email",
    "phone",
]
# Written only by readers that give Lambert-93 coordinates (`x_lambert93`, `y_lambert93`): the
# other formats leave an actor's position as it is.
POSITION_FIELDS = ["latitude", "longitude"]
# Commune codes of overseas départements and collectivities, whose coordinates are not Lambert-93.
OVERSEAS_PREFIXES = ("97", "98")
# Values of a record that fill a differently named field (the position is handled apart).
RECORD_FIELDS = {"commune": ["commune_id"], "x_lambert93": [], "y_lambert93": []}
# Defaults derived from another field: they count as given when that field is, and are non-empty.
DERIVED_FROM = {
    "kind": "legal_form_code",
    "is_ess": "legal_form_code",
    "life_functions": "naf_code",
}
# Never erased by an empty cell: the identifiers rows are matched on, and the required fields.
NEVER_EMPTIED = {"siret", "siren", "rna", "external_id", "name", "kind"}


@dataclass
class ActorRecord:
    """One row of a file, as raw text values keyed by actor field, before validation."""

    line: int | None
    values: dict[str, str]
    columns: dict[str, str] = field(default_factory=dict)  # field → column name in the file
    # Without a line number (SIRENE, read by DuckDB): the SIRET and which of the file's lines with
    # that SIRET the row is (1 for the first), from which `locate_lines` finds the line.
    key: tuple[str, int] | None = None


def apply_records(
    records: Iterable[ActorRecord],
    *,
    report: ImportReport,
    source: Source,
    communes: CommuneLookup,
    by=None,
    progress: Callable[[int, int | None], None] | None = None,
    is_public: bool = True,
    clear_empty: bool = False,
) -> ImportReport:
    """Validate and write `records`, a batch of CHUNK rows at a time, each batch committed on its
    own (`ImportReport.writing`); with `report.atomic`, one transaction where nothing is written
    if any row fails; with `report.dry_run` nothing is written at all. Rows outside the territory
    of `communes` (if it has one) are skipped. Created actors are made by
    `by`, public or private to `by` as `is_public` says.

    A record creates an actor with every value it gives, and defaults for the others. It updates
    an existing actor only in the fields it gives (see `_given`), or whose cell it leaves empty
    when `clear_empty`, and never a value a person entered in Terreau (`Actor.person_fields`):
    that one is kept and the difference listed in `report.conflicts`."""
    seen: dict[tuple[str, str], tuple] = {}  # (identifier, value) → (line, key) of its first row
    with report.writing(batched=True):
        batch = []
        processed = 0
        for processed, record in enumerate(records, start=1):
            actor_values = _clean(record, report, communes, seen)
            if actor_values is None or _overlong(record, actor_values, report):
                continue
            if communes.scope is not None and actor_values["commune_id"] not in communes.scope:
                report.skipped["outside_territory"] += 1
                continue
            batch.append((record, actor_values))
            if len(batch) >= CHUNK:
                with report.batch():
                    _write(batch, report, source, by, is_public, clear_empty)
                batch = []
                if progress:
                    progress(processed, report.total)
        with report.batch():
            _write(batch, report, source, by, is_public, clear_empty)
    _conflicts_as_in_files(report.conflicts)
    return report


def duplicate_message(identifier: str, line: int | None) -> str:
    return _("%(id)s en double dans le fichier (déjà ligne %(line)s)") % {
        "id": identifier.upper(),
        "line": line,
    }


def _clean(record: ActorRecord, report, communes: CommuneLookup, seen) -> dict | None:
    """Typed, validated values of one record, or None after reporting its errors."""
    raw = {k: (v or "").strip() for k, v in record.values.items()}
    errors_before = len(report.errors)

    def fail(field_name: str, message: str, duplicate_of=None) -> None:
        report.error(
            record.line,
            record.columns.get(field_name, field_name),
            raw.get(field_name),
            message,
            record_key=record.key,
            duplicate_of=duplicate_of,
        )

    values: dict = {name: "" for name in IMPORTED_FIELDS}
    values["name"] = raw.get("name", "")
    if not values["name"]:
        fail("name", _("nom manquant"))
    for identifier, validator in (("siret", validate_siret), ("rna", validate_rna)):
        value = normalize_identifier(raw.get(identifier, ""))
        if value:
            try:
                validator(value)
            except ValidationError as error:
                fail(identifier, error.messages[0])
                continue
            if (identifier, value) in seen:
                line, key = seen[(identifier, value)]
                later = (identifier, key) if line is None and key else None
                fail(identifier, duplicate_message(identifier, line), duplicate_of=later)
                continue
            seen[(identifier, value)] = (record.line, record.key)
            values[identifier] = value
    values["siren"] = values["siret"][:9] or normalize_identifier(raw.get("siren", ""))[:9]
    values["external_id"] = raw.get("external_id", "")[:100]

    commune_code = raw.get("commune", "").upper()
    try:
        values["commune_id"] = communes.find(
            raw.get("commune", ""),
            name=raw.get("commune_name", ""),
            postal_code=raw.get("postal_code", ""),
        )
    except CommuneNotFound as error:
        fail(error.field, str(error))

    band = raw.get("headcount_band", "").strip().upper()
    values["headcount_band"] = band
    if band and band not in HeadcountBand.values:
        fail(
            "headcount_band",
            _("tranche d'effectif inconnue ; valeurs acceptées : %(values)s")
            % {"values": ", ".join(HeadcountBand.values)},
        )
    # Qualities the registers state: yes, no, or not known (an empty cell, None).
    for quality in ("is_siae", "is_mission_company"):
        text = raw.get(quality, "").strip()
        values[quality] = _yes(text) if text else None

    naf = raw.get("naf_code", "")
    values["naf_code"] = classification.normalize_naf(naf) or "" if naf else ""
    if naf and not values["naf_code"]:
        fail("naf_code", _("code NAF inconnu"))

    legal_form_code = raw.get("legal_form_code", "")
    if legal_form_code and classification.legal_form(legal_form_code) is None:
        fail("legal_form_code", _("catégorie juridique inconnue"))
    values["legal_form_code"] = legal_form_code
    values["legal_form_family"] = classification.ess_family_for(legal_form_code or None)
    values["is_ess"] = _yes(raw.get("is_ess", "")) or values["legal_form_family"] != ""

    kind = raw.get("kind", "")
    if kind:
        values["kind"] = taxonomy_choice(ActorKind, kind)
        if values["kind"] is None:
            fail(
                "kind",
                _("type d'acteur inconnu ; valeurs acceptées : %(values)s")
                % {"values": accepted_values(ActorKind)},
            )
    else:
        values["kind"] = classification.actor_kind_for(
            legal_form_code=legal_form_code or None, ess=values["is_ess"]
        )

    life_functions = raw.get("life_functions", "")
    if life_functions:
        members, unknown = taxonomy_members(LifeFunction, life_functions)
        if unknown:
            fail("life_functions", unknown_life_function(unknown))
        chosen = [member.value for member in members]
    else:
        chosen = classification.life_functions_for_naf(values["naf_code"])
    values["life_functions"] = life_functions_text(chosen)

    for text_field in ("address", "postal_code", "description", "website", "email", "phone"):
        values[text_field] = raw.get(text_field, "")
    if raw.get("postal_code"):
        values["postal_code"] = normalize_postal_code(raw["postal_code"])
    if raw.get("website"):
        try:
            values["website"] = normalize_website(raw["website"])
        except ValidationError as error:
            fail("website", error.messages[0])
    if "x_lambert93" in raw:
        values["latitude"], values["longitude"] = _position(
            raw["x_lambert93"], raw.get("y_lambert93", ""), commune_code
        )
    if len(report.errors) > errors_before:
        return None
    return values


def _given(record: ActorRecord, values: dict) -> dict[str, bool]:
    """What a record says of each field: True when it gives a value (the file's, or a default
    derived from one: the kind from the legal form, life functions from the NAF code), False when
    its column is there but the cell empty. A field it says nothing of (column absent, or a mere
    default such as the kind of a file without kind or legal form) is left as it is."""
    given = {}
    for column, text in record.values.items():
        for name in RECORD_FIELDS.get(column, [column]):
            if name in values:
                given[name] = bool((text or "").strip())
    for name, source in DERIVED_FROM.items():
        if not given.get(name) and given.get(source) and values[name]:
            given[name] = True
    if given.get("siret"):
        given["siren"] = True
    if "x_lambert93" in record.values:
        for name in POSITION_FIELDS:
            given[name] = values[name] is not None
    return {n: v for n, v in given.items() if v or n not in NEVER_EMPTIED}


def _overlong(record: ActorRecord, values: dict, report: ImportReport) -> bool:
    """Report the values longer than their column, which PostgreSQL would refuse with the whole
    batch (and SQLite store whole)."""
    found = overlong_fields(Actor, values)
    for name, limit in found.items():
        report.error(
            record.line,
            record.columns.get(name, name),
            shortened(values[name]),
            _("trop long : %(max)s caractères au plus") % {"max": limit},
            record_key=record.key,
        )
    return bool(found)


def _position(x: str, y: str, commune_code: str) -> tuple[float | None, float | None]:
    """Latitude and longitude (to 0.1 m) of Lambert-93 coordinates; none when they are missing,
    not numbers or outside metropolitan France, or for an establishment abroad or overseas, whose
    coordinates are in another projection: the actor is then drawn at its commune's point."""
    if not (x and y and commune_code) or commune_code.startswith(OVERSEAS_PREFIXES):
        return None, None
    try:
        x_m, y_m = float(x), float(y)
    except ValueError:
        return None, None
    if not lambert93.in_extent(x_m, y_m):
        return None, None
    latitude, longitude = lambert93.to_latitude_longitude(x_m, y_m)
    return round(latitude, 6), round(longitude, 6)


def _write(
    batch, report: ImportReport, source: Source, by, is_public: bool, clear_empty: bool
) -> None:
    if not batch:
        return
    existing, hidden = _existing(batch, by, source)
    now = timezone.now()
    to_create, to_update, changes = [], [], []
    for record, values in batch:
        actor, refused = _match(existing, hidden, values)
        if refused:
            identifier, message = refused
            report.error(
                record.line,
                record.columns.get(identifier, identifier),
                values[identifier],
                message,
                record_key=record.key,
            )
            continue
        if actor is None:
            to_create.append(
                Actor(
                    **values,
                    search_name=search_key(values["name"]),
                    source=source,
                    source_name=report.source,
                    source_date=now,
                    is_public=is_public,
                    created_by=by,
                )
            )
            continue
        protected = actor.person_fields()
        diff = {}
        for name, has_value in _given(record, values).items():
            value, current = values[name], getattr(actor, name)
            if current == value or not (has_value or clear_empty):
                continue
            if name in protected:
                report.conflicts.append(
                    {
                        "line": record.line,
                        "actor": actor.pk,
                        "field": _field_name(name),
                        "kept": current,
                        "incoming": value,
                    }
                )
                continue
            diff[name] = [current, value]
        if "legal_form_code" in diff:
            family = classification.ess_family_for(diff["legal_form_code"][1] or None)
            if family != actor.legal_form_family:
                diff["legal_form_family"] = [actor.legal_form_family, family]
        if not diff:
            report.unchanged += 1
            continue
        for name, (_old, new) in diff.items():
            setattr(actor, name, new)
        actor.search_name = search_key(actor.name)
        # A person's actor keeps its provenance (the import is in its history); a file's tells
        # which file brought its values last.
        if actor.source not in PERSON_SOURCES:
            actor.source_name, actor.source_date = report.source, now
        to_update.append(actor)
        changes.append(
            ActorChange(
                actor=actor,
                by=by,
                source=report.source,
                changes={_field_name(name): pair for name, pair in diff.items()},
            )
        )
    insert_objects(Actor, to_create)
    if to_update:
        update_objects(
            Actor,
            to_update,
            [*IMPORTED_FIELDS, *POSITION_FIELDS, "search_name", "source_name", "source_date"],
        )
        ActorChange.objects.bulk_create(changes)
    report.created += len(to_create)
    report.updated += len(to_update)


def _field_name(name: str) -> str:
    """The model field a value is written to ("commune" for "commune_id"), as the history and
    the conflicts name it."""
    return Actor._meta.get_field(name).name


def _conflicts_as_in_files(conflicts: list[dict]) -> None:
    """Communes as their INSEE codes and life functions as their keys, as files give them."""
    ids = {c[k] for c in conflicts if c["field"] == "commune" for k in ("kept", "incoming")}
    codes = dict(Commune.objects.filter(pk__in=ids - {None}).values_list("pk", "code"))
    for conflict in conflicts:
        for key in ("kept", "incoming"):
            if conflict["field"] == "commune":
                conflict[key] = codes.get(conflict[key], "")
            elif conflict["field"] == "life_functions":
                conflict[key] = conflict[key].strip()


def _existing(batch, by, source: Source) -> tuple[dict[tuple[str, str], Actor], set[int]]:
    """The actors the batch's identifiers name, and the ids of those `by` may not see. SIRET and
    RNA numbers are looked up among all actors: they are unique, so a row naming the number of an
    actor `by` may not see can be neither matched nor created, and `_match` refuses it. File ids
    are looked up only among the actors `by` may see and the same source brought (a spreadsheet's
    row id, a register's own id): another person's row is another actor."""
    found = {}
    for key in ("siret", "rna", "external_id"):
        wanted = {values[key] for _record, values in batch if values[key]}
        if wanted:
            # exclude(key=""): the condition of the partial unique indexes on siret and rna, which
            # SQLite and PostgreSQL only use when the query states it; no ordering needed.
            queryset = Actor.objects.filter(**{f"{key}__in": wanted}).exclude(**{key: ""})
            queryset = queryset.order_by()
            if key == "external_id":
                queryset = queryset.visible_to(by).filter(source=source)
            found.update({(key, getattr(actor, key)): actor for actor in queryset})
    hidden = Actor.objects.filter(pk__in={actor.pk for actor in found.values()}).hidden_from(by)
    return found, set(hidden.values_list("pk", flat=True))


def _match(existing, hidden: set[int], values) -> tuple[Actor | None, tuple[str, str] | None]:
    """The actor a row stands for (None: a new one), or why the row cannot be written: (its
    identifier field, the message). A number held by an actor the importing person may not see
    is refused without saying anything of that actor; so is a row whose SIRET and RNA number
    name two different actors (one of them would have to take the other's number)."""
    owners = {
        key: existing[(key, values[key])]
        for key in ("siret", "rna")
        if values[key] and (key, values[key]) in existing
    }
    for key, actor in owners.items():
        if actor.pk in hidden:
            message = _("numéro d'un acteur privé que vous ne pouvez pas voir : ligne non importée")
            return None, (key, message)
    if len({actor.pk for actor in owners.values()}) > 1:
        message = _("numéro RNA d'un autre acteur (« %(other)s ») que le SIRET (« %(name)s »)")
        return None, ("rna", message % {"other": owners["rna"].name, "name": owners["siret"].name})
    for key in ("siret", "rna", "external_id"):
        if values[key] and (key, values[key]) in existing:
            return existing[(key, values[key])], None
    return None, None


def unknown_life_function(words: str) -> str:
    """The message for a life-functions cell with words that name no life function."""
    return _("fonction de vie inconnue : « %(words)s » ; valeurs acceptées : %(values)s") % {
        "words": words,
        "values": accepted_values(LifeFunction),
    }


def _yes(text: str) -> bool:
    return search_key(text) in {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
