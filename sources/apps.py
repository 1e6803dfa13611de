from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"

    def ready(self) -> None:
        # Registers the paste/file/URL/feed importers in sources.jobs.RUNNERS.
        from . import runners  # noqa: F401
