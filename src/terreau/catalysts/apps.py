from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalystsConfig(AppConfig):
    name = "terreau.catalysts"
    verbose_name = _("Catalyseurs territoriaux")
