"""Demonstration catalysts, loaded by `terreau demo load` (see terreau/demo.py): the Générateur
Bourgogne-Franche-Comté, a network of six support structures, and the Cluster Jura, a PTCE among
them (§001, §002). Their texts quote the source or say what is illustrative, like the
demonstration cooperations (docs/data-formats.md, "Demo data and its sources")."""

from terreau.actors.models import Actor
from terreau.catalysts.models import Catalyst

CATALYSTS = [
    {
        "name": "Générateur Bourgogne-Franche-Comté",
        "actor": "Générateur Bourgogne-Franche-Comté",
        "kind": "structure",
        "territories": ["region:27"],
        "posture": "development",
        "position": "external",
        "stage": "mature",
        "methods": (
            "Six structures qui partagent la même méthode d'accompagnement, coordonnées par "
            "France Active Franche-Comté. Source : §002, « aujourd'hui on est arrivé sur un "
            "dispositif de maturité coopérative », en trois niveaux : « un premier niveau de "
            "coopération entre les six acteurs » ; « un niveau de maturité coopérative avec nos "
            "pilotes nos pilotes financeurs » ; « notre troisième niveau de coopération c'est "
            "notre niveau de coopération avec les territoires ». À la demande d'une collectivité, "
            "il construit et anime un collectif en tiers de confiance : « on va rentrer dans ce "
            "travail de tiers de confiance ». Stade de développement illustratif."
        ),
        "funding": (
            "Source : §002, « un socle de financement commun qui est apporté par la région "
            "[Bourgogne-Franche-Comté et l'ADEME] » ; « on demande à chaque collectivité "
            "territoriale qui nous mobilise pour intervenir sur leur territoire de participer au "
            "au pot de de financement »."
        ),
    },
    {
        "name": "Cluster Jura",
        "actor": "Cluster Jura",
        "kind": "structure",
        "territories": ["departement:39"],
        "posture": "development",
        "position": "external",
        "stage": "development",
        "methods": (
            "Pôle territorial de coopération économique, membre du Générateur "
            "Bourgogne-Franche-Comté. Source : §002, « le cluster [Jura] c'est un pôle territorial "
            "de coopération économique » ; « notre métier du coup c'est vraiment d'être concentré "
            "sur le métier d'accompagnateur à l'émergence de projets collectifs ». Avec France "
            "Active Franche-Comté, le fonds d'impulsion jurassien. Stade de développement "
            "illustratif."
        ),
        "funding": "Ligne illustrative : la source ne dit pas comment l'animation du Cluster "
        "Jura est financée.",
    },
]


def demo_catalysts_load(*, owner) -> None:
    """The demonstration catalysts, published, once; after the cooperations (their actors)."""
    for spec in CATALYSTS:
        if Catalyst.objects.filter(name=spec["name"], owner=owner).exists():
            continue
        fields = {key: value for key, value in spec.items() if key != "actor"}
        actor = Actor.objects.filter(name=spec["actor"], is_demo=True).first()
        Catalyst.objects.create(**fields, actor=actor, owner=owner, is_public=True)
