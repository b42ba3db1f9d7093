"""Reads of the actor directory, shared by pages, exports, the API and the CLI."""

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, Q, QuerySet

from terreau.actors.models import Actor
from terreau.actors.validators import normalize_identifier
from terreau.core.text import search_key
from terreau.territories.models import Commune


@dataclass
class ActorFilters:
    """The filters of the actor list; empty values filter nothing."""

    territory: object = None
    kind: str = ""
    life_function: str = ""
    ess: bool | None = None
    legal_form_family: str = ""
    commune: str = ""  # a commune code
    text: str = ""


def actors_matching(filters: ActorFilters, *, user) -> QuerySet[Actor]:
    actors = Actor.objects.visible_to(user).select_related("commune")
    if filters.territory is not None:
        actors = actors.in_territory(filters.territory)
    if filters.kind:
        actors = actors.filter(kind=filters.kind)
    if filters.life_function:
        actors = actors.serving(filters.life_function)
    if filters.ess is not None:
        actors = actors.filter(is_ess=filters.ess)
    if filters.legal_form_family:
        family = "" if filters.legal_form_family == "other" else filters.legal_form_family
        actors = actors.filter(legal_form_family=family)
    if filters.commune:
        actors = actors.filter(commune__code=filters.commune)
    if text := search_key(filters.text):
        actors = actors.filter(text_matches(text, normalize_identifier(filters.text)))
    return actors.order_by(*ORDER)


def text_matches(text: str, number: str) -> Q:
    """The actors whose name contains `text` (a search key), or whose SIRET or RNA number is
    `number` however it was written ("882 345 671"): the SIRET from its first digits, the RNA
    whole. Stored numbers are validated (14 digits; "W" and 9 digits), so a `number` that cannot
    begin one is not looked for: a word alone reads only the names, which the count of a list
    can then take from an index instead of every actor's row."""
    matches = Q(search_name__contains=text)
    if number.isdigit():
        matches |= Q(siret__startswith=number)
    if number[:1] == "W" and number[1:].isdigit():
        matches |= Q(rna__iexact=number)
    return matches


ORDER = ("search_name", "pk")


def actors_page(actors: QuerySet[Actor], start: int, stop: int) -> QuerySet[Actor]:
    """Actors [start:stop] of `actors` in name order, in two steps: the ids of the slice, read from
    the (commune, search_name, visibility, id) index alone when a territory is filtered, then
    those actors' rows. Slicing `actors` itself reads and sorts every matching row: on SQLite
    (bench/actors.py, 91,607 actors) a first page of 100 took 20 ms; on PostgreSQL the planner
    fetched the 24,856 rows of an EPCI (150,000 actors, bench/load.py) to sort them, 180 to 330 ms
    against 30 ms for the ids alone. SQLite runs both steps as one query; PostgreSQL gets the ids
    first, so that the planner never turns the `IN` of 50 ids into a scan of the table."""
    ids = actors.order_by(*ORDER).values("pk")[start:stop]
    if connections[actors.db].vendor != "sqlite":
        ids = list(ids.values_list("pk", flat=True))
    return Actor.objects.filter(pk__in=ids).select_related("commune").order_by(*ORDER)


class ActorPaginator(Paginator):
    """Pages of `actors_matching` read with `actors_page`."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        return Page(actors_page(self.object_list, start, start + self.per_page), number, self)


def actors_per_commune(actors: QuerySet[Actor]) -> dict:
    """GeoJSON points of the communes where `actors` are, with their number: the map of a list of
    any size stays one grouped query (actors are placed at their commune's point).

    Counted as `COUNT(*)` per commune id, without the communes: PostgreSQL then answers a
    territory's map from the (commune, search_name, visibility) index alone, an index-only scan,
    instead of fetching every actor's row for its id (bench/national.py, 1,000,000 actors:
    département 62's map 340 → 60 ms). The communes' names and points are read afterwards."""
    grouped = actors.order_by().values("commune_id").annotate(n=Count("*"))
    counts = dict(grouped.values_list("commune_id", "n"))
    unplaced = counts.pop(None, 0)
    communes = Commune.objects.only("code", "name", "lon", "lat").in_bulk(list(counts))
    features = []
    for commune_id, count in counts.items():
        commune = communes[commune_id]
        if commune.lon is None:
            unplaced += count
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [commune.lon, commune.lat]},
                "properties": {"code": commune.code, "name": commune.name, "count": count},
            }
        )
    features.sort(key=lambda feature: feature["properties"]["code"])
    return {"type": "FeatureCollection", "features": features, "unplaced_actors": unplaced}


IDENTIFIER = re.compile(r"\d{3,14}|W\d{3,9}")  # the start of a SIRET or an RNA number
MIN_SEARCH = 2  # characters before the actor search answers: one letter matches too many


def actor_suggestions(*, user, text: str, chosen: list[str], territory=None, limit=10) -> dict:
    """What the actor picker shows: `choices`, (actor, ticked) pairs, the actors already ticked
    (`chosen` ids) first, then up to `limit` others matching `text` (name, SIRET or RNA, as in the
    actor list) among those `user` may see (in `territory` when given); `searched` is false when
    `text` is too short to search."""
    actors = Actor.objects.visible_to(user).select_related("commune")
    if territory is not None:
        actors = actors.in_territory(territory)
    ids = [pk for pk in chosen if pk.isdigit()]
    ticked = list(actors.filter(pk__in=ids)) if ids else []
    # People copy SIRET numbers as printed, "404 833 048 00022": search them without the spaces.
    if IDENTIFIER.fullmatch(identifier := normalize_identifier(text)):
        text = identifier
    searched = len(text) >= MIN_SEARCH
    found = []
    if searched:
        matching = actors_matching(ActorFilters(territory=territory, text=text), user=user)
        found = list(matching.exclude(pk__in=[actor.pk for actor in ticked])[:limit])
    return {
        "choices": [(actor, True) for actor in ticked] + [(actor, False) for actor in found],
        "searched": searched,
        "found": len(found),
    }
