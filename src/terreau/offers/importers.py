"""Import offers from our JSON and CSV formats and from the JSON of the aides-territoires API.

The contract of actor imports (docs/data-formats.md): each reader turns its file into records (our
field names, raw values) with their location — line of a CSV file, record number of a JSON file —;
one validation (`_clean`) says what is wrong where (record or line, field, value); one transaction
writes; `atomic` writes nothing if a record fails, `dry_run` nothing at all; an offer is matched on
(source, source id), so importing the same file again reports every offer unchanged.
"""

import datetime
import html
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from terreau.actors.importers.base import ImportReport
from terreau.actors.models import Actor
from terreau.actors.validators import RNA_PATTERN, normalize_identifier
from terreau.core import jsonfile
from terreau.core.errors import DataFileError
from terreau.core.tabular import read_table
from terreau.core.taxonomies import accepted_values, taxonomy_member, taxonomy_members
from terreau.core.text import search_key
from terreau.offers.models import NATIONAL, Offer, OfferPerimeter, OfferSource
from terreau.offers.services import perimeter_replace
from terreau.offers.subscriptions import notify_new_offers
from terreau.offers.taxonomies import (
    TYPES_OF_KIND,
    FinancingType,
    OfferKind,
    OfferStatus,
    Recurrence,
    SupportType,
)
from terreau.territories import refs
from terreau.territories.models import Commune, Departement, Epci, Region

FORMATS = ("json", "csv", "aides-territoires")
# Our file fields (JSON keys, CSV columns) and the other names a CSV column may have.
FILE_FIELDS = {
    "id": ["id", "identifiant"],
    "name": ["name", "nom"],
    "description": ["description"],
    "kind": ["kind", "nature"],
    "types": ["types", "type"],
    "providers": ["providers", "porteurs"],
    "funders": ["funders", "financeurs"],
    "perimeter": ["perimeter", "perimetre", "perimetres"],
    "audiences": ["audiences", "publics", "publics vises"],
    "stages": ["stages", "etapes"],
    "cooperation_models": ["cooperation_models", "modeles de cooperation"],
    "economic_models": ["economic_models", "modeles economiques"],
    "carriers": ["carriers", "portages"],
    "life_functions": ["life_functions", "fonctions de vie"],
    "legal_entity_required": ["legal_entity_required", "structure juridique exigee"],
    "funds_animation": ["funds_animation", "finance l animation"],
    "eligibility_note": ["eligibility_note", "autres conditions"],
    "amount_min": ["amount_min", "montant minimum"],
    "amount_max": ["amount_max", "montant maximum"],
    "rate_min": ["rate_min", "taux minimum"],
    "rate_max": ["rate_max", "taux maximum"],
    "duration_months": ["duration_months", "duree mois"],
    "recurrence": ["recurrence"],
    "is_call_for_projects": ["is_call_for_projects", "appel a projets"],
    "opens_on": ["opens_on", "date d ouverture"],
    "deadline": ["deadline", "date limite"],
    "contact": ["contact"],
    "url": ["url", "lien"],
    "status": ["status", "statut"],
    "source_name": ["source_name", "source"],
    "source_url": ["source_url", "page source"],
    "licence": ["licence", "license"],
}
LIST_FIELDS = {
    "types",
    "providers",
    "funders",
    "perimeter",
    "audiences",
    "stages",
    "cooperation_models",
    "economic_models",
    "carriers",
    "life_functions",
}
# In a CSV cell, list items are separated by "|" (and "," for references, which hold none);
# names of providers and funders may contain commas, and so may taxonomy labels ("Se nourrir,
# s'alimenter"), which `taxonomy_members` tells apart whatever separates them.
CSV_DEFAULT_SEPARATOR = re.compile(r"[|,]")
CSV_SEPARATORS = {
    name: re.compile(r"\|") for name in ("providers", "funders", "types", *Offer.KEY_SETS)
}
TRUE_WORDS = {"true", "vrai", "oui", "yes", "1", "o", "x"}
FALSE_WORDS = {"false", "faux", "non", "no", "0", "n"}
SIRET_PATTERN = re.compile(r"\d{14}")
MAX_DIGITS = 15  # before the decimal point: more than any amount, rate or duration
TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|li|div|h\d)>|<br\s*/?>", re.IGNORECASE)
AIDES_TERRITOIRES_SITE = "https://aides-territoires.beta.gouv.fr"


@dataclass
class OfferRecord:
    """One offer of a file before validation: our field names, raw values, where it is."""

    location: int  # CSV line, or record number (from 1) in a JSON file
    values: dict
    columns: dict = field(default_factory=dict)  # field → its name in the file
    notes: list = field(default_factory=list)  # mapping notes (aides-territoires)


