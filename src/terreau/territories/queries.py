"""Reads shared by pages, the API and the CLI."""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from terreau.core.text import search_key
from terreau.territories.models import Commune, CommuneAlias, Level, ProjectTerritory
from terreau.territories.refs import ALIAS_PREFERENCE, AREA_MODELS

# When names match equally well, broader levels come first; population orders communes.
LEVEL_ORDER = [
    Level.REGION,
    Level.DEPARTEMENT,
    Level.PROJET,
    Level.EPCI,
    Level.COMMUNE,
    Level.BASSIN,
    Level.ZONE_EMPLOI,
]
CODE_QUERY = re.compile(r"^(\d[\dAB]*|2[AB]\d*)$", re.IGNORECASE)


def search_territories(query: str, *, user, limit: int = 10, levels=None) -> list:
    """Territories whose name or code matches `query`, best matches first, among `levels` (a set
    of level values; all when None).

    Names match without accents or case, at the start of any word ("etienne" finds Saint-Étienne);
    codes match from their start, and a postal code finds its communes.
    """
    text = search_key(query)
    if not text:
        return []
    candidates = []
    is_code = bool(CODE_QUERY.match(query.strip()))
    for level, model in AREA_MODELS.items():
        if levels is not None and level.value not in levels:
            continue
        if is_code:
            condition = Q(code__istartswith=query.strip())
            if model is Commune:
                condition |= Q(postal_codes__contains=query.strip())
        else:
            condition = Q(search_name__startswith=text) | Q(search_name__contains=f" {text}")
        found = model.objects.filter(condition)
        if model is Commune:
            found = found.current().select_related("departement").order_by("-population", "code")
        candidates.extend(found[: limit * 3])
    if not is_code and (levels is None or Level.PROJET.value in levels):
        candidates.extend(
            ProjectTerritory.objects.visible_to(user).filter(
                Q(search_name__startswith=text) | Q(search_name__contains=f" {text}")
            )[:limit]
        )

    def rank(territory) -> tuple:
        name = territory.search_name
        exactness = 0 if name == text or territory.code == query.strip().upper() else 1
        prefix = 0 if name.startswith(text) else 1
        return (exactness, prefix, LEVEL_ORDER.index(territory.level), -(_population(territory)))

    return sorted(candidates, key=rank)[:limit]


def _population(territory) -> int:
    return territory.population or 0 if isinstance(territory, Commune) else 0


def commune_code_ids() -> dict[str, int]:
    """Every code a current commune is known by (its own, former, delegated, associated and
    arrondissement codes) → its id; a code with several aliases follows `ALIAS_PREFERENCE`."""
    aliases = CommuneAlias.objects.filter(commune__is_current=True).values_list(
        "code", "kind", "commune_id"
    )
    ids = {
        code: pk
        for _rank, code, pk in sorted(
            ((-ALIAS_PREFERENCE.index(kind), code, pk) for code, kind, pk in aliases)
        )
    }
    ids.update(Commune.objects.current().values_list("code", "pk"))
    return ids


