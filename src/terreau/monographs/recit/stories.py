"""The stories of a territory's récit: the narratives of the cooperations' monographs the reader
may read (`Monograph.readable_by`, as the dashboard lists them) and, for the members, the latest
events of their journals (the journal is never published)."""

from django.utils.translation import gettext as _

from terreau.cooperations.models import AccessRole
from terreau.monographs.content import Bullets, Missing
from terreau.monographs.models import Monograph
from terreau.monographs.recit.view import TerritoryView
from terreau.monographs.sections import SECTIONS
from terreau.monographs.sections.reading import day

EXCERPT = 600


def stories(view: TerritoryView) -> list:
    data = view.dashboard
    titles = {spec.key: str(spec.title) for spec in SECTIONS}
    order = {spec.key: n for n, spec in enumerate(SECTIONS)}
    member = {c["slug"]: c["is_member"] for c in data["cooperations"]["list"]}
    monographs = (
        Monograph.objects.filter(cooperation__slug__in=list(member))
        .select_related("cooperation")
        .prefetch_related("sections")
        .order_by("cooperation__name", "pk")
    )
    parts: list = []
    for monograph in monographs:
        role = AccessRole.READER if member[monograph.cooperation.slug] else None
        if not monograph.readable_by(role):
            continue
        told = sorted(
            (s for s in monograph.sections.all() if s.narrative), key=lambda s: order.get(s.key, 99)
        )
        items = [f"{titles.get(s.key, s.key)} : {_excerpt(s.narrative)}" for s in told]
        published = monograph.is_public and monograph.cooperation.is_public
        title = monograph.display_title + ("" if published else f" ({_('non publiée')})")
        parts.append(Bullets(title, items or [_("Aucun récit écrit pour l'instant.")]))
    if data["events"]:
        parts.append(
            Bullets(
                _("Événements récents (journal des coopérations du lecteur, jamais publié)"),
                [
                    f"{day(e['happened_on'])} — {e['kind']['label']} : {e['title']} "
                    f"({e['cooperation']})"
                    for e in data["events"]
                ],
            )
        )
    if not parts:
        parts.append(
            Missing(
                _(
                    "Aucune monographie de coopération publiée sur ce territoire : les récits "
                    "des coopérations viennent de leurs monographies."
                )
            )
        )
    return parts


def _excerpt(text: str) -> str:
    """The first paragraph of a narrative, cut at EXCERPT characters."""
    first = text.replace("\r\n", "\n").split("\n\n")[0].strip()
    return first if len(first) <= EXCERPT else first[: EXCERPT - 1].rstrip() + "…"
