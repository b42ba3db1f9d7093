from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonographsConfig(AppConfig):
    name = "terreau.monographs"
    verbose_name = _("Monographies")
