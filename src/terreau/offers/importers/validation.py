"""One validation for every format (`_clean`): says what is wrong where (record or line, field,
value) in the words of the file."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from terreau.actors.models import Actor
from terreau.actors.validators import RNA_PATTERN, normalize_identifier
from terreau.core.imports import ImportReport
from terreau.core.taxonomies import (
    CooperationLegalForm,
    accepted_values,
    taxonomy_member,
    taxonomy_members,
)
from terreau.core.text import search_key
from terreau.offers.importers.records import (
    FALSE_WORDS,
    FILE_FIELDS,
    MAX_DIGITS,
    SIRET_PATTERN,
    TRUE_WORDS,
    CleanOffer,
    OfferRecord,
)
from terreau.offers.models import Offer, OfferPerimeter
from terreau.offers.taxonomies import (
    TYPES_OF_KIND,
    OfferKind,
    OfferStatus,
    Recurrence,
    type_taxonomies,
    types_text,
)
from terreau.territories import refs


class _Problems:
    def __init__(self, record: OfferRecord, report: ImportReport):
        self.record, self.report, self.count = record, report, 0

    def __call__(self, name: str, value, message: str) -> None:
        column = self.record.columns.get(name, name)
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        self.report.error(self.record.location, column, value, message)
        self.count += 1


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _boolean(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    word = search_key(str(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("oui/non attendu (vide si inconnu)"))


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("nombre attendu"))
    text = re.sub(r"[\s\u202f\xa0€%]", "", str(value)).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(_("nombre attendu (par exemple 30000 ou 12,5)")) from error
    if not number.is_finite():
        raise ValueError(_("nombre attendu (par exemple 30000 ou 12,5)"))
    if number.adjusted() >= MAX_DIGITS:
        # "1e999999999" is a valid Decimal, and turning it into an integer would take forever.
        raise ValueError(
            _("nombre trop grand (%(digits)s chiffres au plus)") % {"digits": MAX_DIGITS}
        )
    return number


def _date(value):
    if value is None or value == "":
        return None
    text = str(value).strip()[:10]
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(_("date attendue (AAAA-MM-JJ ou JJ/MM/AAAA)"))


def _as_list(value):
    if value is None or value == "":
        return None
    if isinstance(value, list):
        return value
    return [value]


class Context:
    """What validation looks up once per import: territory references and directory actors."""

    def __init__(self, by=None):
        self._refs: dict[str, OfferPerimeter | str] = {}
        self._actors: dict[str, int | None] = {}
        self._visible_actors = Actor.objects.visible_to(by)

    def perimeter(self, ref: str) -> OfferPerimeter:
        if ref not in self._refs:
            try:
                from terreau.offers.services import perimeter_rows

                self._refs[ref] = perimeter_rows([ref])[0]
            except refs.TerritoryRefError as error:
                self._refs[ref] = str(error)
        found = self._refs[ref]
        if isinstance(found, str):
            raise ValueError(found)
        return OfferPerimeter(level=found.level, code=found.code, name=found.name)

    def actor(self, text: str) -> int | None:
        """The directory actor a provider or funder names: by SIRET or RNA number, among the
        actors the importing person may see (as in the offer form; the error does not tell a
        number nobody holds from one held by an actor they may not see), else the one public
        actor with that name; None keeps the name as text. A name is only a guess: linked to a
        private actor, the provider's name would vanish for the offer's other readers."""
        if text not in self._actors:
            normal = normalize_identifier(text)
            if SIRET_PATTERN.fullmatch(normal) or RNA_PATTERN.match(normal):
                actor = self._visible_actors.filter(
                    **{"siret" if normal.isdigit() else "rna": normal}
                )
                ids = list(actor.values_list("pk", flat=True)[:1])
                if not ids:
                    raise ValueError(
                        _("aucun acteur de l'annuaire que vous pouvez voir n'a ce numéro")
                    )
                self._actors[text] = ids[0]
            else:
                ids = list(
                    Actor.objects.filter(is_public=True, search_name=search_key(text)).values_list(
                        "pk", flat=True
                    )[:2]
                )
                self._actors[text] = ids[0] if len(ids) == 1 else None
        return self._actors[text]


def _clean(record: OfferRecord, report: ImportReport, context: Context) -> CleanOffer | None:
    raw = record.values
    problem = _Problems(record, report)
    if "__not_object__" in raw:
        problem("", raw["__not_object__"], _("une offre doit être un objet JSON"))
        return None
    for at_field, value, message in raw.get("__errors__", []):
        report.error(record.location, at_field, value, message)
        problem.count += 1
    known = set(FILE_FIELDS) | {"__errors__"}
    for name in raw:
        if name not in known:
            problem(name, raw[name], _("champ inconnu"))

    values: dict = {}
    name = _text(raw.get("name"))
    if not name:
        problem("name", raw.get("name"), _("nom manquant"))
    elif len(name) > 300:
        problem("name", name[:40] + "…", _("nom trop long (300 caractères au plus)"))
    values["name"] = name
    source_id = _text(raw.get("id")) or name
    if len(source_id) > 200:
        problem("id", source_id[:40] + "…", _("identifiant trop long (200 caractères au plus)"))

    types_raw = _as_list(raw.get("types")) or []
    kind = None
    if _text(raw.get("kind")):
        kind = taxonomy_member(OfferKind, _text(raw.get("kind")))
        if kind is None:
            problem(
                "kind",
                raw.get("kind"),
                _("valeurs acceptées : %(values)s") % {"values": accepted_values(OfferKind)},
            )
    elif types_raw:
        # Without a kind, the types say it when they all belong to one taxonomy.
        for candidate, taxonomy in TYPES_OF_KIND.items():
            if all(not taxonomy_members(taxonomy, str(t))[1] for t in types_raw):
                kind = candidate
                break
    if kind is None and not _text(raw.get("kind")):
        problem("kind", raw.get("kind"), _("nature manquante : support ou financing"))
    values["kind"] = kind
    types = []
    # An offer that supports and finances takes the types of both kinds (its flag is checked
    # with the other fields below).
    try:
        both_kinds = bool(_boolean(raw.get("both_kinds")))
    except ValueError:
        both_kinds = False
    if kind:
        taxonomy = TYPES_OF_KIND[kind]
        for value in types_raw:
            members, unknown = taxonomy_members(taxonomy, str(value))
            for other in type_taxonomies(kind, both_kinds)[1:]:
                if unknown:  # the words the main kind's types left, read as the other kind's
                    found, unknown = taxonomy_members(other, unknown)
                    members = [*members, *found]
            if unknown:
                problem(
                    "types",
                    value,
                    _(
                        "type inconnu pour cette nature d'offre : « %(words)s » ; valeurs "
                        "acceptées : %(values)s"
                    )
                    % {"words": unknown, "values": accepted_values(taxonomy)},
                )
            types.extend(member.value for member in members if member.value not in types)
    values["types"] = types_text(kind, both_kinds, types) if kind else ""

    for set_name, taxonomy in Offer.KEY_SETS.items():
        items = _as_list(raw.get(set_name))
        if items is None:
            values[set_name] = None
            continue
        keys = []
        for value in items:
            members, unknown = taxonomy_members(taxonomy, str(value))
            if unknown:
                problem(
                    set_name,
                    value,
                    _("valeur inconnue : « %(words)s » ; valeurs acceptées : %(values)s")
                    % {"words": unknown, "values": accepted_values(taxonomy)},
                )
            keys.extend(member.value for member in members if member.value not in keys)
        ordered = [m.value for m in taxonomy if m.value in keys]
        values[set_name] = f" {' '.join(ordered)} " if ordered else None

    for flag in ("legal_entity_required", "funds_animation", "is_call_for_projects"):
        try:
            values[flag] = _boolean(raw.get(flag))
        except ValueError as error:
            problem(flag, raw.get(flag), str(error))
    for amount in ("amount_min", "amount_max", "rate_min", "rate_max"):
        try:
            values[amount] = _decimal(raw.get(amount))
        except ValueError as error:
            problem(amount, raw.get(amount), str(error))
    try:
        duration = _decimal(raw.get("duration_months"))
        if duration is not None and (duration != duration.to_integral() or duration < 0):
            raise ValueError(_("nombre entier de mois attendu"))
        values["duration_months"] = None if duration is None else int(duration)
    except ValueError as error:
        problem("duration_months", raw.get("duration_months"), str(error))
    for day in ("opens_on", "deadline"):
        try:
            values[day] = _date(raw.get(day))
        except ValueError as error:
            problem(day, raw.get(day), str(error))
    try:
        values["both_kinds"] = bool(_boolean(raw.get("both_kinds")))
    except ValueError as error:
        problem("both_kinds", raw.get("both_kinds"), str(error))
    try:
        values["ecological_transition"] = bool(_boolean(raw.get("ecological_transition")))
    except ValueError as error:
        problem("ecological_transition", raw.get("ecological_transition"), str(error))
    creates = _text(raw.get("creates_legal_form"))
    values["creates_legal_form"] = (
        taxonomy_member(CooperationLegalForm, creates) or None if creates else ""
    )
    if values["creates_legal_form"] is None:
        problem(
            "creates_legal_form",
            creates,
            _("valeurs acceptées : %(values)s") % {"values": accepted_values(CooperationLegalForm)},
        )
    recurrence = _text(raw.get("recurrence"))
    values["recurrence"] = taxonomy_member(Recurrence, recurrence) if recurrence else None
    if recurrence and values["recurrence"] is None:
        problem(
            "recurrence",
            recurrence,
            _("valeurs acceptées : %(values)s") % {"values": accepted_values(Recurrence)},
        )
    status = _text(raw.get("status"))
    values["status"] = taxonomy_member(OfferStatus, status) if status else OfferStatus.PUBLISHED
    if values["status"] is None:
        problem(
            "status",
            status,
            _("valeurs acceptées : %(values)s") % {"values": accepted_values(OfferStatus)},
        )
    for text_field in ("description", "eligibility_note", "contact", "source_name", "licence"):
        values[text_field] = _text(raw.get(text_field))
    for url_field in ("url", "source_url"):
        url = _text(raw.get(url_field))
        if url:
            try:
                URLValidator()(url)
            except ValidationError:
                problem(url_field, url, _("adresse web invalide (https://…)"))
        values[url_field] = url

    perimeters = []
    for ref in _as_list(raw.get("perimeter")) or []:
        try:
            row = context.perimeter(str(ref))
        except ValueError as error:
            problem("perimeter", ref, str(error))
            continue
        if (row.level, row.code) not in {(p.level, p.code) for p in perimeters}:
            perimeters.append(row)

    actors = {"providers": [], "funders": []}
    names = {"providers": [], "funders": []}
    for role in ("providers", "funders"):
        for text in _as_list(raw.get(role)) or []:
            text = _text(text)
            if not text:
                continue
            try:
                actor_id = context.actor(text)
            except ValueError as error:
                problem(role, text, str(error))
                continue
            if actor_id is None:
                if text not in names[role]:
                    names[role].append(text)
            elif actor_id not in actors[role]:
                actors[role].append(actor_id)
    values["provider_names"] = names["providers"]
    values["funder_names"] = names["funders"]

    if problem.count:
        return None
    # The model's own rules (lengths, min ≤ max, rates within 0–100, opening before deadline).
    offer = Offer(slug="x", source="manual", **values)
    try:
        offer.full_clean(exclude=["slug", "source", "source_id"], validate_unique=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            problem(field_name, raw.get(field_name), " ".join(messages))
        return None
    return CleanOffer(source_id, values, perimeters, actors["providers"], actors["funders"])