class CommuneNotFound(ValueError):
    """A commune that a row names but that cannot be told; `field` is the value at fault
    (`commune`, `commune_name` or `postal_code`)."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class _Candidate:
    pk: int
    code: str
    name: str
    departement: str  # its code
    departement_name: str
    postal_codes: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.name} ({self.departement_name}, {self.code})"


# An INSEE code, or one that a spreadsheet stripped of its leading zero (1001 for 01001).
INSEE_CODE = re.compile(r"\d{4,5}|2[AB]\d{3}")
POSTAL_CODE = re.compile(r"\d{5}")
POSTAL_CODE_IN_TEXT = re.compile(r"\b\d{5}\b")
POSTAL_CODE_AS_WRITTEN = re.compile(r"^(\d{4}|\d{2}\s?\d{3})(?:\s+cedex\b.*)?$", re.IGNORECASE)
DEPARTEMENT_IN_TEXT = re.compile(r"\((\d{2,3}|2[AB])\)", re.IGNORECASE)
CEDEX = re.compile(r"\bcedex\b.*$", re.IGNORECASE)
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
MAX_CANDIDATES = 10  # named in an ambiguity message


class CommuneLookup:
    """The commune a row of a file names, for the imports of one territory (all of France
    without one):

    - an INSEE code, current or former (also delegated, associated, arrondissement), or a postal
      code written where the INSEE code is expected;
    - a name ("Saint-Omer", "St Omer", accents, case and punctuation aside; also the name of a
      delegated commune), with a postal code from its own column or the same cell ("62500
      Saint-Omer", "Saint-Omer (62)"), or without one when it is unique in the territory — or in
      France when the import has no territory;
    - a postal code alone, when one commune has it (in the territory, if any).

    `find` raises `CommuneNotFound` for an unknown commune and for an ambiguous one, naming the
    candidates. A name or postal code whose communes all lie outside the territory gives one of
    them: the row is outside the territory whichever it is. Names and postal codes are loaded
    once, at their first use: code-only files (SIRENE, RNA) never load them.
    """

    def __init__(self, territory=None):
        self.ids = commune_code_ids()
        self.scope: set[int] | None = None
        if territory is not None:
            self.scope = set(territory.communes().values_list("pk", flat=True))
        self._by_name: dict[str, list[_Candidate]] | None = None
        self._by_postal_code: dict[str, list[_Candidate]] = {}

    def codes_in_scope(self) -> set[str] | None:
        """The codes of the territory's communes (None without a territory)."""
        if self.scope is None:
            return None
        return {code for code, pk in self.ids.items() if pk in self.scope}

    def find(self, commune: str = "", *, name: str = "", postal_code: str = "") -> int | None:
        """The id of the commune named by a row's commune (code or name), commune name and
        postal code values, or None when they are all empty or the postal code alone is
        unknown (a CEDEX code, for instance)."""
        commune, name = commune.strip(), name.strip()
        if commune in self.ids:  # the common case, and every row of SIRENE: one lookup
            return self.ids[commune]
        postal_code = normalize_postal_code(postal_code)
        code = re.sub(r"\s", "", commune).upper()
        if INSEE_CODE.fullmatch(code):
            code = code.zfill(5)
            if code in self.ids:
                return self.ids[code]
            if code in self._postal_codes():
                return self._one(self._postal_codes()[code], code, "commune")
            raise CommuneNotFound(_("code commune inconnu"), "commune")
        if commune:
            return self._named(commune, postal_code, "commune")
        if name:
            return self._named(name, postal_code, "commune_name")
        if postal_code:
            candidates = self._postal_codes().get(postal_code)
            return self._one(candidates, postal_code, "postal_code") if candidates else None
        return None

    def _named(self, text: str, postal_code: str, field: str) -> int:
        text = CEDEX.sub("", text)
        departement = DEPARTEMENT_IN_TEXT.search(text)
        if departement:
            text = DEPARTEMENT_IN_TEXT.sub(" ", text)
        in_text = POSTAL_CODE_IN_TEXT.search(text)
        if in_text:
            if not POSTAL_CODE.fullmatch(postal_code):
                postal_code = in_text.group()
            text = POSTAL_CODE_IN_TEXT.sub(" ", text)
        words = [ABBREVIATIONS.get(word, word) for word in search_key(text).split()]
        candidates = self._names().get(" ".join(words), [])
        if not candidates:
            raise CommuneNotFound(_("commune inconnue"), field)
        if departement:
            wanted = departement.group(1).upper()
            candidates = [c for c in candidates if c.departement == wanted]
            if not candidates:
                raise CommuneNotFound(
                    _("aucune commune de ce nom dans le département %(code)s") % {"code": wanted},
                    field,
                )
        if POSTAL_CODE.fullmatch(postal_code):
            # A CEDEX or company postal code is no commune's: its département still tells.
            with_code = [c for c in candidates if postal_code in c.postal_codes]
            in_departement = [
                c for c in candidates if c.departement in _departements_of(postal_code)
            ]
            candidates = with_code or in_departement
            if not candidates:
                raise CommuneNotFound(
                    _("aucune commune de ce nom n'a le code postal %(code)s")
                    % {"code": postal_code},
                    field,
                )
        return self._one(candidates, text.strip(), field)

    def _one(self, candidates: list[_Candidate], written: str, field: str) -> int:
        if len(candidates) > 1 and self.scope is not None:
            inside = [c for c in candidates if c.pk in self.scope]
            if not inside:
                return candidates[0].pk  # outside the territory whichever it is
            candidates = inside
        if len(candidates) == 1:
            return candidates[0].pk
        named = ", ".join(str(c) for c in candidates[:MAX_CANDIDATES])
        if len(candidates) > MAX_CANDIDATES:
            named += ", …"
        raise CommuneNotFound(
            _(
                "plusieurs communes répondent à « %(written)s » : %(candidates)s ; précisez le "
                "code postal ou le code INSEE"
            )
            % {"written": written, "candidates": named},
            field,
        )

    def _load(self) -> None:
        rows = (
            Commune.objects.current()
            .values_list(
                "pk",
                "code",
                "name",
                "search_name",
                "postal_codes",
                "departement__code",
                "departement__name",
            )
            .order_by("code")
        )
        self._by_name, by_pk = {}, {}
        for pk, code, name, search_name, postal_codes, departement, departement_name in rows:
            candidate = _Candidate(
                pk, code, name, departement, departement_name, tuple(postal_codes.split())
            )
            by_pk[pk] = candidate
            self._by_name.setdefault(search_name, []).append(candidate)
            for postal_code in candidate.postal_codes:
                self._by_postal_code.setdefault(postal_code, []).append(candidate)
        # Delegated and associated communes and arrondissements go by their own names too, when
        # no current commune bears the name.
        current_names = set(self._by_name)
        aliases = CommuneAlias.objects.filter(commune__is_current=True).exclude(name="")
        for name, pk in aliases.values_list("name", "commune_id").order_by("code"):
            key = search_key(name)
            if key not in current_names and by_pk[pk] not in self._by_name.get(key, []):
                self._by_name.setdefault(key, []).append(by_pk[pk])

    def _names(self) -> dict[str, list[_Candidate]]:
        if self._by_name is None:
            self._load()
        return self._by_name

    def _postal_codes(self) -> dict[str, list[_Candidate]]:
        if self._by_name is None:
            self._load()
        return self._by_postal_code


def normalize_postal_code(value: str) -> str:
    """A postal code as La Poste writes it: "62 500" → "62500", "62504 CEDEX" → "62504", and
    "1000" → "01000" (a spreadsheet dropped its leading zero); anything else as written."""
    value = (value or "").strip()
    if POSTAL_CODE.fullmatch(value):
        return value
    found = POSTAL_CODE_AS_WRITTEN.match(value)
    return re.sub(r"\s", "", found.group(1)).zfill(5) if found else value


def _departements_of(postal_code: str) -> set[str]:
    """The départements a postal code may belong to, from its first digits."""
    if postal_code.startswith("20"):
        return {"2A", "2B"}
    if postal_code.startswith(("97", "98")):
        return {postal_code[:3]}
    return {postal_code[:2]}
