"""Login throttling with django-axes: whose address a request is, and the page a locked login gets.

The counts, the lock and the cool-off are django-axes's (settings AXES_*, read from TERREAU_LOGIN_*
in config/settings.py); these two functions are the hooks it calls.
"""

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The client's address: the connecting one, or, behind TERREAU_TRUSTED_PROXY_COUNT reverse
    proxies, the one the outermost proxy saw. Each proxy appends the address that connected to it
    to X-Forwarded-For, so only the last entries are written by proxies we trust; anything to
    their left was sent by the client and is ignored (else an attacker would pick a new address
    for every attempt)."""
    proxies = settings.TERREAU_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The login page's lockout message, with the cool-off and the way to a new password; 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
