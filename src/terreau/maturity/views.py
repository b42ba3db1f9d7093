"""Pages of maturity rounds. Members of a cooperation (any access role) see its rounds and their
results; its administrators launch, invite, revoke and close; invited people answer, with their
account or through a personal link that opens nothing but their own questionnaire."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from terreau.cooperations.access import cooperation_for
from terreau.cooperations.models import AccessRole
from terreau.maturity import services
from terreau.maturity.forms import AnswerForm, InviteAccountsForm, LinkForm, RoundForm
from terreau.maturity.grids import latest_version
from terreau.maturity.models import Respondent
from terreau.maturity.queries import (
    MIN_RESPONDENTS,
    WIDE_SPREAD_RANGE,
    cooperation_trajectory,
    individual_table,
    own_answers,
    round_radar,
    round_results,
)


def _round_for(request, slug: str, pk: int, need=AccessRole.READER):
    cooperation, role = cooperation_for(request, slug, need)
    return cooperation, role, get_object_or_404(cooperation.maturity_rounds, pk=pk)


@login_required
def round_list(request, slug: str):
    cooperation, role = cooperation_for(request, slug)
    rounds = list(
        cooperation.maturity_rounds.annotate(
            invited=Count("respondents", filter=Q(respondents__revoked_at__isnull=True))
        )
    )
    mine = set(
        Respondent.objects.filter(
            round__in=rounds, user=request.user, revoked_at__isnull=True
        ).values_list("round_id", flat=True)
    )
    context = {
        "cooperation": cooperation,
        "can_administer": role == AccessRole.ADMINISTRATOR,
        "rounds": [(r, r.invited, r.pk in mine) for r in rounds],
        "trajectory": cooperation_trajectory(cooperation),
    }
    return render(request, "maturity/round_list.html", context)


@login_required
def round_create(request, slug: str):
    cooperation, _role = cooperation_for(request, slug, AccessRole.ADMINISTRATOR)
    form = RoundForm(request.POST or None, initial={"grid_version": latest_version()})
    if request.method == "POST" and form.is_valid():
        maturity_round = services.round_launch(
            cooperation=cooperation, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Tour lancé. Invitez maintenant les personnes qui répondent."))
        return redirect(maturity_round)
    context = {
        "form": form,
        "cooperation": cooperation,
        "heading": _("Lancer un tour de maturité"),
        "back_url": cooperation.get_absolute_url(),
        "back_label": cooperation.name,
    }
    return render(request, "cooperations/edit_form.html", context)


@login_required
def round_detail(request, slug: str, pk: int):
    cooperation, role, maturity_round = _round_for(request, slug, pk)
    is_admin = role == AccessRole.ADMINISTRATOR
    results = round_results(maturity_round)
    trajectory = cooperation_trajectory(cooperation, until=maturity_round)
    context = {
        "cooperation": cooperation,
        "round": maturity_round,
        "is_admin": is_admin,
        "results": results,
        "chart": round_radar(results, trajectory),
        "trajectory": trajectory if len(trajectory.rounds) > 1 else None,
        "mine": maturity_round.respondents.filter(user=request.user).first(),
        "min_respondents": MIN_RESPONDENTS,
        "wide_spread_range": WIDE_SPREAD_RANGE,
        "individual": None,
    }
    if is_admin:
        context.update(
            invitations_context(request, maturity_round, maturity_round.respondents),
            invite_form=InviteAccountsForm(maturity_round=maturity_round),
            link_form=LinkForm(),
        )
        if maturity_round.admins_see_answers:
            context["individual"] = individual_table(maturity_round)
    return render(request, "maturity/round_detail.html", context)


def invitations_context(request, maturity_round, respondents) -> dict:
    """What maturity/includes/invitations.html needs besides its forms, for a cooperation's or a
    territory's round alike: the invitations, each with the address that revokes it, the
    addresses its forms post to, and the site's address for the personal links."""
    if maturity_round.is_territorial:
        prefix, key = "maturity:territory_", maturity_round.territory_ref
    else:
        prefix, key = "maturity:", maturity_round.cooperation.slug

    def url(name: str, *args) -> str:
        return reverse(prefix + name, args=[key, maturity_round.pk, *args])

    respondents = list(respondents.select_related("user", "actor"))
    for respondent in respondents:
        respondent.revoke_url = url("revoke", respondent.pk)
    return {
        "respondents": respondents,
        "invite_url": url("invite"),
        "link_url": url("link_add"),
        "close_url": url("close"),
        "base_url": request.build_absolute_uri("/")[:-1],
    }


