"""Pages of the catalysts' profiles and of their durability assessments. A profile is private to
its author until published (core.permissions); the cooperations it accompanies show only to
those who may see them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from terreau.catalysts.durability import AssessmentMode, DevelopmentStage
from terreau.catalysts.forms import AssessmentForm, CatalystForm
from terreau.catalysts.models import Catalyst, DurabilityAssessment
from terreau.catalysts.queries import operating_where_it_catalyses
from terreau.cooperations.models import Cooperation
from terreau.territories.refs import resolve_known


def catalyst_list(request):
    catalysts = Catalyst.objects.visible_to(request.user).select_related("actor")
    return render(request, "catalysts/list.html", {"catalysts": catalysts})


def catalyst_detail(request, pk: int):
    catalyst = _visible(request, pk)
    cooperations = catalyst.cooperations.filter(pk__in=Cooperation.objects.visible_to(request.user))
    context = {
        "catalyst": catalyst,
        "can_edit": catalyst.can_edit(request.user),
        "territories": resolve_known(catalyst.territories, user=request.user),
        "cooperations": cooperations,
        "operating": operating_where_it_catalyses(catalyst, cooperations),
        "assessments": catalyst.assessments.all(),
        "modes": AssessmentMode,
    }
    return render(request, "catalysts/detail.html", context)


@login_required
def catalyst_edit(request, pk: int | None = None):
    catalyst = _editable(request, pk) if pk else None
    form = CatalystForm(request.POST or None, instance=catalyst, user=request.user)
    if request.method == "POST" and form.is_valid():
        catalyst = form.save(commit=False)
        if catalyst.owner_id is None:
            catalyst.owner = request.user
        with transaction.atomic():
            catalyst.save()
            # Keep the accompanied cooperations the editor cannot see (someone else linked them).
            hidden = catalyst.cooperations.exclude(pk__in=form.fields["cooperations"].queryset)
            catalyst.cooperations.set([*hidden, *form.cleaned_data["cooperations"]])
        messages.success(request, _("Fiche du catalyseur enregistrée."))
        return redirect(catalyst)
    if form.is_bound:
        chosen = form.data.getlist("territories")
    else:
        chosen = catalyst.territories if catalyst else []
    territories = resolve_known(chosen, user=request.user)
    context = {"form": form, "catalyst": catalyst, "territories": territories}
    return render(request, "catalysts/form.html", context)


@login_required
def catalyst_delete(request, pk: int):
    """A page saying what goes with the profile (its assessments); the POST deletes."""
    catalyst = _editable(request, pk)
    if request.method == "POST":
        catalyst.delete()
        messages.success(request, _("Fiche du catalyseur supprimée."))
        return redirect("catalysts:list")
    context = {"catalyst": catalyst, "assessments": catalyst.assessments.count()}
    return render(request, "catalysts/confirm_delete.html", context)


@login_required
def assessment_create(request, pk: int):
    catalyst = _editable(request, pk)
    mode_key = request.GET.get("mode") or request.POST.get("mode") or AssessmentMode.SELF
    if mode_key not in AssessmentMode.values:
        raise Http404
    mode = AssessmentMode(mode_key)
    form = AssessmentForm(request.POST or None, stage=catalyst.stage, mode=mode)
    if request.method == "POST" and form.is_valid():
        DurabilityAssessment.objects.create(
            catalyst=catalyst,
            assessed_on=form.cleaned_data["assessed_on"],
            stage=catalyst.stage,
            mode=mode,
            assessors=form.cleaned_data["assessors"],
            answers=form.answers(),
            by=request.user,
        )
        messages.success(request, _("Évaluation enregistrée."))
        return redirect(catalyst)
    context = {
        "catalyst": catalyst,
        "form": form,
        "mode": mode,
        "modes": AssessmentMode,
        "short_scale": catalyst.stage == DevelopmentStage.EMERGENCE,
    }
    return render(request, "catalysts/assessment_form.html", context)


def _visible(request, pk: int) -> Catalyst:
    return get_object_or_404(Catalyst.objects.visible_to(request.user), pk=pk)


def _editable(request, pk: int) -> Catalyst:
    catalyst = _visible(request, pk)
    if not catalyst.can_edit(request.user):
        raise Http404
    return catalyst
