"""Lists of communes as pages show them: by name (with the département when another commune of
France bears the same name), grouped by EPCI and folded when the list is long."""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext as _

from terreau.territories.lookup import commune_display_names
from terreau.territories.models import Commune, Level

# Up to this many communes, a list is short: one line of names.
SHORT_LIST = 30


@dataclass
class CommuneGroup:
    """The communes of one EPCI (or of none) within a list."""

    name: str
    url: str = ""
    communes: list[tuple[str, str]] = field(default_factory=list)  # (display name, URL)


@dataclass
class CommuneList:
    count: int
    names: list[tuple[str, str]]  # every commune, (display name, URL), by name
    groups: list[CommuneGroup]

    @property
    def is_long(self) -> bool:
        return self.count > SHORT_LIST


def commune_list(communes, *, codes=None) -> CommuneList:
    """`communes` (a queryset or ids of communes) by name, and grouped by EPCI, the largest group
    first; communes outside any EPCI come last. `codes`: only those of these codes (a set), for a
    long list, kept in Python rather than sent as an IN list of thousands."""
    if not hasattr(communes, "select_related"):
        communes = Commune.objects.filter(pk__in=list(communes))
    # Plain rows, and each URL from one reversed pattern: a région's list of 3,000 communes cost
    # seconds in model instances and reverse() (bench/national.py).
    rows = [
        _Row(*values)
        for values in communes.order_by("search_name", "code").values_list(
            "pk", "code", "name", "search_name", "departement_id", "epci__code", "epci__name"
        )
        if codes is None or values[1] in codes
    ]
    names = commune_display_names(rows, names=communes.order_by().values("search_name"))
    commune_url, epci_url = _url_pattern(Level.COMMUNE), _url_pattern(Level.EPCI)
    entries = {row.pk: (names[row.pk], commune_url(row.code)) for row in rows}
    by_epci: dict = {}
    for row in rows:
        epci = (row.epci_code, row.epci_name) if row.epci_code else None
        by_epci.setdefault(epci, []).append(entries[row.pk])
    groups = [
        CommuneGroup(epci[1], epci_url(epci[0]), entries)
        for epci, entries in by_epci.items()
        if epci is not None
    ]
    groups.sort(key=lambda group: (-len(group.communes), group.name))
    if None in by_epci:
        groups.append(CommuneGroup(_("Hors EPCI"), "", by_epci[None]))
    return CommuneList(len(rows), [entries[row.pk] for row in rows], groups)


class _Row(NamedTuple):
    pk: int
    code: str
    name: str
    search_name: str
    departement_id: int
    epci_code: str | None
    epci_name: str | None


def _url_pattern(level: Level):
    """code → the page of the territory of `level` with that code, reversed once."""
    marker = "00000"
    pattern = reverse("territories:detail", args=[f"{level.value}:{marker}"])
    return lambda code: pattern.replace(marker, code)
