from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "terreau.offers"
    verbose_name = _("Offres d'accompagnement et de financement")

    def ready(self) -> None:
        # The offer-only taxonomies are listed with the shared ones (/api/v1/taxonomies).
        from terreau.core.taxonomies import TAXONOMIES
        from terreau.offers.taxonomies import OFFER_TAXONOMIES

        TAXONOMIES.update(OFFER_TAXONOMIES)
