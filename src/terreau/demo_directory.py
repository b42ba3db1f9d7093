"""A synthetic actor directory for the demonstration territories, so that a newcomer's diagnosis
reads like a territory's (a few hundred actors in Pantin) rather than six named actors.

Nothing here is real: every actor is fictitious, named after its activity and commune with the
word « fictif », marked `is_demo` (shown with the "démonstration" badge) and described as
synthetic. What is real is what it is drawn from: the communes and their populations (one actor
per INHABITANTS_PER_ACTOR inhabitants), legal forms of the INSEE classification, NAF activities
whose life functions come from the project's own NAF → life function table. The same seed gives
the same directory; loading it again adds nothing (each actor has a stable `external_id`).
"""

import random
from dataclasses import dataclass

from terreau.actors.classification import (
    actor_kind_for,
    ess_family_for,
    life_functions_for_naf,
    naf_label,
)
from terreau.actors.models import Actor, Source, life_functions_text
from terreau.core.text import search_key
from terreau.territories.refs import resolve

INHABITANTS_PER_ACTOR = 150
SEED = 2026
EXTERNAL_ID_PREFIX = "demo-synthetique-"
SOURCE_NAME = "terreau demo load (annuaire synthétique)"
# Stored data, in French like the rest of the demonstration data set.
DESCRIPTION = (
    "Acteur fictif de l'annuaire de démonstration : il est généré pour montrer un diagnostic "
    "de territoire et n'existe pas."
)

# Territories whose communes get a synthetic directory: those of the demonstration cases.
TERRITORIES = ["commune:93055", "epci:246200844", "epci:246700488", "departement:39"]

# Alsace and Moselle declare associations under local law (9260), elsewhere 9220.
LOCAL_LAW_DEPARTEMENTS = {"57", "67", "68"}


@dataclass(frozen=True)
class Family:
    weight: int
    legal_forms: tuple[str, ...]
    activities: str  # NAF sous-classes, separated by spaces


# Weights per 100 actors: a directory of the social and solidarity economy and its neighbours,
# not a SIRENE stock (whose companies would drown every life function).
FAMILIES = (
    Family(
        45,
        ("9220",),
        "94.99Z 88.99B 88.10A 88.91A 85.59A 93.12Z 93.29Z 90.01Z 91.01Z 88.91B 01.13Z 38.32Z "
        "49.39A 95.29Z 88.10C 78.30Z",
    ),
    Family(8, ("5458", "5460", "5560"), "56.10A 43.21A 38.11Z 62.01Z 10.71C"),
    Family(3, ("6317",), "01.13Z 01.50Z 10.71C"),
    Family(3, ("8210",), "86.90D 65.12Z"),
    Family(2, ("9300",), "87.30A 88.10A 85.59B"),
    Family(
        39,
        ("5710", "5499"),
        "56.10A 56.10C 47.11B 47.11C 47.21Z 86.21Z 45.20A 81.30Z 55.10Z 96.02A 47.76Z 70.22Z "
        "35.11Z",
    ),
)


def demo_directory_load(*, seed: int = SEED) -> int:
    """Create the synthetic actors of the demonstration territories' communes that are not there
    yet; returns how many were created."""
    communes = {}
    for ref in TERRITORIES:
        for commune in resolve(ref).communes().select_related("departement"):
            communes[commune.code] = commune
    already = set(
        Actor.objects.filter(source=Source.DEMO, external_id__startswith=EXTERNAL_ID_PREFIX)
        .values_list("commune_id", flat=True)
        .distinct()
    )
    rng = random.Random(seed)
    weights = [family.weight for family in FAMILIES]
    actors = []
    for code in sorted(communes):
        commune = communes[code]
        count = max(1, round((commune.population or 0) / INHABITANTS_PER_ACTOR))
        # Drawn even for communes already loaded, so that each commune's actors stay the same.
        draws = [_draw(rng, weights, commune) for _ in range(count)]
        if commune.pk in already:
            continue
        actors += [_actor(commune, number, *draw) for number, draw in enumerate(draws, 1)]
    Actor.objects.bulk_create(actors, batch_size=500)
    return len(actors)


def _draw(rng: random.Random, weights, commune) -> tuple[str, str]:
    family = rng.choices(FAMILIES, weights)[0]
    legal_form = rng.choice(family.legal_forms)
    if legal_form == "9220" and commune.departement.code in LOCAL_LAW_DEPARTEMENTS:
        legal_form = "9260"
    return legal_form, rng.choice(family.activities.split())


def _actor(commune, number: int, legal_form: str, naf: str) -> Actor:
    activity = naf_label(naf) or naf
    if len(activity) > 60:
        activity = activity[:59].rstrip(" ,(") + "…"
    name = f"{activity} — {commune.name} (fictif n° {number})"
    ess = bool(ess_family_for(legal_form))
    return Actor(
        name=name,
        search_name=search_key(name),
        kind=actor_kind_for(legal_form_code=legal_form, ess=ess),
        legal_form_code=legal_form,
        legal_form_family=ess_family_for(legal_form),
        is_ess=ess,
        naf_code=naf,
        commune=commune,
        postal_code="",
        life_functions=life_functions_text(life_functions_for_naf(naf)),
        description=DESCRIPTION,
        external_id=f"{EXTERNAL_ID_PREFIX}{commune.code}-{number}",
        source=Source.DEMO,
        source_name=SOURCE_NAME,
        is_public=True,
        is_demo=True,
    )
