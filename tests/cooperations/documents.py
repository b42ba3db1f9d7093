"""Cooperation documents (the interchange JSON) that tests import."""

from itertools import pairwise

COMMUNES = ["62057", "62041", "62193", "59350"]  # Audruicq, Arras, Calais, Lille


def large_document(actors: int, *, slug: str = "reseau-des-tiers-lieux") -> dict:
    """A document whose actors are all members, each funding the next."""
    ids = [f"acteur-{n}" for n in range(actors)]
    return {
        "format": "terreau-cooperation",
        "version": 1,
        "cooperation": {
            "slug": slug,
            "name": "Réseau des tiers-lieux",
            "aim": "Relier les tiers-lieux du département",
            "territory": "departement:62",
            "cooperation_type": "modelled",
            "economic_model": "hybrid",
            "carrier": "mixed",
            "stage": "emergence",
            "legal_form": "informal",
        },
        "actors": [
            {
                "id": actor_id,
                "name": f"Tiers-lieu {n}",
                "kind": "association",
                "commune": COMMUNES[n % len(COMMUNES)],
                "rna": f"W62{n:07d}" if n % 2 else "",
            }
            for n, actor_id in enumerate(ids)
        ],
        "members": [{"actor": actor_id, "roles": ["operator"]} for actor_id in ids],
        "blocks": [{"id": "cantine", "name": "Cantine partagée", "operators": ids[:3]}],
        "relations": [
            {"source": source, "target": target, "kind": "funding"}
            for source, target in pairwise(ids)
        ],
        "journal": [
            {
                "happened_on": "2024-05-02",
                "kind": "decision",
                "title": "Ouverture de la cantine",
                "author": "Alice",
                "members": ids[:2],
                "blocks": ["cantine"],
            }
        ],
    }
