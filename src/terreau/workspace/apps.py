from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "terreau.workspace"
    verbose_name = _("Mon espace")
