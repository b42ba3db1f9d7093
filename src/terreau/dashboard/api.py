"""`/api/v1/territories/{ref}/dashboard`: the territory dashboard as JSON, what the caller may
see (docs/dashboard.md). Mounted beside the territories' router, which does not import it."""

from ninja import Router

from terreau.dashboard.queries import territory_dashboard
from terreau.territories.refs import territory_or_api_404

router = Router(tags=["territories"])


@router.get("/{ref}/dashboard", url_name="dashboard")
def dashboard(request, ref: str, compare: str | None = None):
    """The cooperations acting on the territory by stage, type and model, the life functions
    their blocks serve against the diagnosis' gaps, useful effects and contributors (of the
    cooperations whose record the caller may read), open needs and the cooperations taking them
    on, the latest journal events, with the comparison territory's figures: `comparison` holds
    effects, contributors by kind of third party, open needs and life functions here and there
    (each side counted with the caller's rights; `reason` says why a comparison means nothing),
    and `observatory_url` the observatory filtered on the territory when it shows an amount."""
    territory = territory_or_api_404(ref, user=request.auth)
    compare_to = None
    if compare:
        compare_to = territory_or_api_404(compare, user=request.auth, comparison=True)
    return territory_dashboard(territory, user=request.auth, compare_to=compare_to)
