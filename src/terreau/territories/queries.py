"""Reads shared by pages, the API and the CLI."""

import re

from django.db.models import Q

from terreau.core.text import search_key
from terreau.territories.models import Commune, Level, ProjectTerritory
from terreau.territories.refs import AREA_MODELS

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


def search_territories(query: str, *, user, limit: int = 10) -> list:
    """Territories whose name or code matches `query`, best matches first.

    Names match without accents or case, at the start of any word ("etienne" finds Saint-Étienne);
    codes match from their start, and a postal code finds its communes.
    """
    text = search_key(query)
    if not text:
        return []
    candidates = []
    is_code = bool(CODE_QUERY.match(query.strip()))
    for model in AREA_MODELS.values():
        if is_code:
            condition = Q(code__istartswith=query.strip())
            if model is Commune:
                condition |= Q(postal_codes__contains=query.strip())
        else:
            condition = Q(search_name__startswith=text) | Q(search_name__contains=f" {text}")
        found = model.objects.filter(condition)
        if model is Commune:
            found = found.current().order_by("-population", "code")
        candidates.extend(found[: limit * 3])
    if not is_code:
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
