"""The four conditions of a catalyst's durability and how they are assessed, as source §004 (Le
RAMEAU, parcours d'expérience « Co-construction territoriale ») states them:

« Les facteurs clés de pérennité des catalyseurs territoriaux : un positionnement clair dans
l'écosystème territorial, le modèle socio-économique sur lequel il s'est construit, le modèle de
gouvernance du dispositif territorial, le cadre technique (juridique, fiscal, social, et d'accès
au droit commun) »

« Adapter les modes d'évaluation à la maturité : adapter l'évaluation selon le stade de
développement du catalyseur, selon le mode d'évaluation souhaité. [...] il serait donc prématuré
de l'analyser avec les grilles d'évaluation que l'on peut utiliser pour des solutions matures. »

Hence (Terreau's reading, documented in docs/catalysts.md): a catalyst in emergence answers a
short scale (not yet addressed / under way / settled), one in development or mature the full
scale, whose top level asks for proof; and when the mode is a peer review or an external
evaluation every answer says what it rests on, whereas a self-assessment may leave it blank.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class DevelopmentStage(models.TextChoices):
    """A catalyst's own stage of development (§004: « le stade de développement du catalyseur »)."""

    EMERGENCE = "emergence", _("En émergence")
    DEVELOPMENT = "development", _("En développement")
    MATURE = "mature", _("Mature")


class AssessmentMode(models.TextChoices):
    """« selon le mode d'évaluation souhaité » (§004)."""

    SELF = "self", _("Auto-évaluation")
    PEERS = "peers", _("Regards croisés entre pairs")
    EXTERNAL = "external", _("Évaluation externe")

    @property
    def needs_grounds(self) -> bool:
        return self != AssessmentMode.SELF


@dataclass(frozen=True)
class Condition:
    key: str
    label: str
    question: str


CONDITIONS = (
    Condition(
        "positioning",
        _("Un positionnement clair dans l'écosystème territorial"),
        _(
            "Les acteurs du territoire savent-ils ce que fait le catalyseur, et ce qu'il ne fait "
            "pas ?"
        ),
    ),
    Condition(
        "socio_economic_model",
        _("Le modèle socio-économique"),
        _(
            "Les ressources qui financent l'animation sont-elles connues, diversifiées et "
            "durables ?"
        ),
    ),
    Condition(
        "governance",
        _("Le modèle de gouvernance du dispositif territorial"),
        _("Qui décide des orientations du catalyseur, et les acteurs y ont-ils leur place ?"),
    ),
    Condition(
        "technical_frame",
        _("Le cadre technique (juridique, fiscal, social, accès au droit commun)"),
        _("Le cadre juridique, fiscal et social de l'activité est-il clair et sécurisé ?"),
    ),
)
CONDITION_KEYS = [condition.key for condition in CONDITIONS]

# The scale a catalyst answers at each stage: (level, label), lowest first.
SHORT_SCALE = (
    (0, _("Pas encore abordé")),
    (1, _("En chantier")),
    (2, _("Posé")),
)
FULL_SCALE = (
    (0, _("Absent")),
    (1, _("Fragile")),
    (2, _("Établi")),
    (3, _("Éprouvé, preuves à l'appui")),
)


def scale_for(stage: str) -> tuple[tuple[int, str], ...]:
    """The scale of an assessment made at `stage`: short in emergence (§004: no grid of mature
    solutions for an emerging catalyst), full afterwards."""
    return SHORT_SCALE if stage == DevelopmentStage.EMERGENCE else FULL_SCALE


@dataclass(frozen=True)
class ConditionResult:
    condition: Condition
    level: int
    level_label: str
    top: int
    grounds: str

    @property
    def to_work_on(self) -> bool:
        """Below the middle of its scale: the condition to work on first."""
        return self.level * 2 < self.top


def results(stage: str, answers: dict) -> list[ConditionResult]:
    """Each condition's answer, in the source's order, with its label on the scale of `stage`."""
    scale = dict(scale_for(stage))
    top = max(scale)
    out = []
    for condition in CONDITIONS:
        answer = answers.get(condition.key, {})
        level = answer.get("level", 0)
        out.append(
            ConditionResult(condition, level, scale.get(level, ""), top, answer.get("grounds", ""))
        )
    return out
