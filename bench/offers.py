"""Benchmark of offer matching: 20,000 generated offers with perimeters from the commune to the
whole country, 5,000 cooperations in one région.

Targets (issue 7): matching one cooperation takes under 100 ms, matching all 5,000 cooperations
of the région under 60 s. Each is printed beside a naive baseline measured in the same run: the
same rule (`criteria.matcher`, what `evaluate` calls) applied to every offer in a Python loop,
without the SQL pre-filter on the indexed perimeters nor the index of open offers.

Run from the repository root: `.venv/bin/python bench/offers.py [--offers N] [--cooperations N]`.
Works on a throwaway database and never touches ./var, like bench/territories.py (whose helpers
it uses): SQLite in a temporary directory by default; with DATABASE_URL set to a PostgreSQL
server, a database named `terreau_bench_offers`, created and dropped by this script.
"""

import argparse
import os
import random
import statistics
import sys
from datetime import date, timedelta

import territories
from territories import Table, step, timed, yes_no

territories.BENCH_DB = "terreau_bench_offers"
REGION = "region:32"  # Hauts-de-France: 3,800 communes, 5 départements, 90 EPCI
DAY = date(2026, 11, 22)
ONE_TARGET_MS, ALL_TARGET_S = 100.0, 60.0
NAIVE_SAMPLE = 40  # cooperations matched the naive way, to extrapolate to all of them
# Where offers are open, in shares of the catalogue (aides-territoires is mostly local).
PERIMETER_LEVELS = {
    "france": 0.05,
    "region": 0.15,
    "departement": 0.30,
    "epci": 0.25,
    "commune": 0.15,
    "several_departements": 0.07,
    "unknown": 0.03,
}
STAGES = ["ideation", "emergence", "creation", "consolidation", "scaling"]
MODELS = [
    "ptce",
    "tiers_lieu",
    "pat",
    "tzcld",
    "amap",
    "cooperative_supermarket",
    "solidarity_garage",
    "ressourcerie",
    "other",
]
AUDIENCES = ["association", "ess_company", "cooperative", "local_authority", "company", "scic",
             "informal_group", "public_body"]  # fmt: skip
FUNCTIONS = ["food", "health", "housing", "mobility", "learning", "work", "culture",
             "social_ties", "environment"]  # fmt: skip
SUPPORT_TYPES = ["peer_support", "trusted_third_party", "dla", "incubation", "fabrique",
                 "strategic_engineering", "diagnostic", "training"]  # fmt: skip
FINANCING_TYPES = ["grant", "multi_year_agreement", "call_for_projects", "loan", "honour_loan",
                   "seed_fund", "matched_crowdfunding", "sponsorship"]  # fmt: skip
LEGAL_FORMS = {"informal": 20, "agreement": 5, "association": 45, "scic": 10, "cooperative": 5,
               "company": 10, "public": 5}  # fmt: skip


def key_set(rng, keys, unknown=0.4, most=3):
    """A stored eligibility set: unknown (None) for some offers, else 1 to `most` keys."""
    if rng.random() < unknown:
        return None
    chosen = set(rng.sample(keys, rng.randint(1, most)))
    return " " + " ".join(k for k in keys if k in chosen) + " "


