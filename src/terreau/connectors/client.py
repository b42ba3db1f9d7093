"""One HTTP client for every connector: httpx with timeouts, retries with backoff on 429 and 5xx
honouring Retry-After (httpx-retries), and a rate limiter (pyrate-limiter) keeping to the rate the
source documents. Maintained libraries rather than loops of our own: docs/architecture.md.

Errors reach the person as `ConnectorError`, in French, naming the service and what went wrong
(never a traceback): unreachable, refused (with the service's status), not JSON (with where).
"""

import json
from functools import cache
from typing import Any

import httpx
from django.utils.translation import gettext as _
from httpx_retries import Retry, RetryTransport
from pyrate_limiter import Duration, Limiter, Rate

from terreau.connectors.sources import Source, source

RETRIED_STATUSES = (429, 500, 502, 503, 504)


class ConnectorError(Exception):
    """A public service could not give what was asked; the message says which and why."""


@cache
def _limiter(key: str, rate: int) -> Limiter:
    """One limiter per source and per process (a job worker runs one fetch at a time)."""
    return Limiter(Rate(max(1, rate), Duration.SECOND))


class ApiClient:
    """A client of one source (`connectors.sources`), configured from its settings."""

    def __init__(self, key: str, *, transport: httpx.BaseTransport | None = None):
        self.source: Source = source(key)
        conf = self.source.settings
        retry = Retry(
            total=conf["retries"],
            backoff_factor=conf["backoff"],
            max_backoff_wait=conf["max_wait"],
            status_forcelist=RETRIED_STATUSES,
            respect_retry_after_header=True,
            retry_on_exceptions=[httpx.TimeoutException, httpx.NetworkError],
        )
        headers = {"Accept": "application/json", "User-Agent": "Terreau (territorial cooperation)"}
        if conf.get("token") and not conf["token"].isascii():
            raise ConnectorError(
                _(
                    "La clé d'accès à %(service)s contient des caractères non ASCII : vérifiez le "
                    "réglage TERREAU_%(setting)s_TOKEN."
                )
                % {"service": self.source.label, "setting": key.upper().replace("-", "_")}
            )
        if conf.get("token"):
            headers[conf.get("token_header", "Authorization")] = (
                conf.get("token_prefix", "Bearer ") + conf["token"]
            )
        self.limiter = _limiter(key, conf["rate"])
        self.http = httpx.Client(
            base_url=conf["base_url"],
            timeout=conf["timeout"],
            headers=headers,
            transport=RetryTransport(transport=transport or httpx.HTTPTransport(), retry=retry),
            follow_redirects=True,
        )

    def __enter__(self) -> "ApiClient":
        return self

    def __exit__(self, *exc) -> None:
        self.http.close()

    def get_json(self, path: str, params: dict | None = None) -> Any:
        """GET `path` (relative to the source's base URL) and decode its JSON answer."""
        return self._json("GET", path, params=params)

    def post_json(self, path: str, *, headers: dict | None = None, json_body=None) -> Any:
        """POST to `path` (a log-in step such as aides-territoires' token exchange; not retried,
        POST not being idempotent) and decode its JSON answer."""
        return self._json("POST", path, headers=headers, json=json_body)

    def _json(self, method: str, path: str, **kwargs) -> Any:
        name = self.source.label
        self.limiter.try_acquire(self.source.key)
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.TimeoutException as error:
            raise ConnectorError(
                _("%(service)s n'a pas répondu à temps (%(url)s).")
                % {"service": name, "url": error.request.url}
            ) from error
        except httpx.HTTPError as error:
            raise ConnectorError(
                _("%(service)s est injoignable : %(error)s") % {"service": name, "error": error}
            ) from error
        if response.status_code >= 400:
            raise ConnectorError(
                _("%(service)s a refusé la demande %(url)s (statut %(status)s) : %(detail)s")
                % {
                    "service": name,
                    "url": response.request.url,
                    "status": response.status_code,
                    "detail": response.text[:300],
                }
            )
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ConnectorError(
                _("%(service)s a répondu autre chose que du JSON (%(url)s) : %(error)s")
                % {"service": name, "url": response.request.url, "error": error}
            ) from error
