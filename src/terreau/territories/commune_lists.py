"""Lists of communes as pages show them: by name (with the département when another commune of
France bears the same name), grouped by EPCI and folded when the list is long."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from terreau.territories.lookup import commune_display_names
from terreau.territories.models import Commune

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


def commune_list(communes) -> CommuneList:
    """`communes` (a queryset or ids of communes) by name, and grouped by EPCI, the largest group
    first; communes outside any EPCI come last."""
    if not hasattr(communes, "select_related"):
        communes = Commune.objects.filter(pk__in=list(communes))
    rows = list(communes.select_related("epci").order_by("search_name", "code"))
    names = commune_display_names(rows)
    by_epci: dict = {}
    for commune in rows:
        entry = (names[commune.pk], commune.get_absolute_url())
        by_epci.setdefault(commune.epci, []).append(entry)
    groups = [
        CommuneGroup(epci.name, epci.get_absolute_url(), entries)
        for epci, entries in by_epci.items()
        if epci is not None
    ]
    groups.sort(key=lambda group: (-len(group.communes), group.name))
    if None in by_epci:
        groups.append(CommuneGroup(_("Hors EPCI"), "", by_epci[None]))
    return CommuneList(len(rows), [(names[c.pk], c.get_absolute_url()) for c in rows], groups)
