"""The actor-system network section, read from `terreau.network`."""

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

from terreau.cooperations.models import (
    Cooperation,
    Relation,
)
from terreau.monographs.content import (
    Bullets,
    Facts,
    Figure,
    Missing,
)
from terreau.monographs.sections.reading import Reader
from terreau.monographs.sections.record import relation_line


def actor_network(cooperation: Cooperation, reader: Reader) -> list:
    """Only for readers of the whole record, as the network page (a published cooperation's
    relations are not public)."""
    if not reader.sees_record:
        return []
    from terreau.network import drawing
    from terreau.network.metrics import network_metrics
    from terreau.network.queries import cooperation_network

    network = cooperation_network(cooperation, user=reader.user)
    metrics = network_metrics(network)
    if not metrics["relations"]:
        return [Missing(_("Aucune relation entre acteurs enregistrée."))]
    share = metrics["cross_sector_share"]
    parts: list = [
        Figure(
            render_to_string(
                "network/includes/static_graph_svg.html",
                {"drawing": drawing.static_drawing(network)},
            ),
            _(
                "Le système d'acteurs : couleur selon le type d'acteur, forme selon le secteur "
                "(rond : ESS, carré : public, triangle : privé, losange : citoyen)."
            ),
        ),
        Facts(
            [
                (_("Acteurs"), str(metrics["nodes"])),
                (_("Relations"), str(metrics["relations"])),
                (_("Densité"), formats.number_format(metrics["density"], 2, use_l10n=True)),
                (_("Composantes"), str(metrics["components"])),
                (
                    _("Relations entre secteurs différents"),
                    "—" if share is None else f"{round(share * 100)} %",
                ),
            ]
        ),
    ]
    if metrics["top_betweenness"]:
        parts.append(
            Bullets(
                _("Acteurs passerelles (intermédiarité)"),
                [row["actor"]["name"] for row in metrics["top_betweenness"][:5]],
            )
        )
    parts.append(Bullets(_("Relations"), [relation_line(r) for r in relation_rows(network)]))
    return parts


def relation_rows(network):
    """The network's relations (the figure's text alternative) as model rows with their actors."""
    ids = network.relations.ids
    return (
        Relation.objects.filter(pk__in=ids)
        .select_related("source", "target")
        .order_by("source__search_name", "target__search_name", "pk")
    )
