"""The dashboard's parts compared with the comparison territory, where figures allow (issue 20):
useful effects and their contributors by kind of third party, open needs and the share taken on,
the cooperations serving each life function; and the link to the observatory of financings when
it shows something for the territory.

Each side is counted with the visitor's rights, as the rest of the dashboard: the economic model
from the cooperations whose record the visitor may read (`accessible_to`), needs and cooperations
the visitor may see (`visible_to`). A private cooperation of the comparison territory therefore
adds nothing to its counts for a visitor who may not read it (docs/dashboard.md).

A comparison is not meaningful (`reason`, shown as a plain sentence) when the comparison territory
is the territory itself (`same_territory`), when it counts fewer than MIN_COMPARED of the things
compared (`too_few`), or when it counts the very same ones as the territory (`same_figures`: the
comparison would only repeat the territory's figures)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from terreau.cooperations.models import BuildingBlock
from terreau.core.taxonomies import ActorKind, LifeFunction
from terreau.diagnosis.models import Need
from terreau.diagnosis.needs import needs_for
from terreau.diagnosis.queries import percent
from terreau.economy.models import Contribution, UsefulEffect
from terreau.economy.taxonomies import ContributionStatus
from terreau.observatory.queries import default_year, observe, observed, years_of
from terreau.observatory.secrecy import MIN_COOPERATIONS

PER = 100_000
# Fewer things than this on the comparison's side and the comparison says so instead of comparing
# (a share of two needs, the effects of one cooperation, would read as a trend and is not one).
MIN_COMPARED = 3
# A contribution obtained: agreed or paid.
OBTAINED = (ContributionStatus.AGREED, ContributionStatus.PAID)


def per_100k(count: int, population: int) -> float | None:
    return round(count * PER / population, 2) if population else None


def reason(territory, compare_to, here: set, there: set) -> str | None:
    """Why comparing `here` with `there` (the things counted on each side) would mean nothing,
    or None when it means something."""
    if compare_to.ref == territory.ref:
        return "same_territory"
    if len(there) < MIN_COMPARED:
        return "too_few"
    if there == here:
        return "same_figures"
    return None


def economy_figures(cooperations, population: int) -> dict:
    """Useful effects, contributions and contributors (by kind of third party) of `cooperations`
    (a queryset of cooperations whose record the visitor may read), in a few grouped queries."""
    effects = UsefulEffect.objects.filter(cooperation__in=cooperations)
    contributions = Contribution.objects.filter(effect__cooperation__in=cooperations)
    totals = contributions.aggregate(
        contributions=Count("pk"),
        obtained=Count("pk", filter=Q(status__in=OBTAINED)),
        contributors=Count("beneficiary", distinct=True),
    )
    by_kind = {
        row["beneficiary__kind"]: row
        for row in contributions.order_by()
        .values("beneficiary__kind")
        .annotate(contributions=Count("pk"), contributors=Count("beneficiary", distinct=True))
    }
    with_effects = set(effects.order_by().values_list("cooperation_id", flat=True).distinct())
    count = effects.count()
    return {
        "cooperations": len(with_effects),
        "effects": count,
        "per_100k": per_100k(count, population),
        **totals,
        "obtained_percent": (
            percent(totals["obtained"] / totals["contributions"])
            if totals["contributions"]
            else None
        ),
        "by_kind": by_kind,
        "ids": with_effects,
    }


def economy_comparison(territory, compare_to, here, there, populations) -> dict:
    """The useful effects of the readable cooperations `here` and `there` (querysets), compared."""
    mine = economy_figures(here, populations[0])
    theirs = mine if compare_to.ref == territory.ref else economy_figures(there, populations[1])
    by_kind = [
        {
            "key": kind.value,
            "label": str(kind.label),
            "contributions": mine["by_kind"].get(kind.value, {}).get("contributions", 0),
            "contributors": mine["by_kind"].get(kind.value, {}).get("contributors", 0),
            "reference_contributions": theirs["by_kind"]
            .get(kind.value, {})
            .get("contributions", 0),
            "reference_contributors": theirs["by_kind"].get(kind.value, {}).get("contributors", 0),
        }
        for kind in ActorKind
        if kind.value in mine["by_kind"] or kind.value in theirs["by_kind"]
    ]
    keys = ("cooperations", "effects", "per_100k", "contributions", "obtained", "obtained_percent")
    return {
        "here": {key: mine[key] for key in (*keys, "contributors")},
        "reference": {key: theirs[key] for key in (*keys, "contributors")},
        "by_third_party_kind": by_kind,
        "reason": reason(territory, compare_to, mine["ids"], theirs["ids"]),
    }


def needs_figures(needs: list[Need], population: int) -> dict:
    open_needs = [n for n in needs if n.status != Need.Status.MET]
    taken_on = sum(1 for n in open_needs if n.visible_cooperations)
    return {
        "open": len(open_needs),
        "taken_on": taken_on,
        "taken_on_percent": percent(taken_on / len(open_needs)) if open_needs else None,
        "per_100k": per_100k(len(open_needs), population),
        "ids": {n.pk for n in open_needs},
    }


def needs_comparison(territory, compare_to, needs: list[Need], *, user, populations) -> dict:
    """The open needs the visitor may see here and in the comparison territory, and the share
    taken on by a cooperation the visitor may see."""
    mine = needs_figures(needs, populations[0])
    if compare_to.ref == territory.ref:
        theirs = mine
    else:
        theirs = needs_figures(needs_for(compare_to, user=user), populations[1])
    keys = ("open", "taken_on", "taken_on_percent", "per_100k")
    return {
        "here": {key: mine[key] for key in keys},
        "reference": {key: theirs[key] for key in keys},
        "reason": reason(territory, compare_to, mine["ids"], theirs["ids"]),
    }


def serving(cooperations, live: tuple) -> dict[str, set[int]]:
    """For each life function, the ids of `cooperations` (a queryset) with a live block serving
    it."""
    found: dict[str, set[int]] = {lf.value: set() for lf in LifeFunction}
    blocks = BuildingBlock.objects.filter(cooperation__in=cooperations, status__in=live)
    for cooperation_id, stored in blocks.order_by().values_list("cooperation_id", "life_functions"):
        for key in stored.split():
            if key in found:
                found[key].add(cooperation_id)
    return found


def life_function_comparison(
    territory, compare_to, here: dict, there_cooperations, *, populations, coverage, live
) -> dict:
    """Per life function, the cooperations the visitor may see serving it (by a live block) here
    (`here`: life function → cooperation ids) and in the comparison territory, per 100 000
    inhabitants."""
    there = here if compare_to.ref == territory.ref else serving(there_cooperations, live)
    rows = [
        {
            "key": lf.value,
            "label": str(lf.label),
            "cooperations": len(here[lf.value]),
            "per_100k": per_100k(len(here[lf.value]), populations[0]),
            "reference": len(there[lf.value]),
            "reference_per_100k": per_100k(len(there[lf.value]), populations[1]),
            "actors_per_10k": coverage[lf.value]["per_10k"],
            "reference_actors_per_10k": coverage[lf.value]["reference_per_10k"],
        }
        for lf in LifeFunction
    ]
    mine = set().union(*here.values())
    theirs = set().union(*there.values())
    return {"rows": rows, "reason": reason(territory, compare_to, mine, theirs)}


def observatory_link(territory) -> str | None:
    """The observatory's page filtered on `territory`, when it shows at least one amount there
    (a cell not suppressed) for the year it opens on or for the contributions; else None."""
    cooperations = observed(territory)
    if cooperations.count() < MIN_COOPERATIONS:  # no cell could be shown
        return None
    year = default_year(years_of(cooperations))
    if year is None:
        return None
    if all(cell["suppressed"] for cell in observe(territory, year).cells):
        return None
    return reverse("observatory:page") + "?" + urlencode({"territoire": territory.ref})
