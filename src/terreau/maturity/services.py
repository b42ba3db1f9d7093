"""Use cases of maturity rounds. Permission checks happen before (see `views.py`, `api.py`)."""

import logging
import secrets
import smtplib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.cooperations.models import Cooperation
from terreau.maturity.grids import COOPERATION, LEVELS, TERRITORY, grid_scope, shipped_grids
from terreau.maturity.models import Answer, Respondent, Round

logger = logging.getLogger(__name__)


def closing_date_check(closes_on: date) -> None:
    """A round closes today or later (the whole closing day counts)."""
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("La date de clôture est déjà passée.")})


def round_launch(
    *,
    cooperation: Cooperation | None = None,
    territory=None,
    by,
    title: str,
    closes_on: date,
    grid_version: str,
    admins_see_answers: bool = False,
) -> Round:
    """Open a round on a cooperation or on a territory (a resolved territory, see
    territories/refs), on a shipped grid of the same scope, which the round keeps a copy of."""
    if (cooperation is None) == (territory is None):
        raise ValueError("a round is on a cooperation or on a territory")
    grid = shipped_grids().get(grid_version)
    if grid is None or grid_scope(grid) != (COOPERATION if territory is None else TERRITORY):
        raise ValidationError({"grid_version": _("Grille inconnue : %s") % grid_version})
    closing_date_check(closes_on)
    maturity_round = Round(
        cooperation=cooperation,
        territory_ref=territory.ref if territory is not None else "",
        territory_name=str(territory.name) if territory is not None else "",
        title=title,
        grid_version=grid_version,
        grid=grid,
        closes_on=closes_on,
        admins_see_answers=admins_see_answers,
        created_by=by,
    )
    maturity_round.full_clean()
    maturity_round.save()
    return maturity_round


def _check_open(maturity_round: Round) -> None:
    if not maturity_round.is_open:
        raise ValidationError(_("Ce tour est clôturé."))


def accounts_invite(*, maturity_round: Round, users, actor=None) -> list[Respondent]:
    """Invite user accounts: of the cooperation for a cooperation round, any account for a
    territory round (then optionally answering for `actor`, an actor the caller may see); an
    account invited before (even revoked) is left as it is. Returns the new invitations (see
    `invitation_send`)."""
    _check_open(maturity_round)
    if not maturity_round.is_territorial:
        allowed = set(maturity_round.cooperation.accesses.values_list("user_id", flat=True))
        if any(user.pk not in allowed for user in users):
            raise ValidationError(_("Seuls les comptes ayant accès à la coopération sont invités."))
        actor = None
    known = set(maturity_round.respondents.values_list("user_id", flat=True))
    return [
        Respondent.objects.create(round=maturity_round, user=user, actor=actor)
        for user in users
        if user.pk not in known
    ]


def link_create(*, maturity_round: Round, name: str, email: str = "", actor=None) -> Respondent:
    """A personal link for someone without an account, valid until the round closes; in a
    territory round it may name the actor the person answers for."""
    _check_open(maturity_round)
    respondent = Respondent(
        round=maturity_round,
        name=name,
        email=email,
        token=secrets.token_urlsafe(24),
        actor=actor if maturity_round.is_territorial else None,
    )
    respondent.full_clean()
    respondent.save()
    return respondent


def invitation_send(*, respondent: Respondent, base_url: str) -> bool | None:
    """E-mail the invitation (the personal link, or the round's address for an account) when
    the person has an address: True when sent, None without address, False when the mail
    server refused it (the link can still be copied from the round's page)."""
    address = respondent.user.email if respondent.user else respondent.email
    if not address:
        return None
    maturity_round = respondent.round
    url = base_url + (respondent.get_link() or maturity_round.answer_url())
    body = _(
        "Bonjour,\n\nVous êtes invité·e à l'autoévaluation de la maturité coopérative de "
        "« %(cooperation)s » : %(title)s.\nRépondez (et revenez modifier vos réponses) jusqu'au "
        "%(closes_on)s à cette adresse :\n%(url)s\n\nCe lien est personnel : ne le transmettez pas."
    ) % {
        "cooperation": maturity_round.subject_name,
        "title": maturity_round.title,
        "closes_on": maturity_round.closes_on.strftime("%d/%m/%Y"),
        "url": url,
    }
    subject = _("Maturité coopérative : %(title)s") % {"title": maturity_round.title}
    try:
        send_mail(subject, body, None, [address])
    except (OSError, smtplib.SMTPException):
        logger.exception("maturity invitation to %s not sent", address)
        return False
    return True


def respondent_revoke(*, respondent: Respondent) -> Respondent:
    """Revoke an invitation: the link stops working and the person's answers stop counting."""
    if respondent.revoked_at is None:
        respondent.revoked_at = timezone.now()
        respondent.save(update_fields=["revoked_at"])
    return respondent


def answers_save(*, respondent: Respondent, answers: dict[str, tuple[int | None, str]]) -> None:
    """Save a person's answers, {dimension: (level or None for "I don't know", comment)}; the
    dimensions left out keep their previous answer. Only while the round is open."""
    maturity_round = respondent.round
    _check_open(maturity_round)
    if respondent.is_revoked:
        raise ValidationError(_("Cette invitation a été révoquée."))
    keys = {dimension["key"] for dimension in maturity_round.grid["dimensions"]}
    for key, (level, _comment) in answers.items():
        if key not in keys:
            raise ValidationError(_("Dimension inconnue : %s") % key)
        if level is not None and level not in LEVELS:
            raise ValidationError(
                _("Niveau invalide pour %(key)s : %(level)s") % {"key": key, "level": level}
            )
    with transaction.atomic():
        for key, (level, comment) in answers.items():
            Answer.objects.update_or_create(
                respondent=respondent,
                dimension=key,
                defaults={"level": level, "comment": comment.strip()},
            )
        respondent.answered_at = timezone.now()
        respondent.save(update_fields=["answered_at"])


def round_close(*, maturity_round: Round) -> Round:
    """Close the round now: links stop working, answers are frozen and results are shown."""
    if maturity_round.closed_at is None:
        maturity_round.closed_at = timezone.now()
        maturity_round.save(update_fields=["closed_at"])
    return maturity_round


def round_publish(*, maturity_round: Round, published: bool) -> Round:
    """Publish (or withdraw) a territory round's aggregated results: everyone then sees them,
    under the same rule of three, never individual answers nor comments."""
    if not maturity_round.is_territorial:
        raise ValidationError(_("Seuls les tours d'un territoire se publient."))
    maturity_round.is_published = published
    maturity_round.save(update_fields=["is_published"])
    return maturity_round
