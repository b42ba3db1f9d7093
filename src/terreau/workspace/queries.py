"""What Mon espace shows a person: only what is theirs or what they may see."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from terreau.cooperations.models import AccessRole, Cooperation, CooperationAccess
from terreau.core.jobs import job_models
from terreau.maturity.models import Respondent, Round
from terreau.maturity.territory_access import territory_rounds_of
from terreau.offers.models import Notification
from terreau.workspace.next_steps import NextStep, next_steps

SHOWN_COOPERATIONS = 50
SHOWN_JOBS = 5
SHOWN_NOTIFICATIONS = 5
SHOWN_TERRITORY_ROUNDS = 20


@dataclass
class CooperationSteps:
    cooperation: Cooperation
    role: AccessRole
    steps: list[NextStep] = field(default_factory=list)


def my_cooperations(user) -> list[CooperationSteps]:
    """The cooperations the person was given access to (staff included: Mon espace lists their
    own, not every cooperation they may administer), each with its next steps."""
    accesses = (
        CooperationAccess.objects.filter(user=user)
        .select_related("cooperation")
        .order_by("cooperation__name", "cooperation__pk")[:SHOWN_COOPERATIONS]
    )
    result = []
    for access in accesses:
        role = AccessRole(access.role)
        steps = next_steps(access.cooperation, user, role)
        result.append(CooperationSteps(access.cooperation, role, steps))
    return result


@dataclass
class TerritoryRoundPart:
    """A territory maturity round and the person's part in it."""

    round: Round
    administers: bool
    invitation: Respondent | None  # their own invitation, when invited
    answered: int  # people who answered, among those invited (not revoked)
    invited: int

    @property
    def to_answer(self) -> bool:
        """Invited, the round still open: the questionnaire awaits them (or their changes)."""
        return self.invitation is not None and self.round.is_open


def my_territory_rounds(user) -> list[TerritoryRoundPart]:
    """The territory rounds the person administers or is invited to answer, open ones first,
    then the most recent; never another person's private round."""
    invited = Q(respondents__revoked_at__isnull=True)
    rounds = list(
        territory_rounds_of(user)
        .annotate(
            invited_count=Count("respondents", filter=invited),
            answered_count=Count(
                "respondents", filter=invited & Q(respondents__answered_at__isnull=False)
            ),
        )
        .order_by("-created_at", "-pk")[:SHOWN_TERRITORY_ROUNDS]
    )
    invitations = {
        invitation.round_id: invitation
        for invitation in Respondent.objects.filter(
            round__in=rounds, user=user, revoked_at__isnull=True
        )
    }
    parts = [
        TerritoryRoundPart(
            round=maturity_round,
            administers=maturity_round.created_by_id == user.pk,
            invitation=invitations.get(maturity_round.pk),
            answered=maturity_round.answered_count,
            invited=maturity_round.invited_count,
        )
        for maturity_round in rounds
    ]
    parts.sort(key=lambda part: not part.round.is_open)
    return parts


def my_recent_jobs(user) -> list:
    """The person's own background jobs, running ones first, then the most recent."""
    jobs = []
    for model in job_models():
        for job in model.objects.filter(created_by=user).order_by("-created_at")[:SHOWN_JOBS]:
            job.kind = model._meta.verbose_name
            jobs.append(job)
    jobs.sort(key=lambda job: (job.state != "running", -job.created_at.timestamp()))
    return jobs[:SHOWN_JOBS]


def my_recent_notifications(user):
    """The latest offer notifications about cooperations the person may still see."""
    return Notification.objects.filter(
        user=user, cooperation__in=Cooperation.objects.visible_to(user)
    ).select_related("cooperation", "offer")[:SHOWN_NOTIFICATIONS]


def worked_example(user) -> Cooperation | None:
    """A published demonstration cooperation, shown to newcomers as a worked example: the first
    loaded, La Butinerie in `terreau demo load` (the richest: economy, maturity, monograph)."""
    return (
        Cooperation.objects.visible_to(user)
        .filter(is_demo=True, is_public=True)
        .order_by("pk")
        .first()
    )
