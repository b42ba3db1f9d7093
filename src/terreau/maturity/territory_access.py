"""Who sees and runs a territory's maturity rounds (see docs/architecture.md, "Territory maturity").

A territory round belongs to nobody's cooperation: its creator administers it (staff too), the
accounts it invites see it once invited (not after revocation), and everyone else sees it only
when its administrator has published its results — then the aggregates only, never individual
answers nor comments. Otherwise a stranger learns nothing of it, not even that it exists.
"""

from enum import Enum

from django.db.models import Exists, OuterRef, Q

from terreau.maturity.models import Respondent, Round


class Viewer(Enum):
    ADMINISTRATOR = "administrator"  # its creator, or staff
    RESPONDENT = "respondent"  # an invited account (invitation not revoked)
    PUBLIC = "public"  # anyone else, on a published round

    @property
    def sees_comments(self) -> bool:
        return self is not Viewer.PUBLIC


def _invited(user):
    return Respondent.objects.filter(round=OuterRef("pk"), user=user, revoked_at__isnull=True)


def territory_rounds_visible_to(user):
    """The territory rounds `user` (anonymous included) may see; `None` is the command line."""
    rounds = Round.objects.filter(cooperation__isnull=True)
    if user is None or (user.is_authenticated and user.is_staff):
        return rounds
    if not user.is_authenticated:
        return rounds.filter(is_published=True)
    return rounds.filter(Q(is_published=True) | Q(created_by=user) | Exists(_invited(user)))


def territory_rounds_of(user):
    """The territory rounds `user` takes part in, for Mon espace: those they launched (staff
    included: their own, not every round they may administer) and those they are invited to
    answer (invitation not revoked). Never a round merely published."""
    rounds = Round.objects.filter(cooperation__isnull=True)
    return rounds.filter(Q(created_by=user) | Exists(_invited(user)))


def viewer_of(user, maturity_round: Round) -> Viewer | None:
    """How `user` sees a territory round, None when they may not see it at all."""
    if user.is_authenticated:
        if user.is_staff or maturity_round.created_by_id == user.pk:
            return Viewer.ADMINISTRATOR
        if maturity_round.respondents.filter(user=user, revoked_at__isnull=True).exists():
            return Viewer.RESPONDENT
    return Viewer.PUBLIC if maturity_round.is_published else None
