from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self) -> None:
        # Listen to `sources.signals.article_stored` and index invalidation signals.
        from . import receivers  # noqa: F401
