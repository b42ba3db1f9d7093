"""The adapter for the JSON of the aides-territoires API: its reader and its mapping to our
fields (documented field by field in docs/data-formats.md)."""

import html
import re
from pathlib import Path

from django.utils.translation import gettext as _

from terreau.core.text import search_key
from terreau.offers.importers.readers import _json_items, _load_json
from terreau.offers.importers.records import AIDES_TERRITOIRES_SITE, BLOCK_END, TAG, OfferRecord
from terreau.offers.importers.validation import _decimal, _text
from terreau.offers.models import NATIONAL
from terreau.offers.taxonomies import (
    TYPES_OF_KIND,
    FinancingType,
    OfferStatus,
)
from terreau.territories.models import Commune, Departement, Epci, Region


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
