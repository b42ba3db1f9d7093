"""The public services Terreau fetches from (issue 19), declared once: key, name, what it brings,
its documentation and the settings that configure it (base URL, rate, token). The connector of
each source lives in `connectors/<source>.py`; the settings are read from the environment in
config/settings.py (TERREAU_CONNECTORS) and may be changed by the operator, never by a page."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    brings: str
    documentation: str
    needs_token: bool

    @property
    def settings(self) -> dict:
        """base_url, rate (requests per second), token, timeout, retries, backoff, max_wait."""
        return settings.TERREAU_CONNECTORS[self.key]

    @property
    def configured(self) -> bool:
        return bool(self.settings.get("token")) or not self.needs_token


SOURCES: dict[str, Source] = {
    source.key: source
    for source in (
        Source(
            key="recherche-entreprises",
            label=_("API Recherche d'entreprises (annuaire des entreprises)"),
            brings=_(
                "établissements et unités légales du répertoire SIRENE, avec leurs qualités "
                "(ESS, association, SIAE…)"
            ),
            documentation="https://recherche-entreprises.api.gouv.fr/docs/",
            needs_token=False,
        ),
        Source(
            key="aides-territoires",
            label=_("Aides-territoires"),
            brings=_("aides et appels à projets, avec leurs périmètres, publics et étapes"),
            documentation="https://aides-territoires.beta.gouv.fr/api/",
            needs_token=True,
        ),
        Source(
            key="data-inclusion",
            label=_("data·inclusion"),
            brings=_("structures et services de l'insertion et de l'inclusion sociale"),
            documentation="https://api.data.inclusion.gouv.fr/api/v0/docs",
            needs_token=True,
        ),
    )
}


def source(key: str) -> Source:
    return SOURCES[key]
