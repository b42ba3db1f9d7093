"""Lists of communes as pages show them: by name (with the département when another commune of
France bears the same name), grouped by EPCI and folded when the list is long."""

from dataclasses import dataclass, field

from django.urls import reverse
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


def commune_list(communes, *, codes=None) -> CommuneList:
    """`communes` (a queryset or ids of communes) by name, and grouped by EPCI, the largest group
    first; communes outside any EPCI come last. `codes`: only those of these codes (a set), for a
    long list, kept in Python rather than sent as an IN list of thousands."""
    if not hasattr(communes, "select_related"):
        communes = Commune.objects.filter(pk__in=list(communes))
    # Only what is shown, and each commune's URL from one reversed pattern: a région's list of
    # 3,000 communes cost seconds in model instances and reverse() (bench/national.py).
    rows = list(
        communes.select_related("epci")
        .only("code", "name", "search_name", "departement_id", "epci__code", "epci__name")
        .order_by("search_name", "code")
    )
    if codes is not None:
        rows = [commune for commune in rows if commune.code in codes]
    names = commune_display_names(rows)
    marker = "commune:00000"
    pattern = reverse("territories:detail", args=[marker])
    entries = {c.pk: (names[c.pk], pattern.replace(marker, f"commune:{c.code}")) for c in rows}
    by_epci: dict = {}
    for commune in rows:
        by_epci.setdefault(commune.epci, []).append(entries[commune.pk])
    groups = [
        CommuneGroup(epci.name, epci.get_absolute_url(), entries)
        for epci, entries in by_epci.items()
        if epci is not None
    ]
    groups.sort(key=lambda group: (-len(group.communes), group.name))
    if None in by_epci:
        groups.append(CommuneGroup(_("Hors EPCI"), "", by_epci[None]))
    return CommuneList(len(rows), [entries[c.pk] for c in rows], groups)
