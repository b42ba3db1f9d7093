"""Demonstration maturity round, loaded by `terreau demo load` (see terreau/demo.py).

The answers are illustrative, not collected from anyone: the round says so in its title."""

from django.db import transaction
from django.utils import timezone

from terreau.maturity.grids import latest_version
from terreau.maturity.services import answers_save, link_create, round_close, round_launch

# Four people place La Butinerie on the grid (levels 1–4; None: "I don't know").
ILLUSTRATIVE_ANSWERS = {
    "Personne 1": {"knowing_each_other": 3, "sharing": 3, "adapting": 2, "shared_risk": 3,
                   "catalyst": 2, "public_actor": 4, "inhabitants": 3, "governance": 3,
                   "trust": 3, "small_victories": 4, "hybrid_model": 4,
                   "territorial_anchoring": 3},
    "Personne 2": {"knowing_each_other": 3, "sharing": 2, "adapting": 2, "shared_risk": 2,
                   "catalyst": 4, "public_actor": 3, "inhabitants": 3, "governance": 2,
                   "trust": 3, "small_victories": 3, "hybrid_model": 3,
                   "territorial_anchoring": 4},
    "Personne 3": {"knowing_each_other": 4, "sharing": 3, "adapting": 3, "shared_risk": None,
                   "catalyst": 2, "public_actor": 4, "inhabitants": 2, "governance": 3,
                   "trust": 4, "small_victories": 4, "hybrid_model": 3,
                   "territorial_anchoring": 3},
    "Personne 4": {"knowing_each_other": 2, "sharing": 3, "adapting": 1, "shared_risk": 2,
                   "catalyst": 1, "public_actor": 3, "inhabitants": 3, "governance": 2,
                   "trust": 3, "small_victories": 3, "hybrid_model": 4,
                   "territorial_anchoring": 3},
}  # fmt: skip
COMMENTS = {
    ("Personne 2", "catalyst"): "Le rôle d'animation n'est pas assez distinct de l'exploitation.",
    ("Personne 4", "adapting"): "Les horaires des crèches et de la cantine se croisent mal.",
}


@transaction.atomic
def maturity_demo_load(cooperation, *, by) -> None:
    """A closed round with four illustrative answers on the cooperation, once."""
    if cooperation.maturity_rounds.exists():
        return
    maturity_round = round_launch(
        cooperation=cooperation,
        by=by,
        title="Premier tour (réponses illustratives)",
        closes_on=timezone.localdate(),
        grid_version=latest_version(),
    )
    for name, levels in ILLUSTRATIVE_ANSWERS.items():
        respondent = link_create(maturity_round=maturity_round, name=name)
        answers_save(
            respondent=respondent,
            answers={key: (level, COMMENTS.get((name, key), "")) for key, level in levels.items()},
        )
    round_close(maturity_round=maturity_round)


DEMO_TERRITORY = "projet:ecopole-audruicq"
# Three people place the Écopôle's territory on the territory grid (illustrative as well).
TERRITORY_ANSWERS = {
    "Personne 1": {"mutual_knowledge": 3, "sharing": 3, "support_structures": 2, "catalyst": 3,
                   "catalyst_durability": 2, "public_actor": 3, "collectives": 3, "scales": 2,
                   "shared_account": 2},
    "Personne 2": {"mutual_knowledge": 3, "sharing": 2, "support_structures": 2, "catalyst": 4,
                   "catalyst_durability": 2, "public_actor": 3, "collectives": 2, "scales": 1,
                   "shared_account": 3},
    "Personne 3": {"mutual_knowledge": 4, "sharing": 3, "support_structures": None, "catalyst": 3,
                   "catalyst_durability": 1, "public_actor": 4, "collectives": 3, "scales": 3,
                   "shared_account": 2},
}  # fmt: skip


@transaction.atomic
def territory_maturity_demo_load(*, by) -> None:
    """A closed, published round with three illustrative answers on the Écopôle's project
    territory, once."""
    from terreau.maturity.grids import TERRITORY
    from terreau.maturity.models import Round
    from terreau.maturity.services import round_publish
    from terreau.territories.refs import resolve

    if Round.objects.filter(territory_ref=DEMO_TERRITORY).exists():
        return
    maturity_round = round_launch(
        territory=resolve(DEMO_TERRITORY),
        by=by,
        title="Premier tour du territoire (réponses illustratives)",
        closes_on=timezone.localdate(),
        grid_version=latest_version(TERRITORY),
    )
    for name, levels in TERRITORY_ANSWERS.items():
        respondent = link_create(maturity_round=maturity_round, name=name)
        answers_save(
            respondent=respondent,
            answers={key: (level, "") for key, level in levels.items()},
        )
    round_close(maturity_round=maturity_round)
    round_publish(maturity_round=maturity_round, published=True)
