"""Pages of a territory's maturity rounds (territory_access.py says who sees what): any
logged-in person launches a round on a territory and administers it; invited accounts answer and
see its results; everyone sees the aggregated results of a published round, nothing else."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.maturity import services
from terreau.maturity.forms import InviteAccountForm, TerritoryLinkForm, TerritoryRoundForm
from terreau.maturity.grids import TERRITORY, latest_version
from terreau.maturity.models import Respondent, Round
from terreau.maturity.queries import (
    MIN_RESPONDENTS,
    WIDE_SPREAD_RANGE,
    individual_table,
    round_radar,
    round_results,
    rounds_trajectory,
)
from terreau.maturity.territory_access import Viewer, territory_rounds_visible_to, viewer_of
from terreau.maturity.views import _mail_invitations, _questionnaire, invitations_context
from terreau.territories.refs import TerritoryRefError, resolve, territory_or_404


def _round_for(request, ref: str, pk: int, need: Viewer | None = None):
    """The territory round and how the visitor sees it. A round they may not see answers as
    an unknown one: the login page for anonymous visitors, else a 404."""
    maturity_round = (
        territory_rounds_visible_to(request.user).filter(territory_ref=ref, pk=pk).first()
    )
    viewer = viewer_of(request.user, maturity_round) if maturity_round else None
    if viewer is None or (need is not None and viewer is not need):
        if not request.user.is_authenticated:
            raise _LoginNeeded
        if viewer is None:
            raise Http404
        raise PermissionDenied
    return maturity_round, viewer


class _LoginNeeded(Exception):
    pass


def _login_or(view):
    """Send anonymous visitors of a round they may not see to the login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginNeeded:
            return redirect_to_login(request.get_full_path())

    return wrapped


def territory_round_list(request, ref: str):
    territory = territory_or_404(ref, user=request.user)
    visible = territory_rounds_visible_to(request.user).filter(territory_ref=territory.ref)
    rounds = list(
        visible.annotate(
            invited=Count("respondents", filter=Q(respondents__revoked_at__isnull=True))
        )
    )
    mine = set()
    if request.user.is_authenticated:
        mine = set(
            Respondent.objects.filter(
                round__in=rounds, user=request.user, revoked_at__isnull=True
            ).values_list("round_id", flat=True)
        )
    context = {
        "territory": territory,
        "rounds": [(r, r.invited, r.pk in mine) for r in rounds],
        "trajectory": rounds_trajectory(rounds),
    }
    return render(request, "maturity/territory_round_list.html", context)


@login_required
def territory_round_create(request):
    initial, territory = {"grid_version": latest_version(TERRITORY)}, None
    if ref := request.GET.get("territoire", ""):
        try:
            territory = resolve(ref, user=request.user)
        except TerritoryRefError:
            territory = None
        else:
            initial["territory"] = territory.ref
    form = TerritoryRoundForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        maturity_round = services.round_launch(by=request.user, **form.cleaned_data)
        messages.success(request, _("Tour lancé. Invitez maintenant les personnes qui répondent."))
        return redirect(maturity_round)
    context = {
        "form": form,
        "heading": _("Lancer un tour de maturité sur un territoire"),
        "back_url": reverse("maturity:territory", args=[territory.ref]) if territory else "",
        "back_label": territory.name if territory else "",
    }
    return render(request, "maturity/territory_round_form.html", context)


def _territory_of(maturity_round: Round):
    """The round's territory for the actor fields (by the operator's rights: the creator chose
    it; the actors offered are still limited to those the creator sees)."""
    try:
        return resolve(maturity_round.territory_ref)
    except TerritoryRefError:
        return None


@_login_or
def territory_round_detail(request, ref: str, pk: int):
    maturity_round, viewer = _round_for(request, ref, pk)
    return _detail_page(request, maturity_round, viewer)


def _detail_page(request, maturity_round: Round, viewer: Viewer, **bound_forms):
    """The round's page; `bound_forms` (`invite_form`, `link_form`) are an administrator's forms
    posted with errors, shown again under their fields."""
    is_admin = viewer is Viewer.ADMINISTRATOR
    results = round_results(maturity_round)
    visible = territory_rounds_visible_to(request.user).filter(
        territory_ref=maturity_round.territory_ref
    )
    trajectory = rounds_trajectory(visible, until=maturity_round)
    context = {
        "round": maturity_round,
        "viewer": viewer.value,
        "is_admin": is_admin,
        "public_view": not viewer.sees_comments,
        "results": results,
        "chart": round_radar(results, trajectory),
        "trajectory": trajectory if len(trajectory.rounds) > 1 else None,
        "mine": None,
        "min_respondents": MIN_RESPONDENTS,
        "wide_spread_range": WIDE_SPREAD_RANGE,
        "individual": None,
    }
    if request.user.is_authenticated:
        context["mine"] = maturity_round.respondents.filter(user=request.user).first()
    if is_admin:
        context.update(invitations_context(request, maturity_round, maturity_round.respondents))
        territory = _territory_of(maturity_round)
        if territory is not None:
            context.update(
                invite_form=InviteAccountForm(
                    user=request.user, territory=territory, prefix="compte"
                ),
                link_form=TerritoryLinkForm(user=request.user, territory=territory, prefix="lien"),
            )
            context.update(bound_forms)
        if maturity_round.admins_see_answers:
            context["individual"] = individual_table(maturity_round)
    return render(request, "maturity/territory_round_detail.html", context)


