"""The needs of a territory's diagnosis: those recorded on the territory itself and those recorded
on a smaller territory whose communes all lie inside it. A need voiced in a commune is a need of its
EPCI, its département and its région too; a need voiced for a département is not one of each of its
communes, and a territory that only overlaps the diagnosed one brings none of its needs."""

from dataclasses import dataclass

from django.db.models import CharField, Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat

from terreau.actors.models import Actor
from terreau.cooperations.models import Cooperation
from terreau.diagnosis.models import Need
from terreau.territories.models import Commune, Level, ProjectTerritory
from terreau.territories.refs import AREA_MODELS

# The levels a commune belongs to through one of its foreign keys, with that key.
AREA_FIELDS = {
    Level.EPCI: "epci",
    Level.DEPARTEMENT: "departement",
    Level.REGION: "region",
    Level.BASSIN: "bassin_vie",
    Level.ZONE_EMPLOI: "zone_emploi",
}


@dataclass(frozen=True)
class RecordedOn:
    """The territory a need was recorded on."""

    ref: str
    name: str

    @property
    def level_label(self) -> str:
        return Level(self.ref.partition(":")[0]).label

    def as_dict(self) -> dict:
        return {"ref": self.ref, "name": self.name}


def needs_for(territory, *, user) -> list[Need]:
    """The needs `user` may see that were recorded on `territory` or on a territory lying wholly
    inside it, in the same few queries whatever their number. Each need carries `recorded_on`
    (a RecordedOn) and `visible_actors` (its actors that `user` may see)."""
    inside = territory.communes()
    # References of the territories touching this one: its communes, the areas holding any of
    # them, the project territories sharing one. Which of them lie wholly inside is checked below.
    # The areas are found by id from the communes alone (a few hundred distinct rows at most):
    # joined in SQL, PostgreSQL without statistics on the area tables took 30 to 70 ms.
    area_ids = {level: set() for level in AREA_FIELDS}
    for row in inside.order_by().values_list(*AREA_FIELDS.values()).distinct():
        for level, pk in zip(AREA_FIELDS, row, strict=True):
            if pk is not None:
                area_ids[level].add(pk)
    touching = [
        _refs(inside, Level.COMMUNE, "code"),
        *(
            _refs(AREA_MODELS[level].objects.filter(pk__in=ids), level, "code")
            for level, ids in area_ids.items()
            if ids
        ),
        _refs(
            ProjectTerritory.objects.visible_to(user).filter(communes_set__in=inside),
            Level.PROJET,
            "slug",
        ),
    ]
    condition = Q(territory_ref=territory.ref)
    for refs in touching:
        condition |= Q(territory_ref__in=refs)
    candidates = (
        Need.objects.visible_to(user)
        .filter(condition)
        .prefetch_related(
            Prefetch(
                "actors",
                queryset=Actor.objects.visible_to(user).only("pk", "name", "siret", "rna"),
                to_attr="visible_actors",
            ),
            Prefetch(
                "cooperations",
                queryset=Cooperation.objects.visible_to(user).only("pk", "slug", "name"),
                to_attr="visible_cooperations",
            ),
        )
    )
    needs = list(candidates.order_by())
    names = _contained(territory, inside, {need.territory_ref for need in needs}, user=user)
    kept = []
    for need in needs:
        if need.territory_ref in names:
            need.recorded_on = RecordedOn(need.territory_ref, names[need.territory_ref])
            kept.append(need)
    # Open needs first, then by priority, most recent first: the order of the choices, which the
    # alphabetical order of their keys ("addressed" < "met" < "open") is not.
    kept.sort(
        key=lambda need: (
            Need.Status.values.index(need.status),
            Need.Priority.values.index(need.priority),
            -need.voiced_on.toordinal(),
            need.pk,
        )
    )
    return kept


def linkable_actors(territory, *, user) -> QuerySet[Actor]:
    """The actors a need recorded on `territory` may name: those of its communes that `user` may
    see (the web form, its search and the needs import share this rule)."""
    return Actor.objects.visible_to(user).in_territory(territory)


def need_entry(need: Need) -> dict:
    """A need as the diagnosis JSON gives it."""
    return {
        "title": need.title,
        "life_functions": need.life_functions.split(),
        "priority": need.priority,
        "status": need.status,
        "territory": need.recorded_on.as_dict(),
        "actors": [{"id": actor.pk, "name": actor.name} for actor in need.visible_actors],
        "cooperations": [
            {"slug": cooperation.slug, "name": cooperation.name}
            for cooperation in need.visible_cooperations
        ],
    }


def _refs(queryset: QuerySet, level: Level, field: str) -> QuerySet:
    """The rows of `queryset` as territory references `<level>:<field>`, for an IN subquery: the
    communes of a large territory never travel to Python and back as parameters."""
    ref = Concat(Value(f"{level.value}:"), field, output_field=CharField())
    return queryset.order_by().annotate(ref=ref).values("ref")


def _contained(territory, inside: QuerySet, refs: set[str], *, user) -> dict[str, str]:
    """The name of each of `refs` that is `territory` itself or lies wholly inside it: one grouped
    query per level present among `refs`, comparing each area's current communes with those of
    them inside the territory."""
    names = {territory.ref: str(territory.name)}
    by_level: dict[str, set[str]] = {}
    for ref in refs - names.keys():
        level, _sep, code = ref.partition(":")
        by_level.setdefault(level, set()).add(code)
    if codes := by_level.get(Level.COMMUNE.value):
        # Candidates were drawn from the territory's own communes: each of them is inside.
        for code, name in (
            Commune.objects.current().filter(code__in=codes).values_list("code", "name")
        ):
            names[f"commune:{code}"] = name
    for level, key in AREA_FIELDS.items():
        if codes := by_level.get(level.value):
            rows = (
                Commune.objects.current()
                .filter(**{f"{key}__code__in": codes})
                .order_by()
                .values_list(f"{key}__code", f"{key}__name")
                .annotate(total=Count("pk"), within=Count("pk", filter=Q(pk__in=inside)))
            )
            names.update(
                {
                    f"{level.value}:{code}": name
                    for code, name, total, within in rows
                    if total == within
                }
            )
    if slugs := by_level.get(Level.PROJET.value):
        current = Q(communes_set__is_current=True)
        rows = (
            ProjectTerritory.objects.visible_to(user)
            .filter(slug__in=slugs)
            .order_by()
            .annotate(
                total=Count("communes_set", filter=current),
                within=Count("communes_set", filter=current & Q(communes_set__in=inside)),
            )
            .values_list("slug", "name", "total", "within")
        )
        names.update(
            {f"projet:{slug}": name for slug, name, total, within in rows if total == within}
        )
    return names
