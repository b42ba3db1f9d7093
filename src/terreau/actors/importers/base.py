"""What every actor import shares: the report, row validation and writing rows to the directory.

A format module turns its file into `ActorRecord`s (one per row, with its line number) and row
errors; `apply_records` validates, matches and writes them in one transaction.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from terreau.actors import classification
from terreau.actors.models import Actor, ActorChange, Source, life_functions_text
from terreau.actors.validators import normalize_identifier, validate_rna, validate_siret
from terreau.core import lambert93
from terreau.core.bulk import insert_objects, update_objects
from terreau.core.limits import overlong_fields, shortened
from terreau.core.taxonomies import ActorKind, LifeFunction
from terreau.core.text import search_key

CHUNK = 2000
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


@dataclass
class RowError:
    line: int | None
    column: str | None
    value: str | None
    message: str
    # The row's `ActorRecord.key`, to find its line later when the reader could not count lines.
    record_key: tuple[str, int] | None = None
    # (identifier, key) of the row whose identifier this one repeats, while that row's line is
    # unknown: the message names it once `locate_lines` has found it.
    duplicate_of: tuple[str, tuple[str, int]] | None = None

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


class _Rollback(Exception):
    """Raised to roll back an import's transaction, caught by `ImportReport.writing`."""


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    atomic: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    imported: bool = True
    total: int | None = None  # rows to process, when the reader knows it

    def error(self, line, column, value, message, *, record_key=None, duplicate_of=None) -> None:
        value = None if value is None else str(value)
        self.errors.append(RowError(line, column, value, message, record_key, duplicate_of))

    @property
    def writes_kept(self) -> bool:
        """Whether the import's writes stay: not on a dry run, nor on an atomic one with errors."""
        return not (self.dry_run or (self.atomic and self.errors))

    @contextmanager
    def writing(self):
        """One transaction for the import's writes, rolled back at the end unless `writes_kept`;
        an atomic import rolled back for its errors then counts nothing as imported."""
        try:
            with transaction.atomic():
                yield
                if not self.writes_kept:
                    raise _Rollback
        except _Rollback:
            if self.atomic and self.errors and not self.dry_run:
                self.imported = False
                self.created = self.updated = self.unchanged = 0

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "imported": self.imported,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": dict(self.skipped),
            "errors": [e.as_dict() for e in self.errors],
            "conflicts": self.conflicts,
            "notes": self.notes,
        }


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
    commune_ids: dict[str, int],
    allowed_communes: set[int] | None = None,
    by=None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportReport:
    """Validate and write `records`. One transaction: with `report.atomic` nothing is written if
    any row fails; with `report.dry_run` nothing is written at all."""
    seen: dict[tuple[str, str], tuple] = {}  # (identifier, value) → (line, key) of its first row
    with report.writing():
        batch = []
        for processed, record in enumerate(records, start=1):
            if progress and processed % CHUNK == 0:
                progress(processed, report.total)
            actor_values = _clean(record, report, commune_ids, seen)
            if actor_values is None or _overlong(record, actor_values, report):
                continue
            if allowed_communes is not None and actor_values["commune_id"] not in (
                allowed_communes
            ):
                report.skipped["outside_territory"] += 1
                continue
            batch.append((record, actor_values))
            if len(batch) >= CHUNK:
                _write(batch, report, source, by)
                batch = []
        _write(batch, report, source, by)
    return report


def duplicate_message(identifier: str, line: int | None) -> str:
    return _("%(id)s en double dans le fichier (déjà ligne %(line)s)") % {
        "id": identifier.upper(),
        "line": line,
    }


