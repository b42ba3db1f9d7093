from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "terreau.dashboard"
    verbose_name = _("Tableau de bord du territoire")
