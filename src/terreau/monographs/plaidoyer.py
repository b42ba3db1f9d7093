"""The plaidoyer pack of a territory or of a network (issue 20, source §002 chantier 5: a
plaidoyer « faisant la preuve des effets utiles »): a printable document gathering the useful
effects by evidence level, the multi-year and call-for-projects shares of the money, the coverage
of the animation function, and the offers' gaps.

One builder (`_pack`) works over a set of cooperations and the territories whose offers it reads:
a territory's cooperations and the territory itself (`plaidoyer_data`), or a tête de réseau's
cooperations (those of the head and its members, `network.membership`) and the territories they
act on (`network_plaidoyer_data`).

What each reader sees follows docs/dashboard.md: the economic model (effects, resources, costs)
has no published part, so it comes only from the cooperations whose record the reader may read
(`dashboard.queries.readable_cooperations` for a territory, `accessible_to` among the network's);
the offers' gaps read the public catalogue and the cooperations and needs the reader may see
(`offers.gaps.territory_gaps`), on the territories of the network's cooperations the reader may
see. The command line (`user=None`) reads everything; `--public` reads as an anonymous visitor."""

from collections import Counter
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from terreau.cooperations.models import Cooperation
from terreau.core.taxonomies import Carrier, CooperationModel, Stage
from terreau.dashboard.queries import readable_cooperations, useful_effect_rows
from terreau.economy.indicators import percent, year_indicators
from terreau.economy.queries import default_year, year_lines
from terreau.economy.taxonomies import EvidenceLevel
from terreau.monographs.sections.reading import euros
from terreau.network.membership import network_cooperations, network_members
from terreau.offers.gaps import NO_MODEL, territory_gaps
from terreau.offers.models import Offer
from terreau.territories.refs import TerritoryRefError, resolve

COMBINATIONS_SHOWN = 15


def plaidoyer_data(territory, *, user) -> dict:
    """The territory's pack as `user` may see it (None: the operator)."""
    readable = readable_cooperations(territory, user=user)
    return _pack("territory", territory.name, readable, [territory], user=user, among=None)


def network_plaidoyer_data(head, *, user) -> dict:
    """The pack of the network `head` (an actor of kind network the caller checked `user` may
    see) as `user` may see it: its members, their cooperations and the territories these act on."""
    members = network_members(head, user=user)
    cooperations = list(network_cooperations(head, members, user=user))
    readable = list(
        Cooperation.objects.accessible_to(user)
        .filter(pk__in=[c.pk for c in cooperations])
        .order_by("name", "pk")
    )
    territories = _territories(cooperations, user)
    among = {c.slug for c in cooperations}
    pack = _pack("network", head.name, readable, territories, user=user, among=among)
    pack["members"] = [member.name for member in members]
    pack["cooperations"] = [c.name for c in cooperations]
    return pack


def _territories(cooperations, user) -> list:
    """The territories the cooperations act on, each once, in their order; a project territory
    the reader may not see is left out."""
    territories = {}
    for cooperation in cooperations:
        if cooperation.territory_ref in territories:
            continue
        try:
            territories[cooperation.territory_ref] = resolve(cooperation.territory_ref, user=user)
        except TerritoryRefError:
            territories[cooperation.territory_ref] = None
    return [territory for territory in territories.values() if territory is not None]


def _pack(kind: str, name: str, readable, territories, *, user, among) -> dict:
    """The four parts over the cooperations whose record the reader may read (`readable`) and
    the offers of `territories`; the cooperations without a suitable offer are only those whose
    slug is in `among` (None: all those of the territories)."""
    effects = useful_effect_rows(readable)
    levels = []
    for level in reversed(EvidenceLevel):  # the strongest evidence first
        rows = [e for e in effects if e["evidence_level"]["key"] == level.value]
        valued = [e["estimated_annual_value"] for e in rows if e["estimated_annual_value"]]
        levels.append(
            {
                "key": level.value,
                "label": str(level.label),
                "effects": rows,
                "estimated_annual_value": euros(sum(valued, Decimal(0))) if valued else "",
            }
        )
    return {
        "kind": kind,
        "name": name,
        "generated_at": timezone.localtime(),
        "is_operator": user is None,
        "is_public_version": user is not None and not user.is_authenticated,
        "readable": [c.name for c in readable],
        "effects_total": len(effects),
        "evidence": levels,
        "funding": _funding(readable),
        "gaps": [_gaps(territory, user, among) for territory in territories],
        # Under a network's territory headings, the gaps' own headings go one level down.
        "gaps_subheading": "h4" if kind == "network" else "h3",
    }


