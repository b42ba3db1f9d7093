"""The administrators' page of the connectors (issue 19): each public service Terreau fetches
from, its settings as the operator set them (the token masked, never shown whole), and its last
runs with their errors. Staff only: a token's ending and the runs' queries are not for everyone."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.connectors.runs import last_runs
from terreau.connectors.sources import SOURCES
from terreau.territories.refs import TerritoryRefError, resolve

RUNS_SHOWN = 10
# The counts a run records (`ConnectorRun.summary`), in the order and words of the page.
COUNTS = {
    "created": gettext_lazy("créés"),
    "updated": gettext_lazy("mis à jour"),
    "unchanged": gettext_lazy("inchangés"),
    "skipped": gettext_lazy("écartés"),
    "errors": gettext_lazy("refusés"),
    "conflicts": gettext_lazy("conflits"),
}


def masked(token: str) -> str:
    """A token as the page shows it: its last 4 characters at most (none of a short one)."""
    if not token:
        return ""
    return "••••••••" + (token[-4:] if len(token) >= 16 else "")


@login_required
def connectors_admin(request):
    if not request.user.is_staff:
        raise PermissionDenied
    sources = []
    for source in SOURCES.values():
        conf = source.settings
        runs = list(last_runs(source.key, RUNS_SHOWN).select_related("created_by"))
        for run in runs:
            run.asked = asked(run.query)
            run.counts = [
                (count, label)
                for key, label in COUNTS.items()
                if (count := run.summary.get(key)) is not None
            ]
        sources.append(
            {
                "source": source,
                "base_url": conf["base_url"],
                "rate": conf["rate"],
                "token": masked(conf.get("token", "")),
                "token_setting": "TERREAU_" + source.key.upper().replace("-", "_") + "_TOKEN",
                "runs": runs,
            }
        )
    return render(request, "connectors/admin.html", {"sources": sources})


def asked(query: dict) -> str:
    """What a run asked, in words: the territory by its name, the other options as given."""
    parts = []
    for key, value in (query or {}).items():
        if key == "territory":
            try:
                parts.append(resolve(value).name)
            except TerritoryRefError:
                parts.append(_("territoire %(ref)s (introuvable)") % {"ref": value})
        elif key != "filters":
            parts.append(f"{key} : {value}")
    return " ; ".join(parts)
