"""The demonstration data set, in one place, loaded by `terreau demo load`. Idempotent.

It runs on the real geography of France. What it adds is demonstration data, marked `is_demo` and
shown as such; where it follows real cases from the domain sources it keeps their facts, and any
invented figure is labelled illustrative. Later features extend `demo_load`.
"""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from terreau.actors.models import Actor, Source, life_functions_text
from terreau.catalysts.demo import demo_catalysts_load
from terreau.cooperations.models import Cooperation
from terreau.core.text import search_key
from terreau.demo_directory import demo_directory_load
from terreau.evaluation.services import demo_indicators_load
from terreau.interchange import InterchangeError, cooperation_import, read_document
from terreau.monographs.demo import demo_monographs_load, demo_recits_load
from terreau.territories.models import Commune, ProjectTerritory
from terreau.territories.refs import TerritoryRefError
from terreau.territories.services import project_territory_save


class DemoError(Exception):
    pass


@dataclass
class DemoAccount:
    role: str
    username: str
    password: str
    is_staff: bool = False


ACCOUNTS = [
    DemoAccount("user", "demo", "terreau-demo"),
    DemoAccount("administrator", "admin", "terreau-admin", is_staff=True),
]

# Project territories of the real cases in the domain sources (DOMAIN.md, "Real examples").
PROJECT_TERRITORIES = [
    {
        "slug": "ecopole-audruicq",
        "name": "Territoire de l'Écopôle alimentaire d'Audruicq",
        "description": "Écosystème coopératif alimentaire du Pas-de-Calais dont le périmètre "
        "s'est élargi avec le temps ; la légumerie n'en est qu'une brique (§000). Périmètre "
        "illustratif : la source ne le donne pas.",
        "components": ["epci:246200844"],
    },
    {
        "slug": "la-butinerie-pantin",
        "name": "La Butinerie (Pantin)",
        "description": "SCIC SA créée en 2020 à Pantin : magasin Biocoop, circuits directs, "
        "cuisine collective, cantine, ateliers parents (§002).",
        "components": ["commune:93055"],
    },
    {
        "slug": "fonds-impulsion-jurassien",
        "name": "Fonds d'impulsion jurassien",
        "description": "Territoire du fonds d'impulsion créé en 2022 dans le Jura (§002).",
        "components": ["departement:39"],
    },
    {
        "slug": "okote-strasbourg",
        "name": "Okoté (Eurométropole de Strasbourg)",
        "description": "Financement participatif abondé par la collectivité et le mécénat (§002).",
        "components": ["epci:246700488"],
    },
]


# Actors named in the domain sources, with only the facts the sources give (no identifiers).
ACTORS = [
    {
        "name": "La Butinerie",
        "kind": "cooperative",
        "is_ess": True,
        "commune": "93055",
        "life_functions": ["food", "social_ties", "learning"],
        "description": "SCIC SA créée en 2020 : magasin Biocoop, circuits directs, cuisine "
        "collective, cantine à prix libre, cours de cuisine, ateliers parents (§002).",
    },
    {
        "name": "Ville de Pantin",
        "kind": "local_authority",
        "commune": "93055",
        "life_functions": [],
        "description": "Convention de coopération de 3 ans avec La Butinerie (santé, solidarité, "
        "petite enfance) (§002).",
    },
    {
        "name": "Solimut Mutuelle",
        "kind": "mutual",
        "is_ess": True,
        "commune": "93055",
        "life_functions": ["health"],
        "description": "Mutuelle partenaire de La Butinerie pour la prévention santé par "
        "l'alimentation (§002 ; commune illustrative).",
    },
    {
        "name": "Écopôle alimentaire d'Audruicq",
        "kind": "association",
        "is_ess": True,
        "commune": "62057",
        "life_functions": ["food", "work"],
        "description": "Écosystème coopératif alimentaire ; la légumerie en est une brique "
        "(§000). Type d'acteur et fonctions de vie illustratifs : la source ne les donne pas.",
    },
]


