"""`python manage.py import_ucdp FILE [--dry-run]`: load a UCDP GED CSV as an ImportJob."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from incidents.importers.jobs import run_import
from sources.models import ImportJob

KIND = "ucdp"


class Command(BaseCommand):
    help = "Import a UCDP GED CSV file; re-importing updates changed rows."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created, updated, unchanged and rejected; write nothing.",
        )

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        job = None
        if not dry_run:
            job = ImportJob.objects.create(kind=KIND, params={"path": file})
        outcome = run_import(KIND, file, dry_run=dry_run, job=job)
        for line, message in outcome.errors[:50]:
            self.stderr.write(f"line {line}: {message}")
        if len(outcome.errors) > 50:
            self.stderr.write(f"… and {len(outcome.errors) - 50} more rejected rows")
        label = f"Import job #{job.pk}: " if job else "Dry run: "
        if not outcome.ok:
            raise CommandError(label + outcome.summary())
        self.stdout.write(label + outcome.summary())
