from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "terreau.economy"
    verbose_name = _("Modèle économique")

    def ready(self):
        # The economy's taxonomies are listed by /api/v1/taxonomies beside the shared ones.
        from terreau.core.taxonomies import TAXONOMIES
        from terreau.economy.taxonomies import ECONOMY_TAXONOMIES

        TAXONOMIES.update(ECONOMY_TAXONOMIES)