def _funding(readable) -> dict:
    """Each cooperation's shares in its reference year (`economy.queries.default_year`), and the
    same shares over all their lines pooled (each cooperation counted in its own reference year)."""
    rows, pooled_resources, pooled_costs = [], [], []
    for cooperation in readable:
        year = default_year(cooperation)
        resources, costs = year_lines(cooperation, year)
        if not resources and not costs:
            continue
        pooled_resources += resources
        pooled_costs += costs
        data = year_indicators(year, resources, costs)
        rows.append(_shares(cooperation.name, data))
    total = _shares(_("Ensemble"), year_indicators(0, pooled_resources, pooled_costs))
    return {"rows": rows, "total": total if rows else None}


def _shares(name: str, data: dict) -> dict:
    return {
        "name": name,
        "year": data["year"],
        "resources_total": euros(Decimal(data["resources_total"])),
        "multi_year_share": percent(data["multi_year_share"]),
        "call_for_projects_share": percent(data["call_for_projects_share"]),
        "animation_costs": euros(Decimal(data["animation_costs"])),
        "animation_resources": euros(Decimal(data["animation_resources"])),
        "animation_coverage": percent(data["animation_coverage"]),
        "under_funded": (data["animation_coverage"] is not None and data["animation_coverage"] < 1),
    }


def _gaps(territory, user, among) -> dict:
    gaps = territory_gaps(territory, user=user)
    names = dict(
        Offer.objects.values_list("slug", "name").filter(slug__in=gaps["animation"]["offers"])
    )
    models = {m.value: str(m.label) for m in CooperationModel} | {NO_MODEL: _("Sans modèle")}
    stages = {s.value: str(s.label) for s in Stage}
    carriers = {c.value: str(c.label) for c in Carrier}
    by_stage = Counter(stages[row["stage"]] for row in gaps["combinations"])
    return {
        "territory": territory.name,
        "available": gaps["available"],
        "animation_offers": [names.get(slug, slug) for slug in gaps["animation"]["offers"]],
        "animation_unknown": len(gaps["animation"]["unknown"]),
        "informal_fundable": gaps["informal_collectives"]["fundable"],
        "combinations": len(gaps["combinations"]),
        "combinations_by_stage": sorted(by_stage.items(), key=lambda kv: -kv[1]),
        "combinations_shown": [
            [stages[r["stage"]], models[r["cooperation_model"]], carriers[r["carrier"]]]
            for r in gaps["combinations"][:COMBINATIONS_SHOWN]
        ],
        "needs": [need["title"] for need in gaps["needs"]],
        "cooperations_alone": [
            c["name"] for c in gaps["cooperations"] if among is None or c["slug"] in among
        ],
    }


def plaidoyer_html(territory, *, user, language: str = "fr") -> str:
    """The territory's self-contained printable page (inline CSS, no script), which the PDF is
    printed from."""
    return _html(plaidoyer_data, territory, user=user, language=language)


def network_plaidoyer_html(head, *, user, language: str = "fr") -> str:
    """The network's printable page, as `plaidoyer_html`."""
    return _html(network_plaidoyer_data, head, user=user, language=language)


def _html(build, subject, *, user, language: str) -> str:
    with translation.override(language):
        data = build(subject, user=user)
        return render_to_string("monographs/plaidoyer.html", {"pack": data, "language": language})