@dataclass
class CleanOffer:
    source_id: str
    values: dict
    perimeters: list  # unsaved OfferPerimeter rows
    providers: list  # actor ids
    funders: list


# --- reading -----------------------------------------------------------------------------------


def _load_json(path: Path):
    return jsonfile.read_json(path, parse_float=Decimal)


def _json_items(path: Path, data, list_keys: tuple[str, ...]) -> list:
    if isinstance(data, dict):
        data = next((data[k] for k in list_keys if isinstance(data.get(k), list)), data)
    if isinstance(data, list):
        if len(data) > settings.TERREAU_IMPORT_MAX_ROWS:
            raise DataFileError(
                path,
                _("plus de %(max)s offres, la limite d'un import : découpez le fichier")
                % {"max": number_format(settings.TERREAU_IMPORT_MAX_ROWS, force_grouping=True)},
            )
        return data
    raise DataFileError(
        path,
        _("le fichier doit contenir une liste d'offres (ou un objet avec la clé %(keys)s)")
        % {"keys": " / ".join(f"« {key} »" for key in list_keys)},
    )


def read_json(path: Path) -> list[OfferRecord]:
    items = _json_items(path, _load_json(path), ("offers",))
    return [
        OfferRecord(number, item if isinstance(item, dict) else {"__not_object__": item})
        for number, item in enumerate(items, start=1)
    ]


def read_csv(path: Path) -> list[OfferRecord]:
    table = read_table(
        path,
        header_hint={name for names in FILE_FIELDS.values() for name in names},
        max_rows=settings.TERREAU_IMPORT_MAX_ROWS,
    )
    columns = {}
    for column in table.header:
        folded = search_key(column)
        found = next((f for f, names in FILE_FIELDS.items() if folded in names), None)
        if found and found not in columns.values():
            columns[column] = found
    if "name" not in columns.values():
        raise DataFileError(path, _("colonne « name » (ou « nom ») manquante"), line=1)
    records = []
    for line, row in table.rows:
        values = {}
        for column, name in columns.items():
            text = (row.get(column) or "").strip()
            if name in LIST_FIELDS:
                separator = CSV_SEPARATORS.get(name, CSV_DEFAULT_SEPARATOR)
                items = [item.strip() for item in separator.split(text) if item.strip()]
                values[name] = items or None
            else:
                values[name] = text or None
        records.append(OfferRecord(line, values, {f: c for c, f in columns.items()}))
    return records


def read_aides_territoires(path: Path) -> list[OfferRecord]:
    """The JSON of the aides-territoires API (`/api/aids/`): one page (`{"count", "next",
    "results": [...]}`) or a list of aids."""
    items = _json_items(path, _load_json(path), ("results",))
    perimeters = PerimeterNames()
    records = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            records.append(OfferRecord(number, {"__not_object__": item}))
            continue
        records.append(aides_territoires_record(number, item, perimeters))
    return records


# --- the aides-territoires mapping (documented field by field in docs/data-formats.md) ----------

