from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from terreau.core.confirmation import confirmation_page
from terreau.territories.commune_lists import commune_list
from terreau.territories.follows import is_following
from terreau.territories.forms import ProjectTerritoryForm
from terreau.territories.models import Commune, ProjectTerritory
from terreau.territories.queries import search_territories
from terreau.territories.refs import TerritoryRefError, resolve_known, territory_or_404
from terreau.territories.services import project_territory_save

COMMUNES_PER_PAGE = 50


def search(request):
    query = request.GET.get("q", "").strip()
    context = {
        "query": query,
        "results": search_territories(query, user=request.user) if query else [],
        "pick": request.GET.get("pick") == "1",
    }
    if request.htmx:
        return render(request, "territories/includes/search_results.html", context)
    return render(request, "territories/search.html", context)


def _territory_or_404(request, ref: str):
    return territory_or_404(ref, user=request.user)


def detail(request, ref: str):
    territory = _territory_or_404(request, ref)
    if territory.ref != ref:
        # Former, delegated or lower-case references lead to the canonical page.
        return redirect(territory)
    communes = Paginator(
        territory.communes().order_by("name").select_related("epci"), COMMUNES_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {"territory": territory, "communes": communes}
    if request.htmx and request.GET.get("page"):
        return render(request, "territories/includes/communes_table.html", context)
    context.update(
        population=territory.population,
        commune_count=communes.paginator.count,
        parents=territory.parents(),
        can_edit=isinstance(territory, ProjectTerritory) and territory.can_edit(request.user),
        aliases=territory.aliases.order_by("kind", "code")
        if isinstance(territory, Commune)
        else [],
        following=is_following(request.user, territory),
        # A département's or région's communes, by EPCI and folded, before the table's pages.
        commune_groups=commune_list(territory.communes())
        if communes.paginator.count > COMMUNES_PER_PAGE
        else None,
    )
    return render(request, "territories/detail.html", context)


def project_list(request):
    territories = ProjectTerritory.objects.visible_to(request.user).select_related("owner")
    return render(request, "territories/project_list.html", {"territories": territories})


@login_required
def project_create(request):
    return _project_form(request, territory=None)


@login_required
def project_edit(request, slug: str):
    territory = get_object_or_404(ProjectTerritory.objects.visible_to(request.user), slug=slug)
    if not territory.can_edit(request.user):
        raise Http404
    return _project_form(request, territory=territory)


def _project_form(request, *, territory):
    initial = {}
    if territory is not None:
        initial = {
            "name": territory.name,
            "description": territory.description,
            "components": territory.components,
            "is_public": territory.is_public,
        }
    form = ProjectTerritoryForm(request.POST or None, initial=initial, user=request.user)
    # The chips: the references chosen (a name typed in the search box without JavaScript is
    # not one; it stays there, with its error when it names no territory).
    chosen = form.data.getlist("components") if form.is_bound else initial.get("components", [])
    if request.method == "POST" and form.is_valid():
        try:
            territory = project_territory_save(
                owner=territory.owner if territory else request.user,
                territory=territory,
                **form.cleaned_data,
            )
        except TerritoryRefError as error:
            form.add_error("components", str(error))
        else:
            messages.success(request, _("Territoire de projet enregistré."))
            return redirect(territory)
    components = resolve_known(chosen, user=request.user)
    return render(
        request,
        "territories/project_form.html",
        {"form": form, "territory": territory, "components": components},
    )


@login_required
def project_delete(request, slug: str):
    territory = get_object_or_404(ProjectTerritory.objects.visible_to(request.user), slug=slug)
    if not territory.can_edit(request.user):
        raise Http404
    page = confirmation_page(
        request,
        title=_("Supprimer le territoire de projet « %(name)s »") % {"name": territory.name},
        consequences=[_("Sa composition ; les communes, EPCI et départements eux-mêmes restent.")],
        cancel_url=territory.get_absolute_url(),
    )
    if page:
        return page
    territory.delete()
    messages.success(request, _("Territoire de projet supprimé."))
    return redirect("territories:project_list")