def _clean(record: ActorRecord, report, commune_ids, seen) -> dict | None:
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
    values["commune_id"] = commune_ids.get(commune_code) if commune_code else None
    if commune_code and values["commune_id"] is None:
        fail("commune", _("code commune inconnu"))

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
            fail("kind", _("type d'acteur inconnu"))
    else:
        values["kind"] = classification.actor_kind_for(
            legal_form_code=legal_form_code or None, ess=values["is_ess"]
        )

    life_functions = raw.get("life_functions", "")
    if life_functions:
        chosen = life_function_keys(life_functions)
        if chosen is None:
            fail("life_functions", _("fonction de vie inconnue"))
    else:
        chosen = classification.life_functions_for_naf(values["naf_code"])
    values["life_functions"] = life_functions_text(chosen or [])

    for text_field in ("address", "postal_code", "description", "website", "email", "phone"):
        values[text_field] = raw.get(text_field, "")
    if "x_lambert93" in raw:
        values["latitude"], values["longitude"] = _position(
            raw["x_lambert93"], raw.get("y_lambert93", ""), commune_code
        )
    if len(report.errors) > errors_before:
        return None
    return values


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


def _write(batch, report: ImportReport, source: Source, by) -> None:
    if not batch:
        return
    existing = _existing(batch)
    now = timezone.now()
    to_create, to_update, changes = [], [], []
    for record, values in batch:
        actor = _match(existing, values)
        if actor is None:
            to_create.append(
                Actor(
                    **values,
                    search_name=search_key(values["name"]),
                    source=source,
                    source_name=report.source,
                    source_date=now,
                )
            )
            continue
        protected = set(actor.edited_fields)
        if actor.life_functions_set_by_hand:
            protected.add("life_functions")
        diff = {}
        for name, value in values.items():
            current = getattr(actor, name)
            if current == value or (name in ("siret", "rna", "external_id") and not value):
                continue
            if name in protected:
                report.conflicts.append(
                    {
                        "line": record.line,
                        "actor": actor.pk,
                        "field": name,
                        "kept": current,
                        "incoming": value,
                    }
                )
                continue
            diff[name] = [current, value]
        if not diff:
            report.unchanged += 1
            continue
        for name, (_old, new) in diff.items():
            setattr(actor, name, new)
        actor.search_name = search_key(actor.name)
        actor.source_name, actor.source_date = report.source, now
        to_update.append(actor)
        changes.append(ActorChange(actor=actor, by=by, source=report.source, changes=diff))
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


def _existing(batch) -> dict[tuple[str, str], Actor]:
    found = {}
    for key in ("siret", "rna", "external_id"):
        wanted = {values[key] for _record, values in batch if values[key]}
        if wanted:
            # exclude(key=""): the condition of the partial unique indexes on siret and rna, which
            # SQLite and PostgreSQL only use when the query states it; no ordering needed.
            queryset = Actor.objects.filter(**{f"{key}__in": wanted}).exclude(**{key: ""})
            queryset = queryset.order_by()
            if key == "external_id":
                queryset = queryset.filter(source=Source.SPREADSHEET)
            found.update({(key, getattr(actor, key)): actor for actor in queryset})
    return found


def _match(existing, values) -> Actor | None:
    for key in ("siret", "rna", "external_id"):
        if values[key] and (key, values[key]) in existing:
            return existing[(key, values[key])]
    return None


def _names(member) -> set[str]:
    """A taxonomy member's key and its French and English labels, folded."""
    names = {search_key(member.value)}
    for language in ("fr", "en"):
        with translation.override(language):
            names.add(search_key(str(member.label)))
    return names


def taxonomy_choice(choices, text: str):
    """A taxonomy key from its key or its French or English label, ignoring accents and case."""
    wanted = search_key(text)
    return next((member.value for member in choices if wanted in _names(member)), None)


def life_function_keys(text: str) -> list[str] | None:
    """Life functions named in a cell, by key or label, separated by anything; labels may contain
    commas ("Se nourrir, s'alimenter"), so known names are taken out longest first."""
    rest, found = f" {search_key(text)} ", []
    names = sorted(
        ((name, member.value) for member in LifeFunction for name in _names(member)),
        key=lambda pair: -len(pair[0]),
    )
    for name, key in names:
        if f" {name} " in rest:
            rest = rest.replace(f" {name} ", " ")
            found.append(key)
    return None if rest.strip() else found


def _yes(text: str) -> bool:
    return search_key(text) in {"oui", "o", "yes", "y", "true", "vrai", "1", "x"}
