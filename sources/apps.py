from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("Sources")

    def ready(self) -> None:
        # Registers the paste/file/URL/feed importers in sources.jobs.RUNNERS.
        from . import runners  # noqa: F401
