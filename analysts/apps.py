from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AnalystsConfig(AppConfig):
    name = "analysts"
    verbose_name = "Analysts"

    def ready(self) -> None:
        from . import throttle

        throttle.connect_signals()
        post_migrate.connect(_top_up_role_permissions, sender=self)


def _top_up_role_permissions(sender, apps, verbosity: int = 0, **kwargs) -> None:
    """Give roles the permissions of models added since the data migration ran."""
    from .roles import sync_role_permissions

    sync_role_permissions(apps, verbosity=0)
