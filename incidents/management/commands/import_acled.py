"""`python manage.py import_acled FILE [--dry-run]`: load an ACLED CSV export as an ImportJob."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from incidents.importers.jobs import run_import, run_job_now
from sources.models import ImportJob

KIND = "acled"


class Command(BaseCommand):
    help = "Import an ACLED CSV export (any ACLED layout); re-importing updates changed rows."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created, updated, unchanged and rejected; write nothing.",
        )

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        if dry_run:
            outcome = run_import(KIND, file, dry_run=True)
            self._errors([(line, message) for line, message in outcome.errors])
            if not outcome.ok:
                raise CommandError("Dry run: " + outcome.summary())
            self.stdout.write("Dry run: " + outcome.summary())
            return
        # Run here, through the job machinery, so the job page shows it like any other import.
        job = run_job_now(ImportJob.objects.create(kind=KIND, params={"path": file}))
        self._errors([(e["item"], e["message"]) for e in job.errors])
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(f"Import job #{job.pk}: {job.message}")
        self.stdout.write(f"Import job #{job.pk}: {job.message}")

    def _errors(self, errors: list[tuple[object, str]]) -> None:
        for line, message in errors[:50]:
            self.stderr.write(f"line {line}: {message}")
        if len(errors) > 50:
            self.stderr.write(f"… and {len(errors) - 50} more rejected rows")
