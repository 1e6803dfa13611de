from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        # Listen to `sources.signals.article_stored` and index invalidation signals.
        # ACLED/UCDP files run as import jobs through the sources job machinery.
        from sources.jobs import register_runner

        from . import receivers  # noqa: F401
        from .importers.jobs import job_runner

        register_runner("acled", job_runner)
        register_runner("ucdp", job_runner)
        # STIX bundles from partners: one item per report (`importers.stix`).
        from .importers import stix

        register_runner("stix", stix.job_runner)
