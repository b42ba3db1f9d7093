"""Territories as people write them: a name ("Saint-Omer", "saint omer", accents and case aside),
a postal code, an official code (INSEE, SIREN of an EPCI, département) or a reference
(`commune:62765`). Every field of the product that takes a territory reads it here
(`territories.forms.TerritoryField`), so that a name typed anywhere means the same territory.
"""

import re

from django.db.models import Count
from django.utils.translation import gettext as _

from terreau.core.text import search_key
from terreau.territories.models import Commune, Departement, Epci, Level, ProjectTerritory
from terreau.territories.refs import (
    AREA_MODELS,
    FRANCE_REF,
    France,
    TerritoryRefError,
    find_commune,
    resolve,
)

# Bassins de vie and zones d'emploi are mostly named after their main commune: a name names them
# only when no commune, EPCI, département, région or project territory bears it.
FIRST_LEVELS = [Level.COMMUNE, Level.EPCI, Level.DEPARTEMENT, Level.REGION, Level.PROJET]
LATER_LEVELS = [Level.BASSIN, Level.ZONE_EMPLOI]
REF = re.compile(r"^\s*([a-z_]+)\s*:", re.IGNORECASE)
QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<qualifier>[^()]+)\)\s*$")
TRAILING_DEPARTEMENT = re.compile(r"^(?P<name>.+?)\s+(?P<qualifier>\d{2,3}|2[AB])$", re.IGNORECASE)
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
MAX_NAMED = 8  # candidates named in an ambiguity message


class TerritoryNotFound(TerritoryRefError):
    """No territory (that the user may see) is written this way."""


class TerritoryAmbiguous(TerritoryRefError):
    """Several territories are written this way; `candidates` lists them, most populous first."""

    def __init__(self, message: str, candidates: list):
        super().__init__(message)
        self.candidates = candidates


def territory_label(territory) -> str:
    """The text that names `territory` without ambiguity in a territory field, and that
    `find_territory` reads back: "Saint-Omer (Pas-de-Calais)", "Pas-de-Calais (département)",
    "CA du Pays de Saint-Omer (EPCI)", "France"."""
    if isinstance(territory, France):
        return str(territory.name)
    if isinstance(territory, Commune):
        return f"{territory.name} ({territory.departement.name})"
    return f"{territory.name} ({level_word(territory.level)})"


def level_word(level: Level) -> str:
    """The level's label as written inside a sentence: "département", "EPCI"."""
    label = str(level.label)
    return label if label.isupper() else label[:1].lower() + label[1:]


def territory_context(territory) -> str:
    """What tells a territory from its namesakes in a list of suggestions: the département and
    postal codes of a commune, the level otherwise."""
    if isinstance(territory, Commune):
        postal = territory.postal_codes.split()
        codes = f" · {', '.join(postal[:3])}{'…' if len(postal) > 3 else ''}" if postal else ""
        return f"{_('Commune')}, {territory.departement.name} ({territory.departement.code}){codes}"
    return str(territory.level.label)