# mobilization_steps: keys and labels, current and former vocabularies.
AT_STEPS = {
    "preop": ["ideation", "emergence"],
    "reflexion conception": ["ideation", "emergence"],
    "preop strategy": ["ideation", "emergence"],
    "emergence strategie": ["ideation", "emergence"],
    "preop conception": ["emergence"],
    "conception faisabilite": ["emergence"],
    "op": ["creation"],
    "mise en oeuvre realisation": ["creation"],
    "execution": ["creation"],
    "postop": ["consolidation", "scaling"],
    "usage valorisation": ["consolidation", "scaling"],
    "suivi evaluation": ["consolidation", "scaling"],
}
# targeted_audiences: keys, and labels in the plural (older API) and singular (current API).
_LOCAL = ["local_authority"]
_COMPANIES = ["company", "ess_company", "cooperative", "scic"]
AT_AUDIENCES = {
    "commune": _LOCAL,
    "communes": _LOCAL,
    "epci": _LOCAL,
    "intercommunalite pays": _LOCAL,
    "intercommunalites pays": _LOCAL,
    "department": _LOCAL,
    "departement": _LOCAL,
    "departements": _LOCAL,
    "region": _LOCAL,
    "regions": _LOCAL,
    "special": _LOCAL,
    "collectivite d outre mer a statuts particuliers": _LOCAL,
    "collectivites d outre mer a statuts particuliers": _LOCAL,
    "association": ["association"],
    "associations": ["association"],
    "private sector": _COMPANIES,
    "entreprise privee": _COMPANIES,
    "entreprises privees": _COMPANIES,
    "public cies": ["public_body"],
    "entreprise publique locale sem spl semop": ["public_body"],
    "entreprises publiques locales sem spl semop": ["public_body"],
    "public org": ["public_body"],
    "etablissement public dont services de l etat": ["public_body"],
    "etablissements publics ecoles bibliotheques services de l etat": ["public_body"],
    "researcher": ["research"],
    "recherche": ["research"],
    "private person": ["inhabitant"],
    "particulier": ["inhabitant"],
    "particuliers": ["inhabitant"],
    "farmer": ["company"],
    "agriculteur": ["company"],
    "agriculteurs": ["company"],
}
# aid_types → (kind, type or None).
AT_TYPES = {
    "grant": ("financing", "grant"),
    "subvention": ("financing", "grant"),
    "loan": ("financing", "loan"),
    "pret": ("financing", "loan"),
    "recoverable advance": ("financing", "recoverable_advance"),
    "avance recuperable": ("financing", "recoverable_advance"),
    "other": ("financing", None),
    "autre aide financiere": ("financing", None),
    "cee": ("financing", None),
    "certificat d economie d energie cee": ("financing", None),
    "technical": ("support", None),
    "ingenierie technique": ("support", None),
    "financial": ("support", "financial_engineering"),
    "ingenierie financiere": ("support", "financial_engineering"),
    "legal": ("support", "legal_engineering"),
    "ingenierie juridique administrative": ("support", "legal_engineering"),
}
AT_RECURRENCE = {
    "oneoff": "one_off",
    "ponctuelle": "one_off",
    "ongoing": "ongoing",
    "permanente": "ongoing",
    "recurring": "recurring",
    "recurrente": "recurring",
    "annuelle": "recurring",
}
# Perimeters named after the whole country or a larger area that contains it.
AT_NATIONAL = {"france", "europe"}
AT_PERIMETER = re.compile(
    r"^(?P<name>.+?) \((?P<scale>Commune|EPCI|Département|Région)(?: [–-] (?P<zips>[\d ,]+))?\)$"
)


def _at_key(value) -> str:
    """A vocabulary value of aides-territoires, folded ("Mise en œuvre" → "mise en oeuvre")."""
    return search_key(str(value).replace("œ", "oe").replace("Œ", "Oe"))


