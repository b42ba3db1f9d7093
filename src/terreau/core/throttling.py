"""Heavy work refused politely: a visitor who asks for PDFs or full exports too often gets a 429
page (the API's full exports a JSON 429), and a PDF that cannot be printed now (every rendering
slot busy, `core.pdf`) a 503 page, both in French with Retry-After — never a server error.

The counts are django-ratelimit's, kept in Django's cache: per person when logged in
(TERREAU_HEAVY_RATE_USER), per address otherwise (TERREAU_HEAVY_RATE_ANONYMOUS), in one window
per kind of work (`group`: "pdf", "export"). The cache must be shared by every server process
(the default is the database cache, settings.CACHES), or each process would count on its own.
"""

import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from terreau.core.pdf import PdfBusy, PdfError


def _person(request):
    """Who asks: the API's caller (`request.auth`, a token's owner) else the session's person."""
    auth = getattr(request, "auth", None)
    return auth if getattr(auth, "is_authenticated", False) else request.user


# The mark of an API operation that counts as heavy work (`openapi_extra={RATE_LIMITED: True}`):
# the OpenAPI document declares its 429 (api/openapi.py).
RATE_LIMITED = "x-terreau-rate-limited"


def heavy_rate(group: str, request) -> str:
    if _person(request).is_authenticated:
        return settings.TERREAU_HEAVY_RATE_USER
    return settings.TERREAU_HEAVY_RATE_ANONYMOUS


def visitor_key(group: str, request) -> str:
    """Who is counted: the account, else the address — from TERREAU_CLIENT_IP_HEADER behind a
    proxy (the last address of a list: the one the proxy added), an IPv6 address by its /64
    network (one household or machine holds all of it). Never an error: a missing address is
    one shared visitor rather than a 500."""
    if (person := _person(request)).is_authenticated:
        return f"user:{person.pk}"
    header = settings.RATELIMIT_IP_META_KEY
    raw = (request.META.get(header, "") if header else "") or request.META.get("REMOTE_ADDR", "")
    text = raw.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return "address:unknown"
    if address.version == 6:
        return f"address:{ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"address:{address}"


def heavy_work_wait(request, group: str) -> int | None:
    """Count one request of `group` for this visitor: None while within the rate, else the
    seconds to wait (the API raises ninja's `Throttled` with it, a JSON 429)."""
    usage = get_usage(
        request, group=f"heavy-{group}", key=visitor_key, rate=heavy_rate, increment=True
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def refused_heavy_work(request, group: str):
    """Count one request of `group` for this visitor; the 429 page when it is one too many,
    else None."""
    wait = heavy_work_wait(request, group)
    if wait is None:
        return None
    response = render(
        request,
        "error.html",
        {
            "heading": _("Trop de demandes"),
            "explanation": _(
                "Vous avez demandé beaucoup de documents en peu de temps : pour que le site "
                "reste disponible pour tout le monde, attendez quelques minutes avant de "
                "recommencer."
            )
            + (
                ""
                if request.user.is_authenticated
                else " " + _("Les personnes connectées ont droit à davantage de demandes.")
            ),
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def pdf_unavailable(request, error: PdfError):
    """The 503 page of a PDF that cannot be printed now: busy slots, or no Chromium."""
    response = render(
        request,
        "error.html",
        {"heading": _("PDF momentanément indisponible"), "explanation": str(error)},
        status=503,
    )
    if isinstance(error, PdfBusy):
        response["Retry-After"] = str(error.retry_after)
    return response
