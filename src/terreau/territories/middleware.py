"""Every `/territoires/<ref>/…` page answers under one address per territory reference."""

from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse

TERRITORY_ROUTE = "territoires/<territory_ref:ref>/"


class CanonicalRefMiddleware:
    """A `/territoires/<ref>/…` page whose reference is written in another spelling
    (`EPCI:246200364`, `Commune:2a004`) redirects permanently to the same page under the
    canonical reference, query string kept. Only for reading (GET, HEAD): a form posted to such
    an address is handled as if posted to the canonical one, since its route's converter
    (`refs.TerritoryRefConverter`) hands the view the canonical reference."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method not in ("GET", "HEAD") or not match.route.startswith(TERRITORY_ROUTE):
            return None
        written = request.path_info.split("/", 3)[2]
        if written == view_kwargs["ref"]:
            return None
        try:
            url = reverse(match.view_name, args=view_args, kwargs=view_kwargs)
        except NoReverseMatch:
            return None
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
