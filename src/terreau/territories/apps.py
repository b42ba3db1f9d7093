from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "terreau.territories"
    verbose_name = _("Territoires")

    def ready(self):
        from django.urls import register_converter

        from terreau.territories.refs import TerritoryRefConverter

        register_converter(TerritoryRefConverter, "territory_ref")
