"""Who may see and change a cooperation's record, for every app whose pages hang off a
cooperation (economy, evaluation, maturity, monographs, matching): they ask here rather than
importing the cooperation pages (`cooperations.views`).

Strangers get a 404 on a private record (its existence does not leak), and a reader who tries
to edit gets a 403. The order of the roles is `AccessRole.rank` / `AccessRole.at_least`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from terreau.cooperations.models import AccessRole, Cooperation


def cooperation_for(request, slug: str, need: AccessRole | None = AccessRole.READER):
    """The cooperation and the visitor's role. `need=None` accepts visitors of a published
    cooperation (they see its public part only)."""
    cooperation = get_object_or_404(Cooperation.objects.visible_to(request.user), slug=slug)
    role = cooperation.role_of(request.user)
    if need is not None:
        if role is None:
            raise Http404
        if not role.at_least(need):
            raise PermissionDenied
    return cooperation, role


def can_contribute(role: AccessRole | None) -> bool:
    """Whether a visitor with this role (None: no access) may change the record."""
    return role is not None and role.can_contribute


def cooperation_part_or_new(cooperation, related: str, pk: int | None):
    """The part `pk` of the cooperation (a member, block, journal entry, resource, cost…) through
    its `related` manager, so a part of another cooperation is a 404; or a new one when no `pk`."""
    parts = getattr(cooperation, related)
    return get_object_or_404(parts, pk=pk) if pk else parts.model(cooperation=cooperation)
