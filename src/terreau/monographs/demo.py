"""Narratives of the demonstration monograph of La Butinerie, in the words of its director at the
Labo de l'ESS conference (source §002), and of the demonstration récit of the Écopôle alimentaire
d'Audruicq's territory, in the words of the Club Inné's workshops (source §000); loaded by
`terreau demo load`. Each narrative quotes its source and says what is illustrative
(tests/test_demo_sources.py)."""

from terreau.cooperations.models import Cooperation
from terreau.maturity.demo import DEMO_TERRITORY
from terreau.monographs.models import MonographSection
from terreau.monographs.services import (
    monograph_describe,
    monograph_section_save,
    recit_describe,
    recit_publish,
    recit_section_save,
)
from terreau.territories.refs import TerritoryRefError, resolve

SOURCE = "Récit tiré de l'intervention de La Butinerie à la conférence du Labo de l'ESS (§002)."

NARRATIVES = {
    "la-butinerie": {
        "origin": (
            "La Butinerie est une SCIC SA créée en 2020 à Pantin, après plusieurs années de "
            "travail. Elle part d'un constat de mangeurs : bien manger n'est pas si simple. "
            "Accéder à des produits, savoir les cuisiner, faire le lien avec sa culture, son "
            "activité et sa santé : ces dimensions sont séparées, et c'est à chacun de les "
            "intégrer seul.\n\n" + SOURCE
        ),
        "room_for_manoeuvre": (
            "Avec la ville de Pantin, il s'agit de dépasser la subvention annuelle, qui "
            "renverrait à une prestation : une convention de coopération de trois ans, avec un "
            "budget qui soutient un ensemble d'initiatives, et surtout un travail commun avec les "
            "services de la santé, de la solidarité et de la petite enfance. La ville ne délègue "
            "pas les enjeux d'alimentation : elle travaille avec la coopérative.\n\n" + SOURCE
        ),
        "social_innovation": (
            "L'innovation tient à la solution intégrée : un lieu multifonctionnel (un magasin "
            "Biocoop, une dizaine de circuits directs de distribution, une cuisine collective, "
            "une cantine et un espace forum), point d'appui d'acteurs complémentaires qui "
            "coopèrent pour produire ensemble cette solution.\n\n"
            "Ainsi, un cycle de cinq ateliers pour les parents de jeunes enfants a été construit "
            "avec des éducatrices de jeunes enfants, des responsables de crèche, un cuisinier, "
            "une nutritionniste et des animateurs socio-éducatifs, à partir des produits locaux "
            "et de saison du magasin voisin. Une autre solution se construit avec l'aide sociale "
            "à l'enfance du département pour les jeunes qui deviennent autonomes entre 18 et "
            "21 ans.\n\n" + SOURCE
        ),
        "cooperation_tools": (
            "Le modèle est hybride et mêle quatre sources : des activités qui génèrent du "
            "chiffre d'affaires (cantine à prix libre, cours de cuisine) ; les contributions des "
            "opérateurs de l'écosystème, en argent ou en temps de travail, sous convention de "
            "coopération, parce que le lieu fait ressource pour leur développement ; des "
            "conventions pluriannuelles avec les politiques publiques ; des effets utiles "
            "internalisés, avec la mutuelle Solimut.\n\n" + SOURCE
        ),
    }
}


def demo_monographs_load(user) -> None:
    """Write the demonstration narratives once (a narrative someone edited is kept)."""
    for slug, narratives in NARRATIVES.items():
        cooperation = Cooperation.objects.filter(slug=slug, is_demo=True).first()
        if cooperation is None:
            continue
        if MonographSection.objects.filter(monograph__cooperation=cooperation).exists():
            continue
        monograph_describe(
            cooperation=cooperation,
            title="",
            authors="Équipe de démonstration, d'après La Butinerie",
        )
        for key, text in narratives.items():
            monograph_section_save(
                cooperation=cooperation, key=key, narrative=text, version=0, by=user
            )


RECIT_SOURCE = (
    "Récit de démonstration tiré de la restitution des ateliers du Club Inné sur les coopérations "
    "au service du développement territorial (§000) ; la source ne dit rien d'autre de ce "
    "territoire."
)

# The récit of the territory where the Écopôle alimentaire d'Audruicq acts (the demonstration's
# project territory, on which the illustrative territory maturity round is run).
RECIT_NARRATIVES = {
    DEMO_TERRITORY: {
        "territory": (
            "Le Club Inné présente l'Écopôle alimentaire d'Audruicq comme un écosystème "
            "coopératif territorialisé. Source : §000, « un ensemble d'acteurs (entreprises, "
            "collectivités, services déconcentrés de l'État, associations, citoyens, ...) qui "
            "construisent, à l'échelle d'un territoire, une dynamique économique en coopération "
            "pour prendre en charge un ou plusieurs enjeux du territoire répondant aux grandes "
            "fonctions de vie ». Ici, la fonction de vie est de s'alimenter, et l'approche « vise "
            "une trajectoire répondant à des enjeux multiples (relocalisation alimentaire, "
            "réduction du gaspillage, etc.) ».\n\n"
            "Périmètre illustratif : la source ne donne pas le périmètre du territoire ; la "
            "démonstration le fait coïncider avec la communauté de communes.\n\n" + RECIT_SOURCE
        ),
        "cooperations": (
            "Source : §000, « La légumerie n'est qu'une \"brique\" de la solution intégrée "
            "portée par l'ECT. » L'écosystème s'étend pas à pas : l'innovation se répand "
            "progressivement, « comme le montre l'élargissement du périmètre d'Audruicq ». Date "
            "non précisée par la source.\n\n" + RECIT_SOURCE
        ),
        "stories": (
            "Source : §000, « La construction d'un ECT est une affaire de long terme (plusieurs "
            "années), nécessitant un accompagnement et une réflexivité pour ajuster la "
            "trajectoire pas à pas. » Les animateurs territoriaux réunis par le Club Inné en ont "
            "fait leur question : « Comment s'y prendre pour expérimenter une nouvelle façon de "
            "faire pour faire émerger des projets comme l'écopôle alimentaire d'Audruicq ? »"
            "\n\n" + RECIT_SOURCE
        ),
        "maturity": (
            "Source : §000, « il n'existe pas de recette miracle, mais plutôt un travail sur les "
            "conditions permettant l'engagement et la coopération : la confiance, les "
            'compétences, et le "patrimoine territorial immatériel" ».\n\n'
            "Tour illustratif : les réponses du tour de maturité du territoire ne viennent de "
            "personne, elles montrent l'outil ; la source ne mesure pas la maturité de ce "
            "territoire.\n\n" + RECIT_SOURCE
        ),
    }
}


def demo_recits_load(user) -> None:
    """Write the demonstration récit once and publish it (a récit someone wrote in is kept)."""
    for ref, narratives in RECIT_NARRATIVES.items():
        try:
            territory = resolve(ref)
        except TerritoryRefError:
            continue
        if MonographSection.objects.filter(monograph__territory_ref=territory.ref).exists():
            continue
        recit_describe(
            territory=territory,
            title="",
            authors="Équipe de démonstration, d'après le Club Inné (§000)",
            by=user,
        )
        for key, text in narratives.items():
            recit_section_save(territory=territory, key=key, narrative=text, version=0, by=user)
        recit_publish(territory=territory, public=True, by=user)
