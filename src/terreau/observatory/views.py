"""The public page of the observatory and its downloads. Everything shown comes from
`queries.observe`, whose cells carry no amount when suppressed."""

import json
from decimal import Decimal

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from terreau.core import charts
from terreau.economy.indicators import percent
from terreau.economy.taxonomies import (
    FAMILY_OF_CATEGORY,
    ResourceCategory,
    ResourceFamily,
    ResourceForm,
)
from terreau.observatory.export import csv_text, dimension_label, document, table_schema
from terreau.observatory.forms import ObservatoryFilterForm
from terreau.observatory.queries import ATTRIBUTES, default_year, observe, observed, years_of


def euros(value) -> str:
    return _("%(amount)s €") % {"amount": number_format(Decimal(value), 2, force_grouping=True)}


def _filters(request):
    """The territory and year asked for, the form, and the years on offer."""
    form = ObservatoryFilterForm(request.GET or None, user=request.user)
    territory, year = None, None
    if form.is_valid():
        territory, year = form.cleaned_data["territoire"], form.cleaned_data["annee"]
    years = years_of(observed(territory)) if form.is_bound is False or form.is_valid() else []
    form = ObservatoryFilterForm(request.GET or None, user=request.user, years=years)
    form.is_valid()
    if year is None:
        year = default_year(years)
    return form, territory, year, years


def _rows(cells, places, name, *, within=None):
    rows = []
    for cell in cells:
        dims = cell["dimensions"]
        keys = set(dims) - {"measure", "year"}
        wanted = {name, *(within or {})}
        if keys != wanted or any(dims.get(k) != v for k, v in (within or {}).items()):
            continue
        rows.append(
            {
                "label": dimension_label(name, dims[name], places),
                "cooperations": cell["cooperations"],
                "suppressed": cell["suppressed"],
                "amount": None if cell["suppressed"] else Decimal(cell["amount"]),
                "shown": "" if cell["suppressed"] else euros(cell["amount"]),
            }
        )
    return sorted(rows, key=lambda row: (row["amount"] is None, -(row["amount"] or 0)))


def _section(cells, places, name, title, *, within=None) -> dict | None:
    rows = _rows(cells, places, name, within=within)
    if not rows:
        return None
    shown = [(row["label"], row["amount"]) for row in rows if row["amount"] is not None]
    return {
        "id": name,
        "title": title,
        "rows": rows,
        "chart": charts.horizontal_bars(shown, label_width=200) if shown else None,
        "reading": _reading(rows),
    }


def _reading(rows) -> str:
    shown = [row for row in rows if row["amount"] is not None]
    hidden = len(rows) - len(shown)
    parts = []
    if shown:
        top = shown[0]
        parts.append(
            _("Le premier poste est « %(label)s » : %(amount)s, réunis par %(n)s coopérations.")
            % {"label": top["label"], "amount": top["shown"], "n": top["cooperations"]}
        )
    if hidden:
        parts.append(
            ngettext(
                "%(n)s case relève du secret statistique : son montant n'est pas montré.",
                "%(n)s cases relèvent du secret statistique : leur montant n'est pas montré.",
                hidden,
            )
            % {"n": hidden}
        )
    return " ".join(parts)


DISTRIBUTION_TITLES = {
    "animation_coverage": (
        gettext_lazy("Couverture de l'animation"),
        gettext_lazy(
            "La moitié des coopérations couvrent moins de %(median)s du coût de leur fonction "
            "d'animation par des ressources affectées ; un quart moins de %(q1)s, un quart plus de "
            "%(q3)s."
        ),
    ),
    "hybridisation": (
        gettext_lazy("Hybridation des ressources"),
        gettext_lazy(
            "L'indice médian d'hybridation est de %(median)s sur 1 (0 : une seule famille de "
            "ressources ; 1 : les cinq familles à parts égales) ; la moitié des coopérations sont "
            "entre %(q1)s et %(q3)s."
        ),
    ),
    "top_funder_share": (
        gettext_lazy("Dépendance au premier financeur"),
        gettext_lazy(
            "Pour la moitié des coopérations, le premier financeur apporte plus de %(median)s des "
            "ressources financières ; un quart dépendent de lui pour plus de %(q3)s."
        ),
    ),
}


