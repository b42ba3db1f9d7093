"""The état des lieux of a territory, computed from the actor directory in a handful of grouped
queries: every figure can be recomputed by hand from the actor list."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.db.models import Q, Sum

from terreau.cooperations.models import Cooperation
from terreau.core.taxonomies import ActorKind, LifeFunction
from terreau.diagnosis.aggregates import Figures, figures_for
from terreau.diagnosis.needs import need_entry, needs_for
from terreau.territories.models import Departement, Level, ReferenceDataset, Region
from terreau.territories.refs import France

PER = 10_000  # figures are given per 10,000 inhabitants


def _serving(life_function: str) -> Q:
    return Q(life_functions__contains=f" {life_function} ")


def _population(territory) -> int:
    return territory.communes().aggregate(total=Sum("population"))["total"] or 0


def percent(share: float | None) -> int | None:
    """A share (0–1) as a whole percentage, for people to read."""
    return None if share is None else round(share * 100)


def _per_10k(count: int, population: int) -> float | None:
    return round(count * PER / population, 2) if population else None


def default_comparison(territory):
    """The département of a territory within one, else its région, else France."""
    if territory.level == Level.REGION:
        return France()
    communes = territory.communes()
    departements = Departement.objects.filter(pk__in=communes.values("departement_id"))
    if territory.level != Level.DEPARTEMENT and departements.count() == 1:
        return departements.get()
    regions = Region.objects.filter(pk__in=communes.values("region_id"))
    if regions.count() == 1:
        return regions.get()
    return France()


@lru_cache(maxsize=4096)
def _functions(stored: str) -> tuple[str, ...]:
    """The life functions of a stored " food health " string (unknown keys left out). Cached:
    a few dozen strings take turns over tens of thousands of rows, and `LifeFunction.values`
    builds a new list at each call."""
    keys = set(LifeFunction.values)
    return tuple(key for key in stored.split() if key in keys)


def counts_by_life_function(figures: Figures) -> dict[str, int]:
    """Actors serving each life function. Grouped by the stored string, which takes a few dozen
    values, rather than 9 LIKE per row: one pass, no pattern matching."""
    counts = dict.fromkeys(LifeFunction.values, 0)
    for stored, n in figures.life_function_rows():
        for key in _functions(stored):
            counts[key] += n
    return counts


def actor_summary(figures: Figures) -> dict:
    """Totals, ESS count, counts by kind, legal form family, life function, the kind × life
    function matrix and the source files, from one query grouped by those columns (two over
    aggregates: the aggregate rows, and the private actors the viewer may see)."""
    total = ess = 0
    by_kind, families, by_life_function = (
        Counter(),
        Counter(),
        dict.fromkeys(LifeFunction.values, 0),
    )
    matrix: dict[str, Counter] = {}
    files: dict[tuple, dict] = {}
    for kind, family, is_ess, stored, source, source_name, n, latest in figures.summary_rows():
        total += n
        ess += n if is_ess else 0
        by_kind[kind] += n
        families[family] += n
        row = matrix.setdefault(kind, Counter())
        for key in _functions(stored):
            by_life_function[key] += n
            row[key] += n
        file = files.setdefault((source, source_name), {"n": 0, "latest": None})
        file["n"] += n
        if latest is not None and (file["latest"] is None or latest > file["latest"]):
            file["latest"] = latest
    return {
        "total": total,
        "ess": ess,
        "by_kind": dict(by_kind),
        "families": dict(families),
        "by_life_function": by_life_function,
        "matrix": matrix,
        "files": files,
    }


def status(count: int, per_10k: float | None, reference_per_10k: float | None) -> str:
    """`gap`: no actor; `low`: fewer than half the reference density; `ok` otherwise."""
    if count == 0:
        return "gap"
    if per_10k is not None and reference_per_10k and per_10k < reference_per_10k / 2:
        return "low"
    return "ok"


@dataclass
class Diagnosis:
    data: dict
    territory: object
    compare_to: object
    needs: list  # the Need objects behind data["needs"], for pages and reports
    cooperations: list  # the Cooperation objects behind data["cooperations"]
    # When the aggregates the figures (of the territory, of the comparison) were read from were
    # computed; None: counted live.
    figures_computed_at: datetime | None = None
    reference_computed_at: datetime | None = None
    figures: Figures | None = None  # where the territory's figures were read from (per_commune)


def diagnose(territory, *, compare_to=None, user=None, live: bool = False) -> Diagnosis:
    """The diagnosis of `territory` compared with `compare_to` (default: see `default_comparison`),
    as plain data (the JSON contract of `terreau diagnose` and the API). Large territories are
    counted from the aggregates when computed (`diagnosis/aggregates.py`; never with `live`):
    `figures_computed_at` then says when, else it is None (counted now); the same for the
    comparison's densities (`reference_computed_at`)."""
    compare_to = compare_to or default_comparison(territory)
    population = _population(territory)
    reference_population = _population(compare_to)
    figures = figures_for(territory, user, live_only=live)
    reference_figures = figures_for(compare_to, user, live_only=live)
    summary = actor_summary(figures)
    total = summary["total"]
    by_life_function = summary["by_life_function"]
    if compare_to.ref == territory.ref:  # France's default comparison is France
        reference = by_life_function
    else:
        reference = counts_by_life_function(reference_figures)
    by_kind = summary["by_kind"]
    matrix = summary["matrix"]
    families = summary["families"]
    needs = needs_for(territory, user=user)
    cooperations = list(Cooperation.objects.visible_to(user).in_territory(territory))
    coverage = []
    for lf in LifeFunction:
        count = by_life_function[lf.value]
        per_10k = _per_10k(count, population)
        reference_per_10k = _per_10k(reference[lf.value], reference_population)
        coverage.append(
            {
                "life_function": lf.value,
                "actors": count,
                "per_10k": per_10k,
                "reference_per_10k": reference_per_10k,
                "status": status(count, per_10k, reference_per_10k),
            }
        )
    data = {
        "territory": _describe(territory, population),
        "compare_to": _describe(compare_to, reference_population),
        "figures_computed_at": _iso(figures.computed_at),
        "reference_computed_at": _iso(reference_figures.computed_at),
        "actors": {
            "total": total,
            "ess_share": round(summary["ess"] / total, 4) if total else None,
            "by_kind": {k.value: by_kind.get(k.value, 0) for k in ActorKind},
            "by_life_function": by_life_function,
            "by_legal_form_family": {key or "other": n for key, n in families.items()},
            "matrix": {
                k.value: {lf.value: matrix.get(k.value, {}).get(lf.value, 0) for lf in LifeFunction}
                for k in ActorKind
            },
        },
        "coverage": coverage,
        "communes_without": communes_without(territory, figures),
        "needs": [need_entry(need) for need in needs],
        # What anyone may read of a cooperation (its published part), whatever the caller.
        "cooperations": [
            {
                "slug": cooperation.slug,
                "name": cooperation.name,
                "territory": cooperation.territory_ref,
                "cooperation_type": cooperation.cooperation_type,
                "models": cooperation.models.split(),
                "stage": cooperation.stage,
            }
            for cooperation in cooperations
        ],
        "sources": sources(summary["files"]),
    }
    return Diagnosis(
        data=data,
        territory=territory,
        compare_to=compare_to,
        needs=needs,
        cooperations=cooperations,
        figures_computed_at=figures.computed_at,
        reference_computed_at=reference_figures.computed_at,
        figures=figures,
    )


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _describe(territory, population: int) -> dict:
    return {"ref": territory.ref, "name": str(territory.name), "population": population}