def generate_offers(rng, geography, count: int):
    from terreau.offers.models import Offer, OfferPerimeter

    levels, weights = zip(*PERIMETER_LEVELS.items(), strict=True)
    offers, perimeters = [], []
    for number in range(count):
        kind = "support" if rng.random() < 0.4 else "financing"
        types = SUPPORT_TYPES if kind == "support" else FINANCING_TYPES
        status = rng.choices(["published", "draft", "archived"], [90, 5, 5])[0]
        deadline = None
        if rng.random() < 0.4:
            deadline = DAY + timedelta(days=rng.randint(-200, 400))
        offers.append(
            Offer(
                name=f"Offre {number}",
                slug=f"offre-{number}",
                kind=kind,
                types=" " + " ".join(sorted(set(rng.sample(types, rng.randint(1, 2))))) + " ",
                audiences=key_set(rng, AUDIENCES, most=4),
                stages=key_set(rng, STAGES, unknown=0.3),
                cooperation_models=key_set(rng, MODELS, unknown=0.6),
                economic_models=key_set(rng, ["market", "non_market", "hybrid"], most=2),
                carriers=key_set(rng, ["institutional", "citizen", "mixed"], most=2),
                life_functions=key_set(rng, FUNCTIONS, unknown=0.5),
                legal_entity_required=rng.choice([True, True, False, None]),
                funds_animation=rng.choice([True, False, None, None]),
                status=status,
                deadline=deadline,
                source="json",
                source_id=str(number),
            )
        )
        level = rng.choices(levels, weights)[0]
        if level == "france":
            rows = [("france", "")]
        elif level == "unknown":
            rows = []
        elif level == "several_departements":
            rows = [("departement", code) for code in rng.sample(geography["departement"], 3)]
        else:
            rows = [(level, rng.choice(geography[level]))]
        perimeters.append(rows)
    Offer.objects.bulk_create(offers, batch_size=2000)
    ids = dict(Offer.objects.values_list("slug", "pk"))
    OfferPerimeter.objects.bulk_create(
        [
            OfferPerimeter(offer_id=ids[offer.slug], level=level, code=code, name=code or "France")
            for offer, rows in zip(offers, perimeters, strict=True)
            for level, code in rows
        ],
        batch_size=5000,
    )