def _distributions(items) -> list[dict]:
    result = []
    for item in items:
        indicator = item["dimensions"]["indicator"]
        title, sentence = DISTRIBUTION_TITLES[indicator]
        entry = {"title": str(title), "cooperations": item["cooperations"], "suppressed": True}
        if not item["suppressed"]:
            show = _hybrid if indicator == "hybridisation" else (lambda v: percent(float(v)))
            values = {
                "q1": show(item["first_quartile"]),
                "median": show(item["median"]),
                "q3": show(item["third_quartile"]),
            }
            entry.update(values, suppressed=False, reading=str(sentence) % values)
        result.append(entry)
    return result


def _cube(resources) -> list[dict]:
    """Families, then their categories, by form (money, in kind, time) and in all."""
    by_key = {
        tuple(sorted((k, v) for k, v in c["dimensions"].items() if k not in ("measure", "year"))): c
        for c in resources
    }
    forms = list(ResourceForm)

    def row(label, level, **fixed):
        def cell(**more):
            found = by_key.get(tuple(sorted({**fixed, **more}.items())))
            if found is None:
                return {"shown": "—", "suppressed": False}
            if found["suppressed"]:
                return {"shown": "", "suppressed": True}
            return {"shown": euros(found["amount"]), "suppressed": False}

        return {
            "label": label,
            "level": level,
            "cells": [cell(form=f.value) for f in forms] + [cell()],
        }

    rows = []
    for family in ResourceFamily:
        if (("family", family.value),) not in by_key:
            continue
        rows.append(row(family.label, 1, family=family.value))
        for category in ResourceCategory:
            if FAMILY_OF_CATEGORY[category] == family and by_key.get(
                (("category", category.value), ("family", family.value))
            ):
                rows.append(row(category.label, 2, family=family.value, category=category.value))
    return rows


def _hybrid(value) -> str:
    return number_format(Decimal(value), 2)


def observatory_page(request):
    form, territory, year, years = _filters(request)
    observation = observe(territory, year) if year is not None else None
    context = {"form": form, "territory": territory, "year": year, "years": years}
    if observation is not None:
        cells, places = observation.cells, observation.places
        resources = [c for c in cells if c["dimensions"]["measure"] == "resources"]
        total = next((c for c in resources if set(c["dimensions"]) == {"measure", "year"}), None)
        titles = {
            "stage": _("Par étape"),
            "cooperation_type": _("Par typologie"),
            "economic_model": _("Par modèle économique"),
            "carrier": _("Par portage"),
        }
        sections = [
            _section(resources, places, "family", _("Par famille de ressources")),
            _section(resources, places, "form", _("Argent, nature et temps")),
            _section(resources, places, "funding_mode", _("Par mode de financement")),
            *(_section(resources, places, a, titles[a]) for a in ATTRIBUTES),
            _section(resources, places, "model", _("Par modèle de coopération")),
            _section(resources, places, "region", _("Par région")),
        ]
        contributions = [c for c in cells if c["dimensions"]["measure"] == "contributions"]
        context.update(
            {
                "observation": observation,
                "total": total,
                "total_shown": euros(total["amount"]) if total and not total["suppressed"] else "",
                "sections": [s for s in sections if s],
                "cube": _cube(resources),
                "distributions": _distributions(observation.distributions),
                "contributions": [
                    s
                    for s in (
                        _section(contributions, places, "effect_type", _("Par type d'effet")),
                        _section(contributions, places, "third_party_kind", _("Par type de tiers")),
                    )
                    if s
                ],
                "query": request.GET.urlencode(),
            }
        )
    return render(request, "observatory/page.html", context)


def _download_observation(request):
    form, territory, _default_year, _years = _filters(request)
    asked = form.cleaned_data.get("annee") if form.is_valid() else None
    return observe(territory, asked), territory, asked


def observatory_csv(request):
    observation, _territory, _year = _download_observation(request)
    response = HttpResponse(csv_text(observation), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="observatoire.csv"'
    return response


def observatory_json(request):
    observation, territory, year = _download_observation(request)
    data = document(observation, territory=territory, year=year)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="observatoire.json"'
    return response


def observatory_schema(request):
    return HttpResponse(
        json.dumps(table_schema(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
