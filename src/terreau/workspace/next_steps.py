"""What to do next on a cooperation, read from its data: each rule looks at one part of the
record and, when something is missing or waiting, says so with a link to where to do it.

A rule takes the cooperation, the person and their access role and returns its steps (often
none). Steps that change the record are only offered to those who may change it
(contributors and administrators); a reader still hears of a questionnaire to answer and of new
matching offers. The rules sit above every app they read (actors, diagnosis, maturity, offers,
economy), which is why they live here and not in `cooperations`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.actors.models import Actor
from terreau.cooperations.access import can_contribute
from terreau.cooperations.models import AccessRole, Cooperation
from terreau.diagnosis.models import Need
from terreau.economy.models import UsefulEffect
from terreau.maturity.models import Round
from terreau.offers.models import Notification


@dataclass(frozen=True)
class NextStep:
    key: str
    text: str
    url: str
    link_label: str


Rule = Callable[[Cooperation, object, AccessRole | None], list[NextStep]]


def deja_la_missing(cooperation, user, role) -> list[NextStep]:
    """No actor of the directory on the cooperation's territory: the déjà-là is the starting
    point, import it."""
    if not can_contribute(role):
        return []
    located = Actor.objects.visible_to(user).filter(commune__in=cooperation.communes.all())
    if located.exists():
        return []
    return [
        NextStep(
            "deja_la",
            _("Aucun acteur du déjà-là n’est encore importé sur son territoire."),
            reverse("actors:import"),
            _("Importer des acteurs"),
        )
    ]


def needs_missing(cooperation, user, role) -> list[NextStep]:
    """No unmet need recorded on its territory nor linked to it."""
    if not can_contribute(role):
        return []
    needs = Need.objects.visible_to(user).filter(territory_ref=cooperation.territory_ref)
    if needs.exists() or cooperation.needs.visible_to(user).exists():
        return []
    url = reverse("diagnosis:diagnosis", args=[cooperation.territory_ref]) + "#needs-title"
    return [
        NextStep(
            "needs",
            _("Aucun besoin du diagnostic n’est enregistré sur son territoire."),
            url,
            _("Enregistrer les besoins"),
        )
    ]


def maturity_rounds(cooperation, user, role) -> list[NextStep]:
    """An open maturity round: to answer when the person is invited and has not answered, to
    close (administrators) once every invited person has answered, else to follow."""
    steps = []
    for maturity_round in Round.objects.filter(cooperation=cooperation, closed_at__isnull=True):
        if not maturity_round.is_open:
            continue
        respondents = maturity_round.respondents.filter(revoked_at__isnull=True)
        answered = respondents.filter(answered_at__isnull=False).count()
        invited = respondents.count()
        closes_on = formats.date_format(maturity_round.closes_on, "DATE_FORMAT")
        names = {"title": maturity_round.title, "date": closes_on}
        if respondents.filter(user=user, answered_at__isnull=True).exists():
            steps.append(
                NextStep(
                    "maturity_answer",
                    _(
                        "Tour de maturité « %(title)s » : "
                        "votre réponse est attendue avant le %(date)s."
                    )
                    % names,
                    reverse("maturity:answer", args=[cooperation.slug, maturity_round.pk]),
                    _("Répondre au questionnaire"),
                )
            )
        elif role == AccessRole.ADMINISTRATOR and invited and answered == invited:
            steps.append(
                NextStep(
                    "maturity_close",
                    _("Tour de maturité « %(title)s » : toutes les réponses sont là, à clôturer.")
                    % names,
                    maturity_round.get_absolute_url(),
                    _("Clôturer le tour"),
                )
            )
        elif can_contribute(role):
            text = _(
                "Tour de maturité « %(title)s » ouvert jusqu’au %(date)s "
                "(réponses : %(answered)s sur %(invited)s)."
            ) % {**names, "answered": answered, "invited": invited}
            steps.append(
                NextStep(
                    "maturity_open",
                    text,
                    maturity_round.get_absolute_url(),
                    _("Suivre le tour"),
                )
            )
    return steps


def offers_new(cooperation, user, role) -> list[NextStep]:
    """New offers matching the cooperation, notified to the person and not read yet."""
    unread = Notification.objects.filter(
        user=user, cooperation=cooperation, read_at__isnull=True
    ).count()
    if not unread:
        return []
    text = ngettext(
        "%(count)s nouvelle offre correspond à la coopération.",
        "%(count)s nouvelles offres correspondent à la coopération.",
        unread,
    ) % {"count": unread}
    return [
        NextStep(
            "offers",
            text,
            reverse("offers:cooperation_offers", args=[cooperation.slug]),
            _("Voir les offres"),
        )
    ]


def effects_without_contributor(cooperation, user, role) -> list[NextStep]:
    """Useful effects for which no third party has been approached yet."""
    if not can_contribute(role):
        return []
    effects = UsefulEffect.objects.filter(cooperation=cooperation, contributions__isnull=True)
    return [
        NextStep(
            "effect",
            _("Effet utile « %(name)s » : aucun tiers contributeur n’est encore identifié.")
            % {"name": effect.name},
            reverse("economy:effect", args=[cooperation.slug, effect.pk]),
            _("Chercher des contributeurs"),
        )
        for effect in effects.order_by("name", "pk")
    ]


RULES: list[Rule] = [
    deja_la_missing,
    needs_missing,
    maturity_rounds,
    offers_new,
    effects_without_contributor,
]


def next_steps(cooperation, user, role: AccessRole | None) -> list[NextStep]:
    """Every rule's steps for this cooperation, in the order of `RULES`."""
    return [step for rule in RULES for step in rule(cooperation, user, role)]
