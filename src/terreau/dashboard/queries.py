"""The territory dashboard (issue 20, §003: the value shown « non plus au niveau d'une seule
structure mais au niveau du territoire »): the cooperations acting on a territory by stage, type
and model, the life functions their building blocks serve against the diagnosis' gaps, useful
effects and their contributors, open needs and the cooperations taking them on, recent events of
their journals, compared with the comparison territory where figures allow.

What each visitor sees (docs/dashboard.md): the published part of published cooperations
(`Cooperation.PUBLIC_FIELDS` and their blocks) for everyone; the cooperations whose record the
visitor may read (`accessible_to`) are counted too, marked private when they are not published.
The economic model (useful effects, contributors) and the journal are never published: they come
from the cooperations whose record the visitor may read, and from no other."""

from collections import Counter
from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse

from terreau.cooperations.models import BuildingBlock, Cooperation, JournalEntry
from terreau.core.taxonomies import CooperationModel, CooperationType, LifeFunction, Stage
from terreau.dashboard.comparison import (
    MIN_COMPARED,
    economy_comparison,
    life_function_comparison,
    needs_comparison,
    observatory_link,
    per_100k,
)
from terreau.diagnosis.models import Need
from terreau.diagnosis.queries import diagnose
from terreau.economy.models import Contribution, UsefulEffect
from terreau.monographs.models import Monograph

EFFECTS_SHOWN = 20
EVENTS_SHOWN = 8
# Blocks that serve their life functions today or are on their way; stopped ones do not count.
LIVE_BLOCKS = (
    BuildingBlock.Status.IDEA,
    BuildingBlock.Status.PLANNED,
    BuildingBlock.Status.RUNNING,
)


def _counts(taxonomy, counter: Counter, reference: Counter) -> list[dict]:
    """Per key of the taxonomy: its label, the count on the territory and on the comparison."""
    return [
        {
            "key": m.value,
            "label": str(m.label),
            "count": counter[m.value],
            "reference": reference[m],
        }
        for m in taxonomy
    ]


def _tally(rows) -> tuple[Counter, Counter, Counter]:
    """Counts by stage, type and model of (stage, cooperation_type, stored models) rows."""
    stages, types, models = Counter(), Counter(), Counter()
    for stage, cooperation_type, stored in rows:
        stages[stage] += 1
        types[cooperation_type] += 1
        for key in stored.split():
            models[key] += 1
    return stages, types, models


def territory_dashboard(territory, *, user, compare_to=None) -> dict:
    """The dashboard of `territory` as `user` may see it, as plain data (the API's JSON and the
    page's context): keys with their labels, counts, dates and decimals."""
    diagnosis = diagnose(territory, compare_to=compare_to, user=user)
    compare_to = diagnosis.compare_to
    population = diagnosis.data["territory"]["population"]
    reference_population = diagnosis.data["compare_to"]["population"]

    visible = Cooperation.objects.visible_to(user)
    members_of = set(Cooperation.objects.accessible_to(user).values_list("pk", flat=True))
    cooperations = list(
        visible.in_territory(territory)
        .order_by("name", "pk")
        .prefetch_related(
            Prefetch("blocks", queryset=BuildingBlock.objects.filter(status__in=LIVE_BLOCKS))
        )
    )
    readable = [c for c in cooperations if c.pk in members_of]
    reference_cooperations = visible.in_territory(compare_to)
    reference_rows = list(reference_cooperations.values_list("stage", "cooperation_type", "models"))
    reference = _tally(reference_rows)
    stages, types, models = _tally((c.stage, c.cooperation_type, c.models) for c in cooperations)
    served: dict[str, list[dict]] = {lf.value: [] for lf in LifeFunction}
    served_by: dict[str, set[int]] = {lf.value: set() for lf in LifeFunction}
    entries = []
    for cooperation in cooperations:
        entry = {
            "slug": cooperation.slug,
            "name": cooperation.name,
            "url": cooperation.get_absolute_url(),
            "is_public": cooperation.is_public,
            "is_member": cooperation.pk in members_of,
            "stage": {"key": cooperation.stage, "label": cooperation.get_stage_display()},
            "cooperation_type": {
                "key": cooperation.cooperation_type,
                "label": cooperation.get_cooperation_type_display(),
            },
            "models": [{"key": m.value, "label": str(m.label)} for m in cooperation.model_list],
        }
        entries.append(entry)
        for block in cooperation.blocks.all():
            for lf in block.life_function_list:
                served[lf.value].append(
                    {"block": block.name, "cooperation": cooperation.name, "url": entry["url"]}
                )
                served_by[lf.value].add(cooperation.pk)

    coverage = {row["life_function"]: row for row in diagnosis.data["coverage"]}
    life_functions = [
        {
            "key": lf.value,
            "label": str(lf.label),
            "actors": coverage[lf.value]["actors"],
            "status": coverage[lf.value]["status"],
            "blocks": served[lf.value],
            "cooperations": sorted({b["cooperation"] for b in served[lf.value]}),
        }
        for lf in LifeFunction
    ]

    populations = (population, reference_population)
    readable_here = Cooperation.objects.filter(pk__in=[c.pk for c in readable])
    readable_there = Cooperation.objects.accessible_to(user).in_territory(compare_to)
    return {
        "territory": {"ref": territory.ref, "name": str(territory.name), "population": population},
        "compare_to": {
            "ref": compare_to.ref,
            "name": str(compare_to.name),
            "population": reference_population,
        },
        "cooperations": {
            "total": len(cooperations),
            "private": sum(1 for c in cooperations if not c.is_public),
            "per_100k": per_100k(len(cooperations), population),
            "reference_total": len(reference_rows),
            "reference_per_100k": per_100k(len(reference_rows), reference_population),
            "by_stage": _counts(Stage, stages, reference[0]),
            "by_type": _counts(CooperationType, types, reference[1]),
            "by_model": _counts(CooperationModel, models, reference[2]),
            "list": entries,
        },
        "life_functions": life_functions,
        "gaps_without_cooperation": [
            lf["label"] for lf in life_functions if lf["status"] != "ok" and not lf["blocks"]
        ],
        "economy": _economy(readable),
        "needs": _needs(diagnosis.needs),
        "comparison": {
            "min_compared": MIN_COMPARED,
            "economy": economy_comparison(
                territory, compare_to, readable_here, readable_there, populations
            ),
            "needs": needs_comparison(
                territory, compare_to, diagnosis.needs, user=user, populations=populations
            ),
            "life_functions": life_function_comparison(
                territory,
                compare_to,
                served_by,
                reference_cooperations,
                populations=populations,
                coverage=coverage,
                live=LIVE_BLOCKS,
            ),
        },
        "observatory_url": observatory_link(territory),
        "events": _events(readable),
        "monographs": _monographs(cooperations, members_of),
    }


