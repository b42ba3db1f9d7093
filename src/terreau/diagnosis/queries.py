"""The état des lieux of a territory, computed from the actor directory in a handful of grouped
queries: every figure can be recomputed by hand from the actor list."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from terreau.actors.models import Actor
from terreau.core.taxonomies import ActorKind, LifeFunction
from terreau.diagnosis.models import Need
from terreau.territories.models import Commune, Departement, Level, ReferenceDataset, Region

PER = 10_000  # figures are given per 10,000 inhabitants


class France:
    """All of France as a comparison territory (`france`)."""

    ref = "france"
    name = _("France")
    level = None

    def communes(self):
        return Commune.objects.current()


def _serving(life_function: str) -> Q:
    return Q(life_functions__contains=f" {life_function} ")


def _population(territory) -> int:
    return territory.communes().aggregate(total=Sum("population"))["total"] or 0


def _actors(territory, user):
    return Actor.objects.visible_to(user).filter(commune__in=territory.communes())


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


def counts_by_life_function(actors) -> dict[str, int]:
    return actors.aggregate(
        **{lf.value: Count("id", filter=_serving(lf.value)) for lf in LifeFunction}
    )


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


def diagnose(territory, *, compare_to=None, user=None) -> Diagnosis:
    """The diagnosis of `territory` compared with `compare_to` (default: see `default_comparison`),
    as plain data (the JSON contract of `terreau diagnose` and the API)."""
    compare_to = compare_to or default_comparison(territory)
    population = _population(territory)
    reference_population = _population(compare_to)
    actors = _actors(territory, user)
    totals = actors.aggregate(total=Count("id"), ess=Count("id", filter=Q(is_ess=True)))
    total = totals["total"]
    by_life_function = counts_by_life_function(actors)
    reference = counts_by_life_function(_actors(compare_to, user))
    by_kind = dict(actors.order_by().values_list("kind").annotate(n=Count("id")))
    matrix_rows = (
        actors.order_by()
        .values("kind")
        .annotate(**{lf.value: Count("id", filter=_serving(lf.value)) for lf in LifeFunction})
    )
    matrix = {row.pop("kind"): row for row in matrix_rows}
    families = dict(actors.order_by().values_list("legal_form_family").annotate(n=Count("id")))
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
        "actors": {
            "total": total,
            "ess_share": round(totals["ess"] / total, 4) if total else None,
            "by_kind": {k.value: by_kind.get(k.value, 0) for k in ActorKind},
            "by_life_function": by_life_function,
            "by_legal_form_family": {key or "other": n for key, n in families.items()},
            "matrix": {
                k.value: {lf.value: matrix.get(k.value, {}).get(lf.value, 0) for lf in LifeFunction}
                for k in ActorKind
            },
        },
        "coverage": coverage,
        "communes_without": communes_without(territory, actors),
        "needs": [
            {
                "title": need.title,
                "life_functions": need.life_functions.split(),
                "priority": need.priority,
                "status": need.status,
            }
            for need in Need.objects.visible_to(user).for_territory(territory)
        ],
        "sources": sources(actors),
    }
    return Diagnosis(data=data, territory=territory, compare_to=compare_to)


def _describe(territory, population: int) -> dict:
    return {"ref": territory.ref, "name": str(territory.name), "population": population}


def communes_without(territory, actors) -> dict[str, list[str]]:
    """For each life function, the territory's communes where no actor serves it."""
    served = {
        row.pop("commune__code"): row
        for row in actors.order_by()
        .values("commune__code")
        .annotate(**{lf.value: Count("id", filter=_serving(lf.value)) for lf in LifeFunction})
    }
    codes = list(territory.communes().order_by("code").values_list("code", flat=True))
    return {
        lf.value: [code for code in codes if not served.get(code, {}).get(lf.value)]
        for lf in LifeFunction
    }


def per_commune(territory, life_function: str | None, *, user=None) -> list[dict]:
    """Each commune of the territory with its population, point, number of actors serving
    `life_function` (all actors when None) and that number per 10,000 inhabitants (for maps)."""
    actors = _actors(territory, user)
    if life_function:
        actors = actors.filter(_serving(life_function))
    counts = dict(actors.order_by().values_list("commune_id").annotate(n=Count("id")))
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


def sources(actors) -> list[dict]:
    """Where the figures come from: reference data loaded, and the files the actors came from."""
    reference = [
        {
            "kind": d.kind,
            "source": d.source,
            "version": d.version,
            "loaded_at": d.loaded_at.isoformat(),
        }
        for d in ReferenceDataset.objects.order_by("kind")
    ]
    files = [
        {
            "kind": f"actors:{row['source']}",
            "source": row["source_name"],
            "actors": row["n"],
            "loaded_at": row["latest"].isoformat() if row["latest"] else None,
        }
        for row in actors.order_by()
        .values("source", "source_name")
        .annotate(n=Count("id"), latest=Max("source_date"))
        .order_by("source", "source_name")
    ]
    return reference + files
