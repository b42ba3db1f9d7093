"""Pages of a cooperation's economic model. Like the rest of the record they go through
`cooperation_for`: strangers get a 404 (published cooperations included: the economic model is
never part of the public record), readers see, contributors and administrators edit."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.cooperations.access import (
    can_contribute,
    cooperation_for,
    cooperation_part_or_new,
)
from terreau.cooperations.models import AccessRole
from terreau.core.confirmation import confirmation_page
from terreau.core.throttling import refused_heavy_work
from terreau.economy import services
from terreau.economy.charts import family_mix_chart
from terreau.economy.export import economy_xlsx
from terreau.economy.forms import (
    ContributionEditForm,
    CostEditForm,
    ResourceEditForm,
    UsefulEffectEditForm,
)
from terreau.economy.indicators import readings
from terreau.economy.models import Contribution, UsefulEffect
from terreau.economy.proration import year_share
from terreau.economy.queries import (
    FIRST_YEAR,
    LAST_YEAR,
    cooperation_indicators,
    default_year,
    family_mix,
    overlapping,
    suggested_third_parties,
    year_range,
)
from terreau.economy.taxonomies import (
    CONFIRMED_STATUSES,
    CostCategory,
    ResourceCategory,
    ResourceFamily,
    ResourceForm,
)


def _year(request, cooperation) -> int:
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return default_year(cooperation)
    return year if FIRST_YEAR <= year <= LAST_YEAR else default_year(cooperation)


def economy_page(request, slug: str):
    cooperation, role = cooperation_for(request, slug)
    year = _year(request, cooperation)
    include_expected = request.GET.get("prevues") == "1"
    data = cooperation_indicators(cooperation, year, include_expected=include_expected)
    years = year_range(cooperation)
    current = date.today().year
    selectable = range(min([*years, current - 3, year]), max([*years, current + 2, year]) + 1)
    resources = overlapping(cooperation.resources.all(), year, year).select_related("source")
    costs = overlapping(cooperation.costs.all(), year, year)
    context = {
        "cooperation": cooperation,
        "role": role,
        "can_edit": can_contribute(role),
        "year": year,
        "years": selectable,
        "include_expected": include_expected,
        "data": data,
        "families": _family_table(resources, year, include_expected),
        "cost_rows": [
            (category.label, data["costs_by_category"][category.value])
            for category in CostCategory
            if data["costs_by_category"][category.value] != "0.00"
        ],
        "readings": readings(data),
        "chart": family_mix_chart(
            family_mix(cooperation, years, include_expected=include_expected)
        ),
        "resources": resources,
        "costs": costs,
        "effects": cooperation.useful_effects.prefetch_related(
            "blocks", "contributions__beneficiary", "contributions__resource"
        ),
    }
    return render(request, "economy/page.html", context)


def _family_table(resources, year: int, include_expected: bool) -> list[dict]:
    """Per family and category, the year's part of money, in-kind and time lines, side by side."""
    zero = {form.value: 0 for form in ResourceForm}
    cells = {category.value: dict(zero) for category in ResourceCategory}
    for line in resources:
        if include_expected or line.status in CONFIRMED_STATUSES:
            share = year_share(line.amount, line.start_date, line.end_date, year)
            cells[line.category][line.form] += share
    table = []
    for family in ResourceFamily:
        rows = []
        for category in ResourceCategory:
            if category.family != family or not any(cells[category.value].values()):
                continue
            row = cells[category.value]
            rows.append({"label": category.label, **row, "total": sum(row.values())})
        totals = {form: sum(r[form] for r in rows) for form in zero}
        table.append({"family": family, "rows": rows, **totals, "total": sum(totals.values())})
    return table


def economy_export_xlsx(request, slug: str):
    if refused := refused_heavy_work(request, "export"):
        return refused
    cooperation, _role = cooperation_for(request, slug)
    response = HttpResponse(
        economy_xlsx(cooperation),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{cooperation.slug}-modele-economique.xlsx"'
    )
    return response


def _page_url(cooperation, anchor: str = "", year: int | None = None) -> str:
    url = reverse("economy:page", args=[cooperation.slug])
    if year:
        url += f"?annee={year}"
    return url + (f"#{anchor}" if anchor else "")


def _edit_page(request, form, cooperation, heading: str, **extra):
    context = {
        "form": form,
        "cooperation": cooperation,
        "back_url": _page_url(cooperation),
        "back_label": _("Modèle économique de %(name)s") % {"name": cooperation.name},
        "heading": heading,
        **extra,
    }
    return render(request, "economy/edit_form.html", context)


def _year_bounds(request, cooperation) -> dict:
    year = _year(request, cooperation)
    return {"start_date": date(year, 1, 1), "end_date": date(year, 12, 31)}