def find_territory(text: str, *, user=None, levels=None, comparison: bool = False):
    """The one territory that `text` names, among `levels` (all levels when None); `comparison`
    also accepts "France". Raises `TerritoryNotFound` or `TerritoryAmbiguous`, whose messages say
    what was written and, for an ambiguous name, the territories to choose from.

    `user` limits project territories to those the user may see (None: the command line).
    """
    text = " ".join(text.split())
    if comparison and search_key(text) in (FRANCE_REF, search_key(str(France.name))):
        return France()
    allowed = list(levels) if levels else [*FIRST_LEVELS, *LATER_LEVELS]
    ref = REF.match(text)
    if ref and ref.group(1).lower() in Level.values:
        territory = resolve(text, user=user)
        if territory.level not in allowed:
            raise TerritoryNotFound(_not_found_message(text, allowed))
        return territory
    code = re.sub(r"\s", "", text).upper()
    code_like = re.fullmatch(r"\d{2,9}|2[AB]\d{0,3}", code)
    if code_like:
        candidates = _by_code(code, allowed)
    else:
        name, qualifier = text, ""
        qualified = QUALIFIED.match(text) or TRAILING_DEPARTEMENT.match(text)
        if qualified:
            name, qualifier = qualified.group("name"), qualified.group("qualifier")
        candidates = _by_name(name, allowed, user)
        if qualifier:
            candidates = [c for c in candidates if _qualifies(c, qualifier)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise TerritoryNotFound(_not_found_message(text, allowed, is_code=bool(code_like)))
    candidates.sort(key=lambda t: -(getattr(t, "population_or_zero", 0)))
    named = ", ".join(f"« {territory_label(c)} »" for c in candidates[:MAX_NAMED])
    if len(candidates) > MAX_NAMED:
        named += ", …"
    raise TerritoryAmbiguous(
        _(
            "Plusieurs territoires répondent à « %(text)s » : %(candidates)s. Choisissez-en un "
            "dans la liste, ou précisez-le entre parenthèses comme ci-dessus."
        )
        % {"text": text, "candidates": named},
        candidates,
    )


def _not_found_message(text: str, allowed: list, *, is_code: bool = False) -> str:
    if is_code and allowed == [Level.COMMUNE]:
        return _("Aucune commune n'a le code INSEE ou postal « %(text)s ».") % {"text": text}
    if is_code:
        return _("Aucun territoire n'a le code « %(text)s ».") % {"text": text}
    if allowed == [Level.COMMUNE]:
        return _("Aucune commune ne s'appelle « %(text)s ».") % {"text": text}
    return _("Aucun territoire ne s'appelle « %(text)s ».") % {"text": text}


def _by_code(code: str, allowed: list) -> list:
    """A code typed alone: a commune's INSEE code or postal code (5 characters), an EPCI's SIREN
    (9 digits), a département's code (2 or 3; the région of the same code goes by its name or
    its reference)."""
    found = []
    if len(code) == 5 and Level.COMMUNE in allowed:
        commune = find_commune(code)
        found = [commune] if commune else []
        by_postal_code = Commune.objects.current().filter(postal_codes__contains=code)
        found += [c for c in by_postal_code if code in c.postal_codes.split() and c not in found]
    elif len(code) == 9 and Level.EPCI in allowed:
        found = list(Epci.objects.filter(code=code))
    elif len(code) <= 3 and Level.DEPARTEMENT in allowed:
        found = list(Departement.objects.filter(code=code))
    return found


def _by_name(name: str, allowed: list, user) -> list:
    words = [ABBREVIATIONS.get(word, word) for word in search_key(name).split()]
    key = " ".join(words)
    if not key:
        return []
    for group in (FIRST_LEVELS, LATER_LEVELS):
        found = []
        for level in group:
            if level not in allowed:
                continue
            if level == Level.PROJET:
                found += ProjectTerritory.objects.visible_to(user).filter(search_name=key)
            elif level == Level.COMMUNE:
                found += (
                    Commune.objects.current().filter(search_name=key).select_related("departement")
                )
            else:
                found += AREA_MODELS[level].objects.filter(search_name=key)
        if found:
            return found
    return []


def _qualifies(territory, qualifier: str) -> bool:
    """Whether the text in parentheses fits the territory: a commune's département (name or
    code) or postal code, or the territory's level."""
    key = search_key(qualifier)
    if key in (search_key(str(territory.level.label)), territory.level.value):
        return True
    if isinstance(territory, Commune):
        departement = territory.departement
        return (
            key
            in (
                departement.search_name,
                departement.code.lower(),
                search_key(str(Level.COMMUNE.label)),
            )
            or qualifier.strip() in territory.postal_codes.split()
        )
    return False


MANY_NAMES = 500  # beyond this many names, commune_display_names reads every shared name


def commune_display_names(communes, *, names=None) -> dict[int, str]:
    """Commune id → its name, followed by its département when another current commune of France
    bears the same name: "Pantin", "Saint-Omer (Pas-de-Calais)". Two queries whatever the count.
    `names`: a queryset of the search names of `communes` (or of more communes), for a long list:
    the shared names among them are read in one query with it as a subquery, where without it
    every shared name of France is read (35,000 communes grouped: 70 to 100 ms on PostgreSQL
    for a département's page, against a few ms)."""
    communes = list(communes)
    keys = {c.search_name for c in communes}
    homonyms = Commune.objects.current()
    if len(keys) <= MANY_NAMES:
        homonyms = homonyms.filter(search_name__in=keys)
    elif names is not None:
        homonyms = homonyms.filter(search_name__in=names)
    # Else every shared name of France (a few thousand rows): cheaper than an IN list of thousands.
    shared = {
        key
        for key, n in homonyms.values_list("search_name").annotate(n=Count("id")).order_by()
        if n > 1 and key in keys
    }
    departements = dict(
        Departement.objects.filter(
            pk__in={c.departement_id for c in communes if c.search_name in shared}
        ).values_list("pk", "name")
    )
    return {
        c.pk: f"{c.name} ({departements[c.departement_id]})" if c.search_name in shared else c.name
        for c in communes
    }
