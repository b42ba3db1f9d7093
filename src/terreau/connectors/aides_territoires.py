"""The aides-territoires connector (issue 19): the aids of its public API, page by page.

The API (https://aides-territoires.beta.gouv.fr/api/) asks for an account's API key, exchanged
for a short-lived bearer token (JWT): POST `/connexion/` with the key in the `X-AUTH-TOKEN`
header answers `{"token": "…"}`, sent as `Authorization: Bearer …` to `/aids/`. `/aids/` is
paginated (`{"count", "next", "previous", "results"}`); we follow `next` by its query only (its
page number), never its host, so that the token goes nowhere but the configured base URL.

This module only fetches: mapping the aids to offers and writing them is the offers app's
(`offers/sync.py`), which reuses the aides-territoires importer's mapping.
"""

from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import httpx
from django.utils.translation import gettext as _

from terreau.connectors.client import ApiClient, ConnectorError
from terreau.connectors.sources import source

KEY = "aides-territoires"
AIDS = "/aids/"
LOGIN = "/connexion/"
# A guard against a service whose `next` never ends (at 50 aids a page: 250,000 aids, many
# times the catalogue).
MAX_PAGES = 5000


def log_in(client: ApiClient) -> None:
    """Exchange the API key (setting `token`) for the bearer token the other endpoints ask."""
    key = source(KEY).settings.get("token", "")
    client.http.headers.pop("Authorization", None)
    answer = client.post_json(LOGIN, headers={"X-AUTH-TOKEN": key})
    token = answer.get("token") if isinstance(answer, dict) else None
    if not token or not isinstance(token, str):
        raise ConnectorError(
            _("%(service)s n'a pas donné de jeton de connexion (%(url)s) : clé d'API refusée ?")
            % {"service": source(KEY).label, "url": LOGIN}
        )
    client.http.headers["Authorization"] = f"Bearer {token}"


def aid_query(*, perimeter: str | None = None, since: date | None = None) -> dict:
    """The query parameters of `/aids/`: the aides-territoires perimeter id, and the aids
    published since a day (`published_after`)."""
    params = {}
    if perimeter:
        params["perimeter"] = perimeter
    if since:
        params["published_after"] = since.isoformat()
    return params


def fetch_aids(
    *,
    perimeter: str | None = None,
    since: date | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[dict]:
    """Every aid the API lists for the query, page after page. Raises ConnectorError (in French,
    naming the service, the address and what went wrong) when a page cannot be had."""
    service = source(KEY)
    if not service.configured:
        raise ConnectorError(
            _(
                "%(service)s demande une clé d'API : renseignez TERREAU_AIDES_TERRITOIRES_TOKEN "
                "(compte sur aides-territoires.beta.gouv.fr)."
            )
            % {"service": service.label}
        )
    with ApiClient(KEY, transport=transport) as client:
        log_in(client)
        params = aid_query(perimeter=perimeter, since=since)
        asked = set()
        for _number in range(MAX_PAGES):
            page = client.get_json(AIDS, params)
            results = page.get("results") if isinstance(page, dict) else None
            if not isinstance(results, list):
                raise ConnectorError(
                    _("%(service)s a répondu sans liste d'aides (%(url)s, paramètres %(params)s).")
                    % {"service": service.label, "url": AIDS, "params": params or "-"}
                )
            yield from results
            following = page.get("next")
            if not following:
                return
            params = dict(parse_qsl(urlsplit(str(following)).query))
            key = tuple(sorted(params.items()))
            if key in asked:
                raise ConnectorError(
                    _("%(service)s renvoie deux fois la même page (%(url)s).")
                    % {"service": service.label, "url": following}
                )
            asked.add(key)
        raise ConnectorError(
            _("%(service)s annonce plus de %(pages)s pages : récupération arrêtée.")
            % {"service": service.label, "pages": MAX_PAGES}
        )