def _items(value) -> list:
    """The values of a list field of aides-territoires; a lone value is a list of one."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _is_number(value) -> bool:
    try:
        _decimal(value)
    except ValueError:
        return False
    return True


def html_text(value) -> str:
    """Plain text from the HTML of aides-territoires (paragraphs and line breaks kept)."""
    if not value:
        return ""
    text = BLOCK_END.sub("\n", str(value))
    text = html.unescape(TAG.sub("", text)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line)


class PerimeterNames:
    """Territory references for aides-territoires perimeter names, looked up once per name."""

    def __init__(self):
        self._found: dict[str, str | None] = {}

    def ref(self, text: str) -> str | None:
        if text not in self._found:
            self._found[text] = self._lookup(text)
        return self._found[text]

    def _lookup(self, text: str) -> str | None:
        if search_key(text) in AT_NATIONAL:
            return NATIONAL
        match = AT_PERIMETER.match(text.strip())
        if not match:
            return None
        name, scale = search_key(match["name"]), match["scale"]
        model = {"EPCI": Epci, "Département": Departement, "Région": Region}.get(scale)
        if model is not None:
            found = [area for area in model.objects.filter(search_name=name)]
            return found[0].ref if len(found) == 1 else None
        communes = list(Commune.objects.current().filter(search_name=name))
        zips = {z.strip() for z in (match["zips"] or "").split(",") if z.strip()}
        if zips:
            communes = [c for c in communes if zips & set(c.postal_codes.split())]
        return communes[0].ref if len(communes) == 1 else None


def aides_territoires_record(number: int, item: dict, perimeters: PerimeterNames) -> OfferRecord:
    """Our values for one aid of the aides-territoires API."""
    values: dict = {}
    columns: dict = {}
    notes: list = []
    errors: list = []

    def unknown(at_field, value):
        errors.append((at_field, value, _("valeur inconnue d'aides-territoires")))

    def mapped(at_field, table):
        keys = []
        for value in _items(item.get(at_field)):
            found = table.get(_at_key(value))
            if found is None:
                unknown(at_field, value)
                continue
            keys.extend(k for k in found if k not in keys)
        return keys or None

    aid_id = item.get("id")
    values["id"] = None if aid_id in (None, "") else str(aid_id)
    columns["id"] = "id"
    values["name"] = item.get("name")
    columns["name"] = "name"
    values["description"] = html_text(item.get("description"))
    values["eligibility_note"] = html_text(item.get("eligibility"))
    values["contact"] = html_text(item.get("contact"))
    values["stages"] = mapped("mobilization_steps", AT_STEPS)
    columns["stages"] = "mobilization_steps"
    values["audiences"] = mapped("targeted_audiences", AT_AUDIENCES)
    columns["audiences"] = "targeted_audiences"

    kinds, types = [], []
    for value in _items(item.get("aid_types")):
        found = AT_TYPES.get(_at_key(value))
        if found is None:
            unknown("aid_types", value)
            continue
        kinds.append(found[0])
        if found[1]:
            types.append(found[1])
    # An aid with a financial type is a financing offer; its engineering types are then dropped.
    kind = "financing" if "financing" in kinds else ("support" if kinds else None)
    allowed = {member.value for member in TYPES_OF_KIND[kind]} if kind else set()
    dropped = [t for t in types if t not in allowed]
    if dropped:
        notes.append(
            _("aide à la fois financière et d'ingénierie : classée financement (%(types)s omis)")
            % {"types": ", ".join(dropped)}
        )
    values["kind"] = kind
    columns["kind"] = "aid_types"
    values["types"] = [t for t in types if t in allowed]
    columns["types"] = "aid_types"
    call = item.get("is_call_for_project", item.get("is_call_for_projects"))
    values["is_call_for_projects"] = call
    columns["is_call_for_projects"] = "is_call_for_project"
    if call and kind == "financing":
        values["types"].append(FinancingType.CALL_FOR_PROJECTS.value)

    recurrence = item.get("recurrence")
    if recurrence:
        values["recurrence"] = AT_RECURRENCE.get(_at_key(recurrence).replace(" ", ""))
        if values["recurrence"] is None:
            unknown("recurrence", recurrence)
    columns["recurrence"] = "recurrence"
    values["opens_on"] = item.get("start_date")
    columns["opens_on"] = "start_date"
    values["deadline"] = item.get("submission_deadline")
    columns["deadline"] = "submission_deadline"
    values["rate_min"] = item.get("subvention_rate_lower_bound")
    columns["rate_min"] = "subvention_rate_lower_bound"
    values["rate_max"] = item.get("subvention_rate_upper_bound")
    columns["rate_max"] = "subvention_rate_upper_bound"
    amounts = [
        (name, item.get(name))
        for name in ("loan_amount", "recoverable_advance_amount")
        if item.get(name) not in (None, "")
    ]
    if amounts:
        # The larger amount; one that is not a number is passed on for validation to report.
        try:
            columns["amount_max"], values["amount_max"] = max(
                ((name, _decimal(value)) for name, value in amounts), key=lambda pair: pair[1]
            )
        except ValueError:
            columns["amount_max"], values["amount_max"] = next(
                (name, value) for name, value in amounts if not _is_number(value)
            )
    values["url"] = item.get("application_url") or item.get("origin_url") or None
    columns["url"] = "application_url" if item.get("application_url") else "origin_url"
    page = _text(item.get("url"))
    columns["source_url"] = "url"
    values["source_url"] = (AIDES_TERRITOIRES_SITE + page) if page.startswith("/") else page
    values["source_name"] = "Aides-territoires"
    values["licence"] = item.get("import_share_licence") or None
    values["funders"] = [str(name) for name in _items(item.get("financers"))]
    columns["funders"] = "financers"
    values["providers"] = [str(name) for name in _items(item.get("instructors"))]
    columns["providers"] = "instructors"

    perimeter = item.get("perimeter")
    if perimeter:
        ref = perimeters.ref(str(perimeter))
        if ref is None:
            notes.append(
                _("périmètre « %(name)s » non reconnu dans la géographie : laissé inconnu")
                % {"name": perimeter}
            )
        values["perimeter"] = [ref] if ref else None
    columns["perimeter"] = "perimeter"
    values["status"] = OfferStatus.PUBLISHED.value
    record = OfferRecord(number, values, columns, notes)
    record.values["__errors__"] = errors
    return record


# --- validation --------------------------------------------------------------------------------


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
    if kind:
        taxonomy = TYPES_OF_KIND[kind]
        for value in types_raw:
            members, unknown = taxonomy_members(taxonomy, str(value))
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
    values["types"] = " ".join(m.value for m in TYPES_OF_KIND.get(kind, SupportType) if m in types)
    values["types"] = f" {values['types']} " if values["types"] else ""

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


# --- writing -----------------------------------------------------------------------------------


READERS = {"json": read_json, "csv": read_csv, "aides-territoires": read_aides_territoires}
SOURCE_OF_FORMAT = {
    "json": OfferSource.JSON,
    "csv": OfferSource.CSV,
    "aides-territoires": OfferSource.AIDES_TERRITOIRES,
}


def offers_import(
    *,
    path: Path,
    file_format: str,
    atomic: bool = False,
    dry_run: bool = False,
    licence: str = "",
    source: str | None = None,
    demo: bool = False,
    by=None,
) -> ImportReport:
    """Import offers from `path` as `by` (None: the operator). Raises DataFileError when the file
    cannot be read at all. Providers and funders are linked among the actors `by` may see, and
    an offer `by` may not edit is not changed (its record is an error)."""
    path = Path(path)
    report = ImportReport(source=path.name, atomic=atomic, dry_run=dry_run)
    records = READERS[file_format](path)
    source = source or SOURCE_OF_FORMAT[file_format]
    report.total = len(records)
    context = Context(by)
    cleaned: list[tuple[OfferRecord, CleanOffer]] = []
    first_of: dict[str, int] = {}
    for record in records:
        offer = _clean(record, report, context)
        for note in record.notes:
            report.notes.append(f"{_where(file_format, record.location)} : {note}")
        if offer is None:
            continue
        if offer.source_id in first_of:
            column = record.columns.get("id", "id")
            report.error(
                record.location,
                column,
                offer.source_id,
                _("identifiant déjà utilisé par %(where)s")
                % {"where": _where(file_format, first_of[offer.source_id])},
            )
            continue
        first_of[offer.source_id] = record.location
        if licence and not offer.values["licence"]:
            offer.values["licence"] = licence
        cleaned.append((record, offer))
    source_ids = [clean.source_id for _record, clean in cleaned]
    published = Offer.objects.filter(
        source=source, source_id__in=source_ids, status=OfferStatus.PUBLISHED
    )
    published_before = set(published.values_list("pk", flat=True))
    with report.writing():
        _write(cleaned, report, source=source, demo=demo, by=by)
        if report.writes_kept:
            # Followers of matching cooperations hear of the offers published by this import.
            notify_new_offers(set(published.values_list("pk", flat=True)) - published_before)
    return report


def _where(file_format: str, location: int) -> str:
    if file_format == "csv":
        return _("ligne %(n)s") % {"n": location}
    return _("offre n° %(n)s") % {"n": location}


def _write(cleaned, report: ImportReport, *, source: str, demo: bool, by) -> None:
    found = Offer.objects.filter(
        source=source, source_id__in=[clean.source_id for _record, clean in cleaned]
    )
    existing = {
        offer.source_id: offer
        for offer in found.prefetch_related("perimeters", "providers", "funders")
    }
    editable = set(found.editable_by(by).values_list("pk", flat=True))
    # Links to actors `by` may not see stay: the file cannot name them, so it cannot mean to
    # remove them.
    linked = {
        actor.pk
        for offer in existing.values()
        for actor in [*offer.providers.all(), *offer.funders.all()]
    }
    hidden = set(Actor.objects.filter(pk__in=linked).hidden_from(by).values_list("pk", flat=True))
    for record, clean in cleaned:
        offer = existing.get(clean.source_id)
        if offer is not None and offer.pk not in editable:
            report.error(
                record.location,
                record.columns.get("id", "id"),
                clean.source_id,
                _("identifiant d'une offre que vous ne pouvez pas modifier : offre non importée"),
            )
            continue
        if offer is None:
            from terreau.offers.services import offer_save

            offer = Offer(source=source, source_id=clean.source_id, is_demo=demo, **clean.values)
            offer_save(
                offer=offer,
                perimeters=clean.perimeters,
                providers=clean.providers,
                funders=clean.funders,
                by=by,
            )
            report.created += 1
            continue
        changed_fields = [
            name for name, value in clean.values.items() if getattr(offer, name) != value
        ]
        if changed_fields:
            for name in changed_fields:
                setattr(offer, name, clean.values[name])
            offer.save(update_fields=[*changed_fields, "updated_at"])
        changed = bool(changed_fields)
        changed |= perimeter_replace(offer, clean.perimeters)
        for role in ("providers", "funders"):
            current = {actor.pk for actor in getattr(offer, role).all()}
            wanted = set(getattr(clean, role)) | (current & hidden)
            if wanted != current:
                getattr(offer, role).set(wanted)
                changed = True
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1
