from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AnalystsConfig(AppConfig):
    name = "analysts"
    verbose_name = _("Analysts")

    def ready(self) -> None:
        from . import throttle

        throttle.connect_signals()
        post_migrate.connect(_top_up_role_permissions, sender=self)


def _top_up_role_permissions(sender, apps=None, **kwargs) -> None:
    """Give roles the permissions of models added since the data migration ran.

    Also runs after `flush` (e.g. between transactional tests), which passes no `apps`.
    """
    from django.apps import apps as global_apps

    from .roles import sync_role_permissions

    sync_role_permissions(apps or global_apps)
