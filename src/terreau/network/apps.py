from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "terreau.network"
    verbose_name = _("Système d'acteurs")

    def ready(self):
        from terreau.network.revision import watch

        watch()
