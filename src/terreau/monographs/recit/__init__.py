"""The récit of a territory (issue 20, source §001 « mise en récit du territoire »): a monograph
whose subject is a territory, assembled from the territory dashboard (diagnosis, the published
parts of the cooperations acting there, open needs, useful effects for the members) and the
cooperations' own monographs, each section with a narrative people write, as a cooperation's.

Each section is one builder `builder(view) -> list[part]` listed in `RECIT_SECTIONS`, in one
module per source: `territory` (the dashboard), `stories` (the monographs and journals),
`maturity` (the territory's maturity rounds, aggregates only), `observatory` (the observatory of
financings, under its statistical secrecy).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from terreau.monographs.content import RecitContent, Section
from terreau.monographs.models import Monograph
from terreau.monographs.recit import territory as from_dashboard
from terreau.monographs.recit.maturity import maturity
from terreau.monographs.recit.observatory import observatory
from terreau.monographs.recit.stories import stories
from terreau.monographs.recit.view import TerritoryView

__all__ = [
    "RECIT_SECTIONS",
    "RECIT_SECTION_KEYS",
    "TerritoryView",
    "build_recit",
    "build_recit_section",
    "recit_of",
]


@dataclass(frozen=True)
class RecitSectionSpec:
    key: str
    title: Promise
    questions: tuple[Promise, ...]
    build: Callable[[TerritoryView], list]


def recit_of(territory) -> Monograph:
    """The stored récit of the territory, or a new unsaved one (reading never writes)."""
    return Monograph.objects.filter(territory_ref=territory.ref).first() or Monograph(
        territory_ref=territory.ref, territory_name=str(territory.name)
    )


def build_recit(view: TerritoryView) -> RecitContent:
    """The whole récit as the view's reader may see it, in the active language."""
    recit = recit_of(view.territory)
    stored = {s.key: s for s in recit.sections.all()} if recit.pk else {}
    return RecitContent(
        territory=view.territory,
        title=recit.display_title,
        authors=recit.authors,
        generated_at=timezone.localtime(),
        is_public=recit.is_public,
        public_view=view.is_public_version,
        identity=from_dashboard.identity(view),
        sections=[
            _section(number, spec, view, stored.get(spec.key))
            for number, spec in enumerate(RECIT_SECTIONS, start=1)
        ],
    )


def build_recit_section(view: TerritoryView, key: str) -> Section | None:
    for number, spec in enumerate(RECIT_SECTIONS, start=1):
        if spec.key == key:
            recit = recit_of(view.territory)
            stored = recit.sections.filter(key=key).first() if recit.pk else None
            return _section(number, spec, view, stored)
    return None


def _section(number: int, spec: RecitSectionSpec, view, stored) -> Section:
    return Section(
        key=spec.key,
        number=number,
        title=str(spec.title),
        questions=[str(q) for q in spec.questions],
        parts=spec.build(view),
        narrative=stored.narrative if stored else "",
        narrative_by=stored.updated_by_name if stored else "",
        narrative_on=stored.updated_at if stored else None,
        version=stored.version if stored else 0,
    )


RECIT_SECTIONS = [
    RecitSectionSpec(
        "territory",
        gettext_lazy("Le territoire et ses fonctions de vie"),
        (
            gettext_lazy(
                "Qu'est-ce qui est déjà là ? Quelles fonctions de vie sont servies, lesquelles "
                "manquent ?"
            ),
        ),
        from_dashboard.diagnosis,
    ),
    RecitSectionSpec(
        "cooperations",
        gettext_lazy("Les coopérations qui y agissent"),
        (gettext_lazy("Qui coopère sur le territoire, à quelle étape, pour quoi faire ?"),),
        from_dashboard.cooperations,
    ),
    RecitSectionSpec(
        "needs",
        gettext_lazy("Besoins non couverts"),
        (gettext_lazy("Quels besoins restent ouverts, et qui s'en saisit ?"),),
        from_dashboard.needs,
    ),
    RecitSectionSpec(
        "stories",
        gettext_lazy("Récits des coopérations"),
        (gettext_lazy("Que racontent les coopérations de leur histoire ?"),),
        stories,
    ),
    RecitSectionSpec(
        "useful_effects",
        gettext_lazy("Effets utiles"),
        (gettext_lazy("Quels effets utiles les coopérations produisent-elles, et pour qui ?"),),
        from_dashboard.useful_effects,
    ),
    RecitSectionSpec(
        "maturity",
        gettext_lazy("Maturité coopérative du territoire"),
        (
            gettext_lazy(
                "Comment les acteurs du territoire situent-ils sa maturité coopérative, et "
                "comment évolue-t-elle d'un tour à l'autre ?"
            ),
        ),
        maturity,
    ),
    RecitSectionSpec(
        "observatory",
        gettext_lazy("Observatoire des financements"),
        (
            gettext_lazy(
                "Comment les coopérations du territoire sont-elles financées : pluriannuel, "
                "appels à projets, animation ?"
            ),
        ),
        observatory,
    ),
]
RECIT_SECTION_KEYS = [spec.key for spec in RECIT_SECTIONS]
