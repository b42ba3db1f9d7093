"""Pages of matching, of a territory's offers and gaps, and of notifications.

A cooperation's matched offers are for those with access to its record (a stranger gets a 404,
as on every page of a private cooperation). A territory's map and gaps follow the territory's
visibility (`refs.resolve(ref, user=…)`: a private project territory is a 404 for others) and
show the cooperations and needs the visitor may see.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from terreau.cooperations.access import cooperation_for
from terreau.core.charts import heat_level
from terreau.core.taxonomies import Carrier, CooperationModel, Stage
from terreau.core.throttling import refused_heavy_work
from terreau.offers import gaps as offer_gaps
from terreau.offers.criteria import RECOMMENDED_SCORE
from terreau.offers.matching import cooperation_matches
from terreau.offers.models import Notification, OfferSubscription
from terreau.offers.subscriptions import notifications_mark_read, subscription_set
from terreau.offers.taxonomies import TYPES_OF_KIND, OfferKind
from terreau.territories.refs import territory_or_404


def cooperation_offers(request, slug: str):
    """The offers that fit a cooperation, with their reasons; `?exclues=1` adds the excluded
    ones. The cooperation page loads the partial with htmx."""
    cooperation, _role = cooperation_for(request, slug)
    include_excluded = request.GET.get("exclues") == "1"
    matches = cooperation_matches(cooperation, include_excluded=include_excluded)
    eligible = [m for m in matches if m.eligible]
    context = {
        "cooperation": cooperation,
        "eligible": eligible,
        "recommended": [m for m in eligible if m.recommended],
        "others": [m for m in eligible if not m.recommended],
        "recommended_score": RECOMMENDED_SCORE,
        "excluded": [m for m in matches if not m.eligible],
        "include_excluded": include_excluded,
        "following": OfferSubscription.objects.filter(
            cooperation=cooperation, user=request.user
        ).exists(),
    }
    if request.htmx:
        return render(request, "offers/includes/matches.html", context)
    return render(request, "offers/cooperation_offers.html", context)


@require_POST
def cooperation_follow(request, slug: str):
    cooperation, _role = cooperation_for(request, slug)
    follow = request.POST.get("follow") == "1"
    subscription_set(cooperation=cooperation, user=request.user, follow=follow)
    if follow:
        messages.success(
            request,
            _("Vous serez prévenu(e) des nouvelles offres qui correspondent à %(name)s.")
            % {"name": cooperation.name},
        )
    else:
        messages.success(
            request, _("Vous ne suivez plus les offres de %(name)s.") % {"name": cooperation.name}
        )
    return redirect("offers:cooperation_offers", slug=cooperation.slug)


def _territory(request, ref: str):
    return territory_or_404(ref, user=request.user)


def _labelled(taxonomy):
    return {member.value: member.label for member in taxonomy}


MODEL_LABELS = {**_labelled(CooperationModel), offer_gaps.NO_MODEL: gettext_lazy("Sans modèle")}


def territory_offer_map(request, ref: str):
    territory = _territory(request, ref)
    offers = offer_gaps.territory_offers(territory)
    matrix = offer_gaps.coverage_matrix(offers)
    top = max((max(c["support"], c["financing"]) for r in matrix for c in r["cells"]), default=0)
    stage_labels = _labelled(Stage)
    rows = [
        {
            "label": stage_labels[row["stage"]],
            "cells": [
                {
                    **cell,
                    "support_level": heat_level(cell["support"], top),
                    "financing_level": heat_level(cell["financing"], top),
                }
                for cell in row["cells"]
            ],
        }
        for row in matrix
    ]
    counts = offer_gaps.by_type(offers)
    types = {
        kind: [
            (label, counts[kind][key])
            for key, label in _labelled(TYPES_OF_KIND[OfferKind(kind)]).items()
            if counts[kind][key]
        ]
        for kind in counts
    }
    context = {
        "territory": territory,
        "offers": offers,
        "support": offers.of_kind(OfferKind.SUPPORT),
        "financing": offers.of_kind(OfferKind.FINANCING),
        "types": types,
        "providers": offer_gaps.support_providers(offers, user=request.user),
        "columns": [MODEL_LABELS[key] for key in offer_gaps.MODEL_COLUMNS],
        "rows": rows,
    }
    return render(request, "offers/territory_map.html", context)


def territory_gaps_page(request, ref: str):
    territory = _territory(request, ref)
    gaps = offer_gaps.territory_gaps(territory, user=request.user)
    stage_labels, carrier_labels = _labelled(Stage), _labelled(Carrier)
    combinations = [
        {
            **row,
            "stage_label": stage_labels[row["stage"]],
            "model_label": MODEL_LABELS[row["cooperation_model"]],
            "carrier_label": carrier_labels[row["carrier"]],
        }
        for row in gaps["combinations"]
    ]
    context = {"territory": territory, "gaps": gaps, "combinations": combinations}
    return render(request, "offers/territory_gaps.html", context)


def territory_gaps_export(request, ref: str, file_format: str):
    if file_format not in ("csv", "json"):
        raise Http404
    if refused := refused_heavy_work(request, "export"):
        return refused
    territory = _territory(request, ref)
    gaps = offer_gaps.territory_gaps(territory, user=request.user)
    name = f"lacunes-{territory.ref.replace(':', '-')}"
    if file_format == "csv":
        response = HttpResponse(offer_gaps.gaps_csv(gaps), content_type="text/csv; charset=utf-8")
    else:
        data = json.dumps(gaps, ensure_ascii=False, indent=2)
        response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@login_required
def notification_list(request):
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        messages.success(request, _("Notifications marquées comme lues."))
        return redirect("offers:notifications")
    notifications = Notification.objects.filter(user=request.user).select_related(
        "cooperation", "offer"
    )[:200]
    return render(request, "offers/notifications.html", {"notifications": notifications})
