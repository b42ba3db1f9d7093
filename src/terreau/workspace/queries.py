"""What Mon espace shows a person: only what is theirs or what they may see."""

from dataclasses import dataclass, field

from terreau.cooperations.models import AccessRole, Cooperation, CooperationAccess
from terreau.core.jobs import job_models
from terreau.offers.models import Notification
from terreau.workspace.next_steps import NextStep, next_steps

SHOWN_COOPERATIONS = 50
SHOWN_JOBS = 5
SHOWN_NOTIFICATIONS = 5


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