def communes_without(territory, figures: Figures) -> dict[str, list[str]]:
    """For each life function, the territory's communes where no actor serves it."""
    served = {key: set() for key in LifeFunction.values}
    for commune_id, stored in figures.served_pairs():
        for key in _functions(stored):
            served[key].add(commune_id)
    communes = list(territory.communes().order_by("code").values_list("pk", "code"))
    return {key: [code for pk, code in communes if pk not in served[key]] for key in served}


def per_commune(
    territory, life_function: str | None, *, user=None, live=False, figures=None
) -> list[dict]:
    """Each commune of the territory with its population, point, number of actors serving
    `life_function` (all actors when None) and that number per 10,000 inhabitants (for maps).
    Read from the aggregates for a large territory, as `diagnose` (unless `live`); `figures`:
    those `diagnose` read for the same territory and user (`Diagnosis.figures`)."""
    figures = figures or figures_for(territory, user, live_only=live)
    counts = figures.commune_counts(_serving(life_function) if life_function else None)
    return [
        {
            "code": code,
            "name": name,
            "population": population,
            "lon": lon,
            "lat": lat,
            "actors": counts.get(pk, 0),
            "per_10k": _per_10k(counts.get(pk, 0), population or 0),
        }
        for pk, code, name, population, lon, lat in territory.communes()
        .order_by("code")
        .values_list("pk", "code", "name", "population", "lon", "lat")
    ]


def sources(files: dict) -> list[dict]:
    """Where the figures come from: reference data loaded, and the files the actors came from.
    `files`: {(source, source_name): {"n", "latest"}} (see actor_summary)."""
    reference = [
        {
            "kind": d.kind,
            "source": d.source,
            "version": d.version,
            "loaded_at": d.loaded_at.isoformat(),
        }
        for d in ReferenceDataset.objects.order_by("kind")
    ]
    return reference + [
        {
            "kind": f"actors:{source}",
            "source": source_name,
            "actors": file["n"],
            "loaded_at": file["latest"].isoformat() if file["latest"] else None,
        }
        for (source, source_name), file in sorted(files.items())
    ]