def _load_actors() -> None:
    communes = dict(
        Commune.objects.filter(code__in={a["commune"] for a in ACTORS}).values_list("code", "pk")
    )
    for spec in ACTORS:
        Actor.objects.get_or_create(
            name=spec["name"],
            is_demo=True,
            defaults={
                "search_name": search_key(spec["name"]),
                "kind": spec["kind"],
                "commune_id": communes.get(spec["commune"]),
                "life_functions": life_functions_text(spec["life_functions"]),
                "description": spec["description"],
                "is_ess": spec.get("is_ess", False),
                "source": Source.DEMO,
                "source_name": "terreau demo load",
            },
        )


# Interchange documents of real cases, loaded through the same import as users' files; their actors
# without identifiers match the ones above by name and commune instead of being duplicated.
DATA = Path(__file__).parent / "cooperations" / "data"
COOPERATION_DOCUMENTS = [
    DATA / "la-butinerie.json",
    DATA / "ecopole-audruicq.json",
    DATA / "generateur-bfc.json",
]


def _load_cooperations(user) -> None:
    for path in COOPERATION_DOCUMENTS:
        document = read_document(path)
        if Cooperation.objects.filter(slug=document["cooperation"]["slug"]).exists():
            continue
        try:
            cooperation_import(document, by=user, source_name="terreau demo load", demo=True)
        except InterchangeError as error:
            raise DemoError(f"{path.name}: {error}") from error


# The offer catalogue of the sources (Jura, Strasbourg, Bourgogne-Franche-Comté, Fondation de
# France, France Active) and generic national offers, in the offers' JSON import format.
OFFERS_FILE = Path(__file__).parent / "offers" / "data" / "demo-offers.json"


def _load_offers() -> None:
    from terreau.offers.importers import offers_import
    from terreau.offers.models import OfferSource

    report = offers_import(
        path=OFFERS_FILE, file_format="json", source=OfferSource.DEMO, demo=True, atomic=True
    )
    if report.errors:
        first = report.errors[0]
        raise DemoError(f"{OFFERS_FILE.name}: {first.line}, {first.column}: {first.message}")


def _load_maturity(user) -> None:
    from terreau.maturity.demo import maturity_demo_load, territory_maturity_demo_load

    # La Butinerie's illustrative round only: the sources say nothing of the others' maturity.
    slug = read_document(COOPERATION_DOCUMENTS[0])["cooperation"]["slug"]
    maturity_demo_load(Cooperation.objects.get(slug=slug), by=user)
    territory_maturity_demo_load(by=user)


def demo_load() -> list[DemoAccount]:
    """Create the demonstration accounts and data set; returns the accounts to print."""
    if not Commune.objects.exists():
        raise DemoError(_("Chargez d'abord la géographie : terreau geo load"))
    with transaction.atomic():
        users = {}
        for account in ACCOUNTS:
            user, created = get_user_model().objects.get_or_create(
                username=account.username,
                defaults={"is_staff": account.is_staff, "is_superuser": account.is_staff},
            )
            if created:
                user.set_password(account.password)
                user.save()
            users[account.role] = user
        for spec in PROJECT_TERRITORIES:
            existing = ProjectTerritory.objects.filter(slug=spec["slug"]).first()
            if existing is not None:
                continue
            try:
                territory = project_territory_save(
                    owner=users["user"],
                    name=spec["name"],
                    description=spec["description"],
                    components=spec["components"],
                    is_public=True,
                    is_demo=True,
                )
            except TerritoryRefError as error:
                raise DemoError(str(error)) from error
            if territory.slug != spec["slug"]:
                ProjectTerritory.objects.filter(pk=territory.pk).update(slug=spec["slug"])
        _load_actors()
        demo_directory_load()
        _load_cooperations(users["user"])
        demo_catalysts_load(owner=users["user"])
        _load_offers()
        demo_monographs_load(users["user"])
        demo_recits_load(users["user"])
        demo_indicators_load(by=users["user"])
        _load_maturity(users["user"])
    return ACCOUNTS
