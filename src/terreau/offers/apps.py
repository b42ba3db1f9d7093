from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "terreau.offers"
    verbose_name = _("Offres d'accompagnement et de financement")