def generate_cooperations(rng, region, count: int) -> None:
    from terreau.actors.models import Actor
    from terreau.cooperations.models import Cooperation, Member
    from terreau.territories.models import Commune

    communes = list(region.communes().values_list("pk", "code", "epci_id", "epci__code"))
    by_epci = {}
    for pk, _code, epci_id, _epci_code in communes:
        by_epci.setdefault(epci_id, []).append(pk)
    cooperations, located = [], []
    for number in range(count):
        pk, code, epci_id, epci_code = rng.choice(communes)
        if rng.random() < 0.3 and epci_code:
            ref, commune_ids = f"epci:{epci_code}", by_epci[epci_id]
        else:
            ref, commune_ids = f"commune:{code}", [pk]
        ctype = rng.choices(
            ["modelled", "non_modelled", "systemic_thematic", "systemic_generalist"],
            [60, 20, 10, 10],
        )[0]
        cooperations.append(
            Cooperation(
                name=f"Coopération {number}",
                slug=f"cooperation-{number}",
                aim="—",
                life_functions=key_set(rng, FUNCTIONS, unknown=0.1) or "",
                territory_ref=ref,
                cooperation_type=ctype,
                models=f" {rng.choice(MODELS)} " if ctype == "modelled" else "",
                economic_model=rng.choice(["market", "non_market", "hybrid"]),
                carrier=rng.choice(["institutional", "citizen", "mixed"]),
                stage=rng.choice(STAGES),
                legal_form=rng.choices(list(LEGAL_FORMS), list(LEGAL_FORMS.values()))[0],
            )
        )
        located.append(commune_ids)
    Cooperation.objects.bulk_create(cooperations, batch_size=2000)
    ids = list(Cooperation.objects.order_by("pk").values_list("pk", flat=True))
    Cooperation.communes.through.objects.bulk_create(
        [
            Cooperation.communes.through(cooperation_id=cid, commune_id=commune_id)
            for cid, commune_ids in zip(ids, located, strict=True)
            for commune_id in commune_ids
        ],
        batch_size=5000,
    )
    # A lead member (porteur) for a third of them.
    commune = Commune.objects.filter(pk=communes[0][0]).first()
    actors = Actor.objects.bulk_create(
        [
            Actor(
                name=f"Porteur {n}",
                search_name=f"porteur {n}",
                kind=rng.choice(AUDIENCES),
                commune=commune,
                source="manual",
            )
            for n in range(count // 3)
        ]
    )
    Member.objects.bulk_create(
        [
            Member(cooperation_id=cid, actor_id=actor.pk, roles=" lead ")
            for cid, actor in zip(rng.sample(ids, len(actors)), actors, strict=True)
        ]
    )


def clear_caches() -> None:
    """Forget the memoised criteria, so that each measure starts cold."""
    from terreau.offers import criteria

    for name in dir(criteria):
        function = getattr(criteria, name)
        if hasattr(function, "cache_clear"):
            function.cache_clear()


def naive_matches(profile, offers, day):
    from terreau.offers.criteria import matcher, ranked

    match = matcher(profile, day)
    return ranked([m for m in map(match, offers) if m.eligible])


def main(argv) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--cooperations", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with territories.bench_environment("offers"):
        from django.conf import settings

        from terreau.cooperations.models import Cooperation
        from terreau.offers.matching import (
            cooperation_matches,
            matches_for_many,
            offer_facts,
            profiles_of,
        )
        from terreau.offers.models import Offer
        from terreau.territories.models import Commune, Departement, Epci, Region
        from terreau.territories.refs import resolve
        from terreau.territories.services import geography_load

        rng = random.Random(args.seed)
        step("loading the geography (geography_load)")
        geography_load(package_dir=settings.TERREAU_GEO_PACKAGE_DIR)
        geography = {
            "region": list(Region.objects.values_list("code", flat=True)),
            "departement": list(Departement.objects.values_list("code", flat=True)),
            "epci": list(Epci.objects.values_list("code", flat=True)),
            "commune": list(Commune.objects.current().values_list("code", flat=True)),
        }
        step(f"generating {args.offers:,} offers")
        generate_offers(rng, geography, args.offers)
        step(f"generating {args.cooperations:,} cooperations in {REGION}")
        generate_cooperations(rng, resolve(REGION), args.cooperations)
        summary = Table("Summary", ["measure", "ours", "naive", "ratio", "target", "met"])

        # One cooperation: the SQL pre-filter and the rule, against every offer read and
        # evaluated in Python.
        sample = rng.sample(list(Cooperation.objects.values_list("pk", flat=True)), 30)
        cooperations = list(Cooperation.objects.filter(pk__in=sample))
        ours, naive, counts = [], [], []
        for cooperation in cooperations:
            clear_caches()
            seconds, found = timed(cooperation_matches, cooperation, day=DAY)
            ours.append(seconds)
            counts.append(len(found))
            clear_caches()

            def naive_one(cooperation=cooperation):
                profile = profiles_of(Cooperation.objects.filter(pk=cooperation.pk))[0]
                return naive_matches(profile, offer_facts(Offer.objects.all()), DAY)

            seconds, expected = timed(naive_one)
            naive.append(seconds)
            assert [m.offer.id for m in expected] == [m.offer.id for m in found]
        one_ms, naive_ms = statistics.median(ours) * 1000, statistics.median(naive) * 1000
        print(
            f"  one cooperation: {statistics.median(counts):.0f} eligible offers (median of "
            f"{len(cooperations)}), same ranking as the naive loop",
            flush=True,
        )
        summary.add(
            "match one cooperation (median of 30)",
            f"{one_ms:.0f} ms",
            f"{naive_ms:.0f} ms",
            f"{naive_ms / one_ms:.1f}x",
            f"< {ONE_TARGET_MS:.0f} ms",
            yes_no(one_ms < ONE_TARGET_MS),
        )

        # All the cooperations of the région: the open offers read once and indexed by
        # perimeter; the naive way evaluates every open offer for each cooperation (measured on
        # a sample, extrapolated).
        step(f"matching all {args.cooperations:,} cooperations")
        clear_caches()
        all_s, results = timed(matches_for_many, Cooperation.objects.all(), day=DAY)
        clear_caches()
        open_offers = offer_facts(Offer.objects.open_on(DAY))
        profiles = profiles_of(Cooperation.objects.filter(pk__in=sample[:NAIVE_SAMPLE]))
        naive_sample_s, naive_results = timed(
            lambda: [naive_matches(profile, open_offers, DAY) for profile in profiles]
        )
        for profile, expected in zip(profiles, naive_results, strict=True):
            found = results[profile.id]
            assert [(m.offer.id, m.score) for m in expected] == [
                (m.offer.id, m.score) for m in found
            ]
        naive_all_s = naive_sample_s / len(profiles) * args.cooperations
        total = sum(len(found) for found in results.values())
        print(f"  {total:,} eligible pairs in all, the same as the naive loop's", flush=True)
        summary.add(
            f"match all {args.cooperations:,} cooperations",
            f"{all_s:.1f} s",
            f"{naive_all_s:.0f} s (from {len(profiles)})",
            f"{naive_all_s / all_s:.1f}x",
            f"< {ALL_TARGET_S:.0f} s",
            yes_no(all_s < ALL_TARGET_S),
        )
        load = os.getloadavg()[0]
        summary.print()
        print(f"Load average during the run: {load:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
