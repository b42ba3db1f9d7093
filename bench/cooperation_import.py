"""Benchmark of the cooperation interchange import: a document with 10,000 member actors.

Run from the repository root: `.venv/bin/python bench/cooperation_import.py [--actors N]`.
The document is synthetic (see `make_document`): every actor is a member, some are already in
the directory (found by SIRET, RNA number or name and commune), and it has building blocks,
relations, a journal and an economic model, so that every part of the import is exercised.

Works on a throwaway database and never touches ./var, like bench/territories.py (whose helpers it
uses): SQLite in a temporary directory by default; with DATABASE_URL set to a PostgreSQL server, a
database named `terreau_bench_cooperation` on that server, created and dropped by this script (the
database named in DATABASE_URL is only used to connect and is left untouched).

Every figure is printed next to a baseline measured in the same run on the same machine and
database: inserting the same rows with bare `bulk_create` calls. See bench/README.md.
"""

import argparse
import cProfile
import json
import pstats
import random
import statistics
import sys
from pathlib import Path

import territories
from make_sirene import luhn_key
from territories import Table, step, timed, yes_no

# The only PostgreSQL database this script creates or drops (the other benches use their own).
territories.BENCH_DB = "terreau_bench_cooperation"
TERRITORY = "departement:62"
IMPORT_TARGET_S = 30.0  # "a cooperation document with 10,000 actors imports in under 30 s"
KINDS = ["association", "company", "cooperative", "public_body", "local_authority", "network"]
ROLES = ["operator", "funder", "partner", "lead", "support"]
RELATION_KINDS = ["funding", "pooling", "co_production", "staff_provision", "network_membership"]
SECTIONS = ("actors", "members", "blocks", "relations", "journal")
# Of the document's actors: identified by SIRET, by RNA number, by neither (name and commune).
SIRET_SHARE, RNA_SHARE = 0.4, 0.2
EXISTING_SHARE = 0.2  # already in the directory, public (imported from a register before)


def siret(n: int) -> str:
    siren_digits = f"8{n:07d}"
    siren = siren_digits + luhn_key(siren_digits)
    digits = siren + "0001"
    return digits + luhn_key(digits)


