"""The evaluation page of a cooperation. Permissions are the record's (`cooperation_for`): its
members read, contributors and administrators edit, strangers get a 404 even when the
cooperation is published (indicators are not part of the public record)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from terreau.cooperations.access import can_contribute, cooperation_for
from terreau.cooperations.models import AccessRole
from terreau.core.confirmation import confirmation_page
from terreau.evaluation import services
from terreau.evaluation.forms import IndicatorForm, IndicatorValueForm
from terreau.evaluation.models import Direction, Indicator, IndicatorValue
from terreau.evaluation.queries import defaults_by_stage, indicator_series


@login_required
def evaluation_page(request, slug: str):
    cooperation, role = cooperation_for(request, slug)
    by_stage = defaults_by_stage(cooperation)
    context = {
        "cooperation": cooperation,
        "can_edit": can_contribute(role),
        "series": indicator_series(cooperation),
        "suggestions": dict(by_stage).get(cooperation.stage, []),
        "other_stages": [
            (stage, items) for stage, items in by_stage if stage != cooperation.stage and items
        ],
        "directions": dict(Direction.choices),
    }
    return render(request, "evaluation/page.html", context)


def _back(cooperation, anchor: str = ""):
    return redirect(reverse("evaluation:page", args=[cooperation.slug]) + anchor)


@login_required
@require_POST
def indicator_follow(request, slug: str):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    try:
        indicator = services.indicator_follow_default(
            cooperation=cooperation, key=request.POST.get("key", ""), by=request.user
        )
    except ValueError as error:
        messages.error(request, str(error))
        return _back(cooperation)
    messages.success(request, _("Indicateur « %(name)s » suivi.") % {"name": indicator.label})
    return _back(cooperation, f"#indicateur-{indicator.pk}")


@login_required
def indicator_edit(request, slug: str, pk: int | None = None):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    if pk:
        # Default indicators keep the texts of the data file; only the cooperation's own change.
        indicator = get_object_or_404(cooperation.indicators.filter(key=""), pk=pk)
    else:
        indicator = Indicator(cooperation=cooperation)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        indicator = services.indicator_save(
            indicator=form.save(commit=False),
            stages=form.cleaned_data["stage_list"],
            by=request.user,
        )
        messages.success(request, _("Indicateur enregistré."))
        return _back(cooperation, f"#indicateur-{indicator.pk}")
    heading = _("Modifier l'indicateur") if indicator.pk else _("Ajouter un indicateur")
    return _form_page(request, form, cooperation, heading)


def _form_page(request, form, cooperation, heading, intro=""):
    context = {
        "form": form,
        "cooperation": cooperation,
        "heading": heading,
        "intro": intro,
        "back_url": reverse("evaluation:page", args=[cooperation.slug]),
        "back_label": _("Évaluation de %(name)s") % {"name": cooperation.name},
    }
    return render(request, "evaluation/form.html", context)


@login_required
def indicator_remove(request, slug: str, pk: int):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    indicator = get_object_or_404(cooperation.indicators, pk=pk)
    count = indicator.values.count()
    page = confirmation_page(
        request,
        title=_("Ne plus suivre l'indicateur « %(name)s »") % {"name": indicator.label},
        consequences=[
            ngettext(
                "%(count)d valeur mesurée de cet indicateur.",
                "%(count)d valeurs mesurées de cet indicateur.",
                count,
            )
            % {"count": count}
            if count
            else ""
        ],
        cancel_url=reverse("evaluation:page", args=[cooperation.slug]),
    )
    if page:
        return page
    services.indicator_remove(indicator=indicator)
    messages.success(
        request, _("L'indicateur « %(name)s » n'est plus suivi.") % {"name": indicator.label}
    )
    return _back(cooperation)


@login_required
def value_add(request, slug: str, pk: int):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    indicator = get_object_or_404(cooperation.indicators, pk=pk)
    form = IndicatorValueForm(request.POST or None, instance=IndicatorValue(indicator=indicator))
    if request.method == "POST" and form.is_valid():
        services.indicator_value_save(value=form.save(commit=False), by=request.user)
        messages.success(request, _("Valeur enregistrée."))
        return _back(cooperation, f"#indicateur-{indicator.pk}")
    intro = _("Indicateur « %(name)s », en %(unit)s.") % {
        "name": indicator.label,
        "unit": indicator.unit_label,
    }
    return _form_page(request, form, cooperation, _("Ajouter une valeur"), intro)


@login_required
def value_delete(request, slug: str, pk: int):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    value = IndicatorValue.objects.filter(indicator__cooperation=cooperation, pk=pk).first()
    if value is None:
        raise Http404
    page = confirmation_page(
        request,
        title=_("Supprimer la valeur du %(date)s de « %(name)s »")
        % {"date": date_format(value.measured_on), "name": value.indicator.label},
        consequences=[],
        cancel_url=reverse("evaluation:page", args=[cooperation.slug]),
    )
    if page:
        return page
    services.indicator_value_delete(value=value)
    messages.success(request, _("Valeur supprimée."))
    return _back(cooperation, f"#indicateur-{value.indicator_id}")