@login_required
def resource_edit(request, slug: str, pk: int | None = None):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    resource = cooperation_part_or_new(cooperation, "resources", pk)
    form = ResourceEditForm(
        request.POST or None,
        instance=resource,
        user=request.user,
        initial=None if pk else _year_bounds(request, cooperation),
    )
    if request.method == "POST" and form.is_valid():
        resource = services.resource_save(resource=form.save(commit=False))
        messages.success(request, _("Ressource enregistrée."))
        return redirect(_page_url(cooperation, "ressources", resource.start_date.year))
    heading = _("Modifier la ressource") if pk else _("Ajouter une ressource")
    return _edit_page(request, form, cooperation, heading)


@login_required
def cost_edit(request, slug: str, pk: int | None = None):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    cost = cooperation_part_or_new(cooperation, "costs", pk)
    form = CostEditForm(
        request.POST or None,
        instance=cost,
        initial=None if pk else _year_bounds(request, cooperation),
    )
    if request.method == "POST" and form.is_valid():
        cost = services.cost_save(cost=form.save(commit=False))
        messages.success(request, _("Charge enregistrée."))
        return redirect(_page_url(cooperation, "charges", cost.start_date.year))
    heading = _("Modifier la charge") if pk else _("Ajouter une charge")
    return _edit_page(request, form, cooperation, heading)


@login_required
def effect_edit(request, slug: str, pk: int | None = None):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    effect = cooperation_part_or_new(cooperation, "useful_effects", pk)
    form = UsefulEffectEditForm(request.POST or None, instance=effect)
    if request.method == "POST" and form.is_valid():
        effect = services.useful_effect_save(
            effect=form.save(commit=False), blocks=form.cleaned_data["blocks"]
        )
        messages.success(request, _("Effet utile enregistré."))
        return redirect("economy:effect", slug=cooperation.slug, pk=effect.pk)
    heading = _("Modifier l'effet utile") if pk else _("Ajouter un effet utile")
    return _edit_page(request, form, cooperation, heading)


def effect_detail(request, slug: str, pk: int):
    """An effect of the register with its contributions and the third parties to approach."""
    cooperation, role = cooperation_for(request, slug)
    effect = get_object_or_404(cooperation.useful_effects, pk=pk)
    context = {
        "cooperation": cooperation,
        "effect": effect,
        "can_edit": can_contribute(role),
        "contributions": effect.contributions.select_related("beneficiary", "resource"),
        "suggestions": suggested_third_parties(effect, user=request.user),
    }
    return render(request, "economy/effect.html", context)


@login_required
def contribution_edit(request, slug: str, effect_pk: int, pk: int | None = None):
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    effect = get_object_or_404(cooperation.useful_effects, pk=effect_pk)
    contribution = (
        get_object_or_404(effect.contributions, pk=pk) if pk else Contribution(effect=effect)
    )
    initial = {}
    if not pk and request.GET.get("tiers", "").isdigit():
        initial["beneficiary"] = request.GET["tiers"]
    form = ContributionEditForm(
        request.POST or None, instance=contribution, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.contribution_save(contribution=form.save(commit=False))
        messages.success(request, _("Contribution enregistrée."))
        return redirect("economy:effect", slug=cooperation.slug, pk=effect.pk)
    heading = _("Modifier la contribution") if pk else _("Ajouter un tiers contributeur")
    return _edit_page(request, form, cooperation, heading, effect=effect)


def _deletion_consequences(item) -> list[str]:
    if isinstance(item, UsefulEffect):
        count = item.contributions.count()
        return [
            ngettext(
                "%(count)d contribution de tiers à cet effet utile.",
                "%(count)d contributions de tiers à cet effet utile.",
                count,
            )
            % {"count": count}
            if count
            else ""
        ]
    return [_("Cette ligne seule ; les totaux du modèle économique seront recalculés.")]


DELETABLE = {
    "ressource": ("resources", None),
    "charge": ("costs", None),
    "effet": ("useful_effects", None),
    "contribution": (None, Contribution),
}


@login_required
def part_delete(request, slug: str, part: str, pk: int):
    """Remove a resource line, a cost line, an effect (with its contributions) or a
    contribution, once confirmed; a resource line a paid contribution points to stays until it
    is unlinked."""
    cooperation, _role = cooperation_for(request, slug, AccessRole.CONTRIBUTOR)
    if part not in DELETABLE:
        raise Http404
    related, model = DELETABLE[part]
    parts = (
        model.objects.filter(effect__cooperation=cooperation)
        if model
        else getattr(cooperation, related)
    )
    item = get_object_or_404(parts, pk=pk)
    back = (
        reverse("economy:effect", args=[cooperation.slug, item.effect_id])
        if isinstance(item, Contribution)
        else _page_url(cooperation)
    )
    page = confirmation_page(
        request,
        title=_("Supprimer « %(name)s »") % {"name": item},
        consequences=_deletion_consequences(item),
        cancel_url=back,
    )
    if page:
        return page
    try:
        item.delete()
    except ProtectedError:
        messages.error(
            request,
            _(
                "Une contribution versée renvoie à cette ressource : modifiez d'abord la "
                "contribution."
            ),
        )
    else:
        messages.success(request, _("Supprimé."))
    if isinstance(item, Contribution):
        return redirect("economy:effect", slug=cooperation.slug, pk=item.effect_id)
    return redirect(_page_url(cooperation))
