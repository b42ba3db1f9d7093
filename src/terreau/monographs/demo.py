"""Narratives of the demonstration monograph of La Butinerie, in the words of its director at the
Labo de l'ESS conference (source §002); loaded by `terreau demo load`."""

from terreau.cooperations.models import Cooperation
from terreau.monographs.models import MonographSection
from terreau.monographs.services import monograph_describe, monograph_section_save

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
