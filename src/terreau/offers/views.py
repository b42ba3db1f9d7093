from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terreau.offers import services
from terreau.offers.forms import OfferFilterForm, OfferForm
from terreau.offers.models import Offer
from terreau.offers.queries import OfferFilters, offers_matching
from terreau.offers.subscriptions import offers_published
from terreau.offers.sync import last_sync
from terreau.offers.taxonomies import OfferStatus

OFFERS_PER_PAGE = 30


def offer_for(request, slug: str, *, edit: bool = False) -> Offer:
    """The offer if the visitor may see it (404 otherwise, drafts included); with `edit`, 403
    for those who may see but not edit it."""
    offer = get_object_or_404(Offer.objects.visible_to(request.user), slug=slug)
    if edit and not offer.can_edit(request.user):
        raise PermissionDenied
    return offer


def may_create(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.has_perm("offers.add_offer"))


def offer_list(request):
    form = OfferFilterForm(request.GET, user=request.user)
    if form.is_valid():
        offers = offers_matching(OfferFilters.from_form(form.cleaned_data), user=request.user)
    else:
        offers = Offer.objects.none()
    page = Paginator(offers.prefetch_related("perimeters"), OFFERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "may_create": may_create(request.user),
        "open_data_licence": settings.TERREAU_OPEN_DATA_LICENCE,
    }
    if request.htmx:
        return render(request, "offers/includes/results.html", context)
    context["last_sync"] = last_sync()
    return render(request, "offers/list.html", context)


def offer_detail(request, slug: str):
    offer = offer_for(request, slug)
    context = {
        "offer": offer,
        "may_edit": offer.can_edit(request.user),
        "providers": offer.providers.visible_to(request.user),
        "funders": offer.funders.visible_to(request.user),
    }
    return render(request, "offers/detail.html", context)


@login_required
def offer_create(request):
    if not may_create(request.user):
        raise PermissionDenied
    form = OfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        offer = form.save_offer(by=request.user)
        if offer.status == OfferStatus.PUBLISHED:
            offers_published([offer])
        messages.success(request, _("Offre enregistrée."))
        return redirect(offer)
    return render(request, "offers/form.html", {"form": form})


@login_required
def offer_edit(request, slug: str):
    offer = offer_for(request, slug, edit=True)
    was_published = offer.status == OfferStatus.PUBLISHED
    form = OfferForm(request.POST or None, instance=offer, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save_offer(by=request.user)
            # Followers of matching cooperations hear of an offer when it becomes published.
            if offer.status == OfferStatus.PUBLISHED and not was_published:
                offers_published([offer])
        messages.success(request, _("Offre enregistrée."))
        return redirect(offer)
    return render(request, "offers/form.html", {"form": form, "offer": offer})


@login_required
@require_POST
def offer_archive(request, slug: str):
    offer = offer_for(request, slug, edit=True)
    services.offer_archive(offer=offer, by_hand=True)
    messages.success(
        request, _("Offre archivée : elle reste consultable mais n'est plus proposée.")
    )
    return redirect(offer)