def useful_effect_rows(readable: list[Cooperation]) -> list[dict]:
    """Every useful effect of the cooperations whose record the visitor may read (the economic
    model is never published), with its contributors and evidence level; read by `_economy` and
    by the plaidoyer pack (monographs/plaidoyer.py)."""
    effects = (
        UsefulEffect.objects.filter(cooperation__in=readable)
        .select_related("cooperation")
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("beneficiary").order_by("pk"),
            )
        )
        .order_by("cooperation__name", "pk")
    )
    return [
        {
            "cooperation": effect.cooperation.name,
            "url": effect.cooperation.get_absolute_url(),
            "name": effect.name,
            "effect_type": {"key": effect.effect_type, "label": effect.get_effect_type_display()},
            "evidence_level": {
                "key": effect.evidence_level,
                "label": effect.get_evidence_level_display(),
            },
            "indicator": effect.indicator,
            "measured_value": effect.measured_value,
            "estimated_annual_value": effect.estimated_annual_value,
            "contributors": [
                {
                    "id": c.beneficiary_id,
                    "name": c.beneficiary.name,
                    "status": {"key": c.status, "label": c.get_status_display()},
                    "amount": c.amount,
                }
                for c in effect.contributions.all()
            ],
        }
        for effect in effects
    ]


def readable_cooperations(territory, *, user) -> list[Cooperation]:
    """The cooperations acting on `territory` whose whole record `user` may read."""
    return list(
        Cooperation.objects.accessible_to(user).in_territory(territory).order_by("name", "pk")
    )


def _economy(readable: list[Cooperation]) -> dict:
    """Useful effects and their contributors, from the cooperations whose record the visitor may
    read only (the economic model is never published)."""
    rows = useful_effect_rows(readable)
    contributors = {c["id"] for row in rows for c in row["contributors"]}
    valued = [r["estimated_annual_value"] for r in rows if r["estimated_annual_value"] is not None]
    return {
        "cooperations": len(readable),
        "effects": len(rows),
        "contributors": len(contributors),
        "estimated_annual_value": sum(valued, Decimal(0)) if valued else None,
        "list": rows[:EFFECTS_SHOWN],
    }


def _needs(needs: list[Need]) -> dict:
    """The open needs of the diagnosis (recorded here or on a territory inside) the visitor may
    see, each with the cooperations taking it on that the visitor may see."""
    open_needs = [n for n in needs if n.status != Need.Status.MET]
    rows = [
        {
            "title": need.title,
            "status": {"key": need.status, "label": need.get_status_display()},
            "priority": {"key": need.priority, "label": need.get_priority_display()},
            "recorded_on": need.recorded_on.as_dict(),
            "life_functions": [str(lf.label) for lf in need.life_function_list],
            "cooperations": [
                {"name": c.name, "url": c.get_absolute_url()} for c in need.visible_cooperations
            ],
        }
        for need in open_needs
    ]
    return {
        "total": len(rows),
        "taken_on": sum(1 for row in rows if row["cooperations"]),
        "list": rows,
    }


def _events(readable: list[Cooperation]) -> list[dict]:
    """The latest events of the journals the visitor may read (journals are never published)."""
    entries = (
        JournalEntry.objects.filter(cooperation__in=readable)
        .select_related("cooperation")
        .order_by("-happened_on", "-pk")[:EVENTS_SHOWN]
    )
    return [
        {
            "cooperation": entry.cooperation.name,
            "url": entry.cooperation.get_absolute_url() + "#journal",
            "happened_on": entry.happened_on,
            "kind": {"key": entry.kind, "label": entry.get_kind_display()},
            "title": entry.title,
        }
        for entry in entries
    ]


def _monographs(cooperations: list[Cooperation], members_of: set[int]) -> list[dict]:
    """The monographs the visitor may read (`Monograph.readable_by`): published ones of published
    cooperations for everyone, any of the cooperations whose record the visitor may read."""
    monographs = Monograph.objects.filter(cooperation__in=cooperations).select_related(
        "cooperation"
    )
    return [
        {
            "title": monograph.display_title,
            "cooperation": monograph.cooperation.name,
            "url": reverse("monographs:monograph", args=[monograph.cooperation.slug]),
            "is_public": monograph.is_public and monograph.cooperation.is_public,
        }
        for monograph in sorted(monographs, key=lambda m: m.cooperation.name)
        if monograph.cooperation_id in members_of
        or (monograph.is_public and monograph.cooperation.is_public)
    ]
