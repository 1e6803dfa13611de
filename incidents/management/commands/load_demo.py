"""`python manage.py load_demo`: actors, gazetteer, the example article and its incidents."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the Sahel actors, the GeoNames gazetteer of Mali, Burkina Faso and Niger, the AFP "
        "example article and its three reference incidents. Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reference-only",
            action="store_true",
            help="Only the actors and the gazetteer: no example article, no incidents.",
        )

    def handle(self, *args, **options) -> None:
        from incidents.demo_data import load_demo

        started = time.monotonic()
        report = load_demo(reference_only=options["reference_only"])
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s.")
        )