def _admin_round(request, ref, pk):
    maturity_round, _viewer = _round_for(request, ref, pk, Viewer.ADMINISTRATOR)
    territory = _territory_of(maturity_round)
    if territory is None:
        raise Http404
    return maturity_round, territory


@login_required
@require_POST
def territory_account_invite(request, ref: str, pk: int):
    """Invite one account by its identifier; an unknown identifier shows the page again with
    the error under the field, as the cooperation's access form does."""
    maturity_round, territory = _admin_round(request, ref, pk)
    form = InviteAccountForm(request.POST, user=request.user, territory=territory, prefix="compte")
    if form.is_valid():
        try:
            invited = services.accounts_invite(
                maturity_round=maturity_round,
                users=[form.cleaned_data["username"]],
                actor=form.cleaned_data["actor"],
            )
        except ValidationError as error:  # the round closed meanwhile: its forms are gone
            messages.error(request, " ".join(error.messages))
        else:
            if invited:
                messages.success(
                    request,
                    _("%(name)s est invité·e.") % {"name": invited[0].display_name},
                )
                _mail_invitations(request, invited)
            else:
                messages.info(request, _("Ce compte était déjà invité."))
        return redirect(maturity_round.get_absolute_url() + "#invitations")
    return _detail_page(request, maturity_round, Viewer.ADMINISTRATOR, invite_form=form)


@login_required
@require_POST
def territory_link_add(request, ref: str, pk: int):
    maturity_round, territory = _admin_round(request, ref, pk)
    form = TerritoryLinkForm(request.POST, user=request.user, territory=territory, prefix="lien")
    if form.is_valid():
        try:
            respondent = services.link_create(maturity_round=maturity_round, **form.cleaned_data)
        except ValidationError as error:  # the round closed meanwhile: its forms are gone
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Lien personnel créé pour %(name)s : copiez-le dans le tableau ci-dessous.")
                % {"name": respondent.name},
            )
            _mail_invitations(request, [respondent])
        return redirect(maturity_round.get_absolute_url() + "#invitations")
    return _detail_page(request, maturity_round, Viewer.ADMINISTRATOR, link_form=form)


@login_required
@require_POST
def territory_respondent_revoke(request, ref: str, pk: int, respondent_id: int):
    maturity_round, _viewer = _round_for(request, ref, pk, Viewer.ADMINISTRATOR)
    respondent = get_object_or_404(maturity_round.respondents, pk=respondent_id)
    services.respondent_revoke(respondent=respondent)
    messages.success(
        request, _("Invitation de %(name)s révoquée.") % {"name": respondent.display_name}
    )
    return redirect(maturity_round.get_absolute_url() + "#invitations")


@login_required
@require_POST
def territory_round_close(request, ref: str, pk: int):
    maturity_round, _viewer = _round_for(request, ref, pk, Viewer.ADMINISTRATOR)
    services.round_close(maturity_round=maturity_round)
    messages.success(request, _("Tour clôturé : les liens ne fonctionnent plus."))
    return redirect(maturity_round)


@login_required
@require_POST
def territory_round_publish(request, ref: str, pk: int):
    maturity_round, _viewer = _round_for(request, ref, pk, Viewer.ADMINISTRATOR)
    published = request.POST.get("publier") == "1"
    services.round_publish(maturity_round=maturity_round, published=published)
    if published:
        messages.success(
            request,
            _(
                "Résultats publiés : tout le monde voit les résultats d'ensemble de ce tour, "
                "sans réponses individuelles ni commentaires."
            ),
        )
    else:
        messages.success(request, _("Publication retirée : le tour est de nouveau privé."))
    return redirect(maturity_round)


@login_required
def territory_answer(request, ref: str, pk: int):
    """The questionnaire of an invited account."""
    maturity_round, _viewer = _round_for(request, ref, pk)
    respondent = get_object_or_404(
        maturity_round.respondents, user=request.user, revoked_at__isnull=True
    )
    return _questionnaire(request, respondent, back_url=maturity_round.get_absolute_url())
