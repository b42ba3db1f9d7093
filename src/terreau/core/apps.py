from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "terreau.core"
    verbose_name = _("Socle")

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(using="default", **kwargs) -> None:
    """The database cache's table (settings.CACHES), created by `migrate` like every other table
    (Django leaves it to `createcachetable`, which nobody would remember); nothing for another
    cache backend, nothing when it exists."""
    call_command("createcachetable", database=using, verbosity=0)
