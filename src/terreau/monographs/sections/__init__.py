"""The sections of a monograph, in the order of the research-action grid (source §001): the origin
of the project, the room for manoeuvre, the unmet needs, where the social innovation comes from,
the participation process, the regulation of frictions, the cooperation tools — then the
actor-system network, the economic model and useful effects, the maturity results, the indicators
of the stage and the trajectory.

Each section is one small builder `builder(cooperation, reader) -> list[part]` (parts in
`content.py`) listed in `SECTIONS`; the narrative people write is stored apart
(`models.MonographSection`) and joined by `build_monograph`. A builder shows only what the reader
may see: the public (a published monograph) gets the published fields, the members marked public
and public needs; the journal, relations, network and economic data need access to the record.
Adding a section is one builder and one line in `SECTIONS` (no migration: keys are not choices).
Builders live in one module per app they read: `record` (cooperations, diagnosis), `network`,
`economy`, `maturity`, `evaluation`, `stories` (the journal); `reading` holds the reader and the
record read with its rights.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from terreau.cooperations.models import Cooperation
from terreau.monographs.content import MonographContent, Section
from terreau.monographs.models import Monograph
from terreau.monographs.sections.economy import economic_model
from terreau.monographs.sections.evaluation import indicators
from terreau.monographs.sections.maturity import maturity
from terreau.monographs.sections.network import actor_network
from terreau.monographs.sections.reading import Reader
from terreau.monographs.sections.record import (
    cooperation_tools,
    frictions,
    identity,
    origin,
    participation,
    room_for_manoeuvre,
    social_innovation,
    unmet_needs,
)
from terreau.monographs.sections.stories import trajectory

__all__ = ["SECTIONS", "SECTION_KEYS", "Reader", "build_monograph", "build_section", "monograph_of"]


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: Promise
    questions: tuple[Promise, ...]
    build: Callable[[Cooperation, Reader], list]


def build_monograph(cooperation: Cooperation, *, reader: Reader) -> MonographContent:
    """The whole monograph as the reader may see it, in the active language."""
    monograph = monograph_of(cooperation)
    stored = {s.key: s for s in monograph.sections.all()} if monograph.pk else {}
    return MonographContent(
        cooperation=cooperation,
        title=monograph.display_title,
        authors=monograph.authors,
        generated_at=timezone.localtime(),
        is_public=monograph.is_public,
        public_view=not reader.sees_record,
        identity=identity(cooperation, reader),
        sections=[
            _section(number, spec, cooperation, reader, stored.get(spec.key))
            for number, spec in enumerate(SECTIONS, start=1)
        ],
    )


def build_section(cooperation: Cooperation, reader: Reader, key: str) -> Section | None:
    """One section (None for an unknown key), as the page shows it after an edit."""
    for number, spec in enumerate(SECTIONS, start=1):
        if spec.key == key:
            monograph = monograph_of(cooperation)
            stored = monograph.sections.filter(key=key).first() if monograph.pk else None
            return _section(number, spec, cooperation, reader, stored)
    return None


def _section(number: int, spec: SectionSpec, cooperation, reader, stored) -> Section:
    return Section(
        key=spec.key,
        number=number,
        title=str(spec.title),
        questions=[str(q) for q in spec.questions],
        parts=spec.build(cooperation, reader),
        narrative=stored.narrative if stored else "",
        narrative_by=stored.updated_by_name if stored else "",
        narrative_on=stored.updated_at if stored else None,
        version=stored.version if stored else 0,
    )


def monograph_of(cooperation: Cooperation) -> Monograph:
    """The stored monograph, or a new unsaved one (reading never writes)."""
    return Monograph.objects.filter(cooperation=cooperation).first() or Monograph(
        cooperation=cooperation
    )


SECTIONS = [
    SectionSpec(
        "origin",
        gettext_lazy("Origine du projet"),
        (gettext_lazy("Commande publique ? Mobilisation citoyenne ?"),),
        origin,
    ),
    SectionSpec(
        "room_for_manoeuvre",
        gettext_lazy("Marges de manœuvre"),
        (
            gettext_lazy(
                "Quelle marge de manœuvre était à disposition pour faire le cadre de travail ?"
            ),
        ),
        room_for_manoeuvre,
    ),
    SectionSpec(
        "unmet_needs",
        gettext_lazy("Besoins non couverts"),
        (gettext_lazy("Quels besoins non couverts du territoire la coopération satisfait-elle ?"),),
        unmet_needs,
    ),
    SectionSpec(
        "social_innovation",
        gettext_lazy("L'innovation sociale"),
        (
            gettext_lazy(
                "D'où vient l'innovation dans le projet : nouvelles méthodes d'animation ? "
                "Reconfiguration des parties prenantes ? Nouvelles solutions proposées ?"
            ),
        ),
        social_innovation,
    ),
    SectionSpec(
        "participation",
        gettext_lazy("Processus de participation"),
        (gettext_lazy("Quel était le processus de participation ?"),),
        participation,
    ),
    SectionSpec(
        "frictions",
        gettext_lazy("Régulation des frictions et blocages"),
        (
            gettext_lazy(
                "Quels étaient les modes de régulation des points de friction et de blocage pour "
                "promouvoir la coopération ?"
            ),
        ),
        frictions,
    ),
    SectionSpec(
        "cooperation_tools",
        gettext_lazy("Outils de la coopération"),
        (
            gettext_lazy(
                "Quels outils ont été utilisés pour la coopération territoriale : "
                "outils monétaires ? Outils juridiques ?"
            ),
        ),
        cooperation_tools,
    ),
    SectionSpec(
        "actor_network",
        gettext_lazy("Le système d'acteurs"),
        (
            gettext_lazy(
                "Qui coopère avec qui, et quels acteurs relient les mondes du territoire ?"
            ),
        ),
        actor_network,
    ),
    SectionSpec(
        "economic_model",
        gettext_lazy("Modèle économique et effets utiles"),
        (
            gettext_lazy(
                "Quelles ressources font vivre la coopération, "
                "et quels effets utiles produit-elle ?"
            ),
        ),
        economic_model,
    ),
    SectionSpec(
        "maturity",
        gettext_lazy("Maturité coopérative"),
        (gettext_lazy("Où en est la coopération selon ses membres ?"),),
        maturity,
    ),
    SectionSpec(
        "indicators",
        gettext_lazy("Indicateurs de l'étape"),
        (gettext_lazy("Qu'est-ce qui compte à cette étape, et comment cela évolue-t-il ?"),),
        indicators,
    ),
    SectionSpec(
        "trajectory",
        gettext_lazy("Trajectoire"),
        (
            gettext_lazy(
                "Par quelles étapes, petites victoires et tournants la coopération est-elle "
                "passée ?"
            ),
        ),
        trajectory,
    ),
]
SECTION_KEYS = [spec.key for spec in SECTIONS]