def _mail_invitations(request, respondents) -> None:
    base_url = request.build_absolute_uri("/")[:-1]
    sent = [services.invitation_send(respondent=r, base_url=base_url) for r in respondents]
    if sent.count(True):
        messages.success(
            request,
            ngettext(
                "%(n)d invitation envoyée par courriel.",
                "%(n)d invitations envoyées par courriel.",
                sent.count(True),
            )
            % {"n": sent.count(True)},
        )
    if False in sent:
        messages.error(
            request,
            _("Le courriel n'a pas pu partir : copiez le lien ou l'adresse du tour."),
        )


@login_required
@require_POST
def accounts_invite(request, slug: str, pk: int):
    _cooperation, _role, maturity_round = _round_for(request, slug, pk, AccessRole.ADMINISTRATOR)
    form = InviteAccountsForm(request.POST, maturity_round=maturity_round)
    if form.is_valid():
        try:
            invited = services.accounts_invite(
                maturity_round=maturity_round, users=list(form.cleaned_data["users"])
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext("%(n)d compte invité.", "%(n)d comptes invités.", len(invited))
                % {"n": len(invited)},
            )
            _mail_invitations(request, invited)
    else:
        messages.error(request, _("Cochez au moins un compte à inviter."))
    return redirect(maturity_round.get_absolute_url() + "#invitations")


@login_required
@require_POST
def link_add(request, slug: str, pk: int):
    _cooperation, _role, maturity_round = _round_for(request, slug, pk, AccessRole.ADMINISTRATOR)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            respondent = services.link_create(maturity_round=maturity_round, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Lien personnel créé pour %(name)s : copiez-le dans le tableau ci-dessous.")
                % {"name": respondent.name},
            )
            _mail_invitations(request, [respondent])
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label
            messages.error(request, f"{label} : {' '.join(errors)}")
    return redirect(maturity_round.get_absolute_url() + "#invitations")


@login_required
@require_POST
def respondent_revoke(request, slug: str, pk: int, respondent_id: int):
    _cooperation, _role, maturity_round = _round_for(request, slug, pk, AccessRole.ADMINISTRATOR)
    respondent = get_object_or_404(maturity_round.respondents, pk=respondent_id)
    services.respondent_revoke(respondent=respondent)
    messages.success(
        request, _("Invitation de %(name)s révoquée.") % {"name": respondent.display_name}
    )
    return redirect(maturity_round.get_absolute_url() + "#invitations")


@login_required
@require_POST
def round_close(request, slug: str, pk: int):
    _cooperation, _role, maturity_round = _round_for(request, slug, pk, AccessRole.ADMINISTRATOR)
    services.round_close(maturity_round=maturity_round)
    messages.success(request, _("Tour clôturé : les liens ne fonctionnent plus."))
    return redirect(maturity_round)


@login_required
def answer(request, slug: str, pk: int):
    """The questionnaire of an invited account."""
    _cooperation, _role, maturity_round = _round_for(request, slug, pk)
    respondent = get_object_or_404(
        maturity_round.respondents, user=request.user, revoked_at__isnull=True
    )
    return _questionnaire(request, respondent, back_url=maturity_round.get_absolute_url())


def link_answer(request, token: str):
    """The questionnaire behind a personal link: this respondent's questions and own answers,
    nothing else of the cooperation."""
    respondent = Respondent.objects.select_related("round__cooperation").filter(token=token).first()
    if respondent is None:
        raise Http404
    if respondent.is_revoked or not respondent.round.is_open:
        response = render(request, "maturity/link_expired.html", {"respondent": respondent})
        response.status_code = 410
    else:
        response = _questionnaire(request, respondent, back_url=None)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    # "same-origin": the token never leaves the site in a Referer, and the form still posts
    # (with "no-referrer" browsers send "Origin: null", which the CSRF check refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


def _questionnaire(request, respondent: Respondent, *, back_url):
    maturity_round = respondent.round
    answers = own_answers(respondent)
    form = AnswerForm(
        request.POST or None,
        maturity_round=maturity_round,
        answers=answers,
        disabled=not maturity_round.is_open,
    )
    if request.method == "POST" and maturity_round.is_open and form.is_valid():
        services.answers_save(respondent=respondent, answers=form.answers())
        messages.success(
            request,
            _("Réponses enregistrées. Vous pouvez revenir les modifier jusqu'au %(date)s.")
            % {"date": maturity_round.closes_on.strftime("%d/%m/%Y")},
        )
        return redirect(request.path)
    context = {
        "round": maturity_round,
        "cooperation": maturity_round.cooperation,
        "respondent": respondent,
        "form": form,
        "answered": len(answers),
        "back_url": back_url,
    }
    return render(request, "maturity/answer.html", context)
