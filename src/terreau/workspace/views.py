"""Mon espace, where a person lands after logging in, and the first-login welcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.accounts.services import profile_of
from terreau.territories.follows import followed_territories, territory_follow, territory_unfollow
from terreau.territories.refs import territory_or_404
from terreau.workspace.forms import OnboardingForm
from terreau.workspace.queries import (
    my_cooperations,
    my_recent_jobs,
    my_recent_notifications,
    my_territory_rounds,
    worked_example,
)
from terreau.workspace.services import onboarding_finish


@login_required
def workspace(request):
    profile = profile_of(request.user)
    if profile.onboarded_at is None:
        return redirect("workspace:onboarding")
    context = {
        "profile": profile,
        "territories": followed_territories(request.user),
        "cooperations": my_cooperations(request.user),
        "territory_rounds": my_territory_rounds(request.user),
        "jobs": my_recent_jobs(request.user),
        "notifications": my_recent_notifications(request.user),
        "example": worked_example(request.user),
    }
    return render(request, "workspace/workspace.html", context)


@login_required
def onboarding(request):
    """Choose one's territory and role, meet the worked example, start; or skip. Either way it
    is not shown again."""
    profile = profile_of(request.user)
    if request.method == "POST" and "skip" in request.POST:
        onboarding_finish(user=request.user)
        return redirect("workspace:home")
    form = OnboardingForm(
        request.POST or None, user=request.user, initial={"role": profile.role or None}
    )
    if request.method == "POST" and form.is_valid():
        territory = form.cleaned_data["territoire"]
        onboarding_finish(user=request.user, role=form.cleaned_data["role"], territory=territory)
        if territory is not None:
            messages.success(
                request, _("Vous suivez désormais %(name)s.") % {"name": territory.name}
            )
        return redirect("workspace:home")
    context = {"form": form, "example": worked_example(request.user)}
    return render(request, "workspace/onboarding.html", context)


@login_required
@require_POST
def follow(request, ref: str):
    """Follow a territory (or stop following it, `action=unfollow`) from its page."""
    territory = territory_or_404(ref, user=request.user)
    if request.POST.get("action") == "unfollow":
        territory_unfollow(user=request.user, territory=territory)
        messages.success(request, _("Vous ne suivez plus %(name)s.") % {"name": territory.name})
    else:
        territory_follow(user=request.user, territory=territory)
        messages.success(request, _("Vous suivez désormais %(name)s.") % {"name": territory.name})
    return redirect(territory)