def make_document(actors: int, seed: int, communes: list[str]) -> dict:
    """A valid interchange document with `actors` members, a block per 500 members, half as many
    relations as actors, a journal entry per 20 members and an economic model of 50 lines."""
    rng = random.Random(seed)
    items = []
    for n in range(actors):
        draw = rng.random()
        item = {
            "id": f"a{n}",
            "name": f"Acteur coopérant {n}",
            "kind": rng.choice(KINDS),
            "commune": rng.choice(communes),
            "life_functions": rng.sample(["food", "health", "work", "housing", "mobility"], 2),
            "description": f"Description de l'acteur {n}.",
            "website": f"https://acteur-{n}.example.org",
            "email": f"contact@acteur-{n}.example.org",
        }
        if draw < SIRET_SHARE:
            item["siret"] = siret(n)
        elif draw < SIRET_SHARE + RNA_SHARE:
            item["rna"] = f"W{n:09d}"
        items.append(item)
    ids = [item["id"] for item in items]
    members = [
        {
            "actor": actor_id,
            "roles": rng.sample(ROLES, rng.randint(1, 2)),
            "joined_on": f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "is_public": rng.random() < 0.3,
        }
        for actor_id in ids
    ]
    blocks = [
        {
            "id": f"b{n}",
            "name": f"Brique {n}",
            "life_functions": ["food"],
            "status": "running",
            "operators": rng.sample(ids, min(5, len(ids))),
        }
        for n in range(max(1, actors // 500))
    ]
    relations = []
    for _ in range(actors // 2):
        source, target = rng.sample(ids, 2)
        relations.append(
            {
                "source": source,
                "target": target,
                "kind": rng.choice(RELATION_KINDS),
                "started_on": "2021-01-01",
                "amount": f"{rng.randint(1, 90000)}.00" if rng.random() < 0.3 else None,
            }
        )
    journal = [
        {
            "happened_on": f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "kind": rng.choice(["decision", "small_victory", "friction", "story"]),
            "title": f"Événement {n}",
            "text": "Ce qui s'est passé.",
            "author": "Bench",
            "members": rng.sample(ids, min(3, len(ids))),
            "blocks": [rng.choice(blocks)["id"]],
            "quotes": [{"text": "On a avancé ensemble.", "speaker": "Une habitante"}],
        }
        for n in range(max(1, actors // 20))
    ]
    economy = {
        "resources": [
            {
                "id": f"r{n}",
                "label": f"Ressource {n}",
                "category": "public_multi_year",
                "funding_mode": "multi_year_convention",
                "amount": "1000.00",
                "start_date": "2024-01-01",
                "end_date": "2024-12-31",
                "status": "agreed",
                "source": rng.choice(ids),
            }
            for n in range(25)
        ],
        "costs": [
            {
                "label": f"Charge {n}",
                "category": "staff",
                "amount": "800.00",
                "start_date": "2024-01-01",
                "end_date": "2024-12-31",
            }
            for n in range(25)
        ],
    }
    return {
        "format": "terreau-cooperation",
        "version": 1,
        "cooperation": {
            "slug": f"bench-{seed}",
            "name": "Coopération du banc d'essai",
            "aim": "Mesurer l'import d'un grand document.",
            "territory": TERRITORY,
            "cooperation_type": "modelled",
            "economic_model": "hybrid",
            "carrier": "mixed",
            "stage": "emergence",
            "legal_form": "informal",
        },
        "actors": items,
        "members": members,
        "blocks": blocks,
        "relations": relations,
        "journal": journal,
        "economy": economy,
    }


# --- Database ------------------------------------------------------------------------------------
def insert_existing(document: dict, share: float, seed: int) -> int:
    """Put `share` of the document's actors in the directory beforehand, public, as a register
    import would have: the import finds them by SIRET, RNA number, or name and commune."""
    from terreau.actors.models import Actor
    from terreau.core.text import search_key
    from terreau.territories.models import Commune

    rng = random.Random(seed)
    communes = dict(Commune.objects.values_list("code", "pk"))
    chosen = [item for item in document["actors"] if rng.random() < share]
    Actor.objects.bulk_create(
        [
            Actor(
                name=item["name"],
                search_name=search_key(item["name"]),
                kind=item["kind"],
                siret=item.get("siret", ""),
                siren=item.get("siret", "")[:9],
                rna=item.get("rna", ""),
                commune_id=communes[item["commune"]],
                source="sirene",
                is_public=True,
            )
            for item in chosen
        ],
        batch_size=1000,
    )
    return len(chosen)


def rolled_back(fn):
    """`fn` run inside a transaction that is then rolled back: the database is left as it was,
    so that the same import can be measured again."""
    from django.db import transaction

    def run():
        with transaction.atomic():
            result = fn()
            transaction.set_rollback(True)
        return result

    return run


def bare_insert(document: dict, new_actors: int, user) -> None:
    """The baseline: the rows the import writes (the new actors, the cooperation, its members,
    relations and journal entries), built bare and written with bulk_create in batches of 1,000,
    as the database's own cost of holding the document."""
    from terreau.actors.models import Actor
    from terreau.cooperations.models import Cooperation, JournalEntry, Member, Relation

    cooperation = Cooperation.objects.create(
        slug="bare", name="Bare", aim="-", territory_ref=TERRITORY, created_by=user
    )
    Actor.objects.bulk_create(
        [
            Actor(name=f"bare {n}", search_name=f"bare {n}", kind="association", source="manual")
            for n in range(new_actors)
        ],
        batch_size=1000,
    )
    pks = list(Actor.objects.values_list("pk", flat=True))  # those found and the new ones
    Member.objects.bulk_create(
        [
            Member(cooperation=cooperation, actor_id=pks[n % len(pks)], roles=" operator ")
            for n in range(len(document["members"]))
        ],
        batch_size=1000,
    )
    Relation.objects.bulk_create(
        [
            Relation(
                cooperation=cooperation, source_id=pks[n], target_id=pks[n + 1], kind="funding"
            )
            for n in range(len(document["relations"]))
        ],
        batch_size=1000,
    )
    JournalEntry.objects.bulk_create(
        [
            JournalEntry(
                cooperation=cooperation,
                happened_on="2023-01-01",
                kind="decision",
                title="-",
                author_name="-",
            )
            for _ in document["journal"]
        ],
        batch_size=1000,
    )


# --- Measures ------------------------------------------------------------------------------------
def median_run(fn, repeat: int) -> tuple[float, object]:
    runs = [timed(fn) for _ in range(repeat)]
    return statistics.median(seconds for seconds, _result in runs), runs[-1][1]


def bench(args) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from terreau.actors.models import Actor
    from terreau.interchange import cooperation_import
    from terreau.interchange.checks import check_document
    from terreau.interchange.errors import schema_errors
    from terreau.interchange.schema import with_defaults
    from terreau.territories.refs import resolve
    from terreau.territories.services import geography_load

    step("loading the geography (geography_load)")
    geography_load(package_dir=Path(settings.TERREAU_GEO_PACKAGE_DIR))
    communes = sorted(resolve(TERRITORY).communes().values_list("code", flat=True))
    document = make_document(args.actors, args.seed, communes)
    size_mb = len(json.dumps(document, ensure_ascii=False).encode()) / 1e6
    existing = insert_existing(document, EXISTING_SHARE, args.seed)
    new_actors = args.actors - existing
    user = get_user_model().objects.create(username="bench")
    items = {section: len(document[section]) for section in SECTIONS}
    print(
        f"  document: {size_mb:.1f} MB, "
        + ", ".join(f"{n:,} {section}" for section, n in items.items())
        + f"; {existing:,} of its actors already in the directory (public)",
        flush=True,
    )

    def first_import():
        return cooperation_import(document, by=user)

    def check():
        return check_document(
            with_defaults(document), by=user, new_actor_fields={"source": "manual"}
        )

    repeat = args.repeat
    step(f"baseline: bare bulk_create of the same rows, {repeat} times (rolled back)")
    baseline_s, _ = median_run(rolled_back(lambda: bare_insert(document, new_actors, user)), repeat)
    step(f"import and its parts, {repeat} times each (rolled back)")
    schema_s, errors = median_run(lambda: schema_errors(document), repeat)
    assert not errors, errors[:5]
    check_s, plan = median_run(rolled_back(check), repeat)
    assert not plan.errors, plan.errors[:5]
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(rolled_back(first_import))
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    import_s, _ = median_run(rolled_back(first_import), repeat)
    step("the same import, kept; then the same document again (every actor found)")
    before = Actor.objects.count()
    kept_s, cooperation = timed(first_import)
    created = Actor.objects.count() - before
    assert created == new_actors, (created, new_actors)
    assert cooperation.members.count() == items["members"]
    assert cooperation.relations.count() == items["relations"]
    again = {**document, "cooperation": {**document["cooperation"], "slug": "bench-again"}}
    again_s, _ = median_run(rolled_back(lambda: cooperation_import(again, by=user)), repeat)
    assert Actor.objects.count() == before + created

    table = Table(
        f"Cooperation import, {args.actors:,} actors ({new_actors:,} new), median of {repeat}",
        ["measure", "seconds", "÷ baseline"],
    )
    table.add("baseline: bare bulk_create of the rows", f"{baseline_s:.2f}", "1.0")
    for label, seconds in (
        ("  schema (jsonschema, every error)", schema_s),
        ("  checks and matching (check_document)", check_s),
        ("cooperation_import, new cooperation", import_s),
        ("  the same, committed (once)", kept_s),
        ("cooperation_import, every actor found", again_s),
    ):
        table.add(label, f"{seconds:.2f}", f"{seconds / baseline_s:.1f}")
    table.print()
    summary = Table("Summary", ["measure", "value", "target", "met"])
    summary.add(
        f"import of {args.actors:,} actors",
        f"{import_s:.1f} s ({import_s / baseline_s:.1f}x bare insert)",
        f"< {IMPORT_TARGET_S:.0f} s",
        yes_no(import_s < IMPORT_TARGET_S),
    )
    summary.print()


# --- Main ----------------------------------------------------------------------------------------
def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (median)")
    parser.add_argument("--profile", action="store_true", help="where one import spends its time")
    parser.add_argument(
        "--database",
        default=territories.BENCH_DB,
        help="on PostgreSQL, the database this script creates and drops",
    )
    args = parser.parse_args(argv)
    territories.BENCH_DB = args.database
    with territories.bench_environment("cooperation import"):
        bench(args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
