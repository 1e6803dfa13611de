"""The base of the `import_acled` / `import_ucdp` commands: one FILE, an optional `--dry-run`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sources.models import ImportJob

from .jobs import run_import, run_job_now

# Enough to see what is wrong with a file without flooding the terminal.
MAX_SHOWN_ERRORS = 50


class ImportCommand(BaseCommand):
    """Subclasses set `kind` (a key of `jobs.READERS`) and `help`."""

    kind: str

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created, updated, unchanged and rejected; write nothing.",
        )

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        if dry_run:
            outcome = run_import(self.kind, file, dry_run=True)
            self._errors([(line, message) for line, message in outcome.errors])
            if not outcome.ok:
                raise CommandError("Dry run: " + outcome.summary())
            self.stdout.write("Dry run: " + outcome.summary())
            return
        # Run here, through the job machinery, so the job page shows it like any other import.
        job = run_job_now(ImportJob.objects.create(kind=self.kind, params={"path": file}))
        self._errors([(e["item"], e["message"]) for e in job.errors])
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(f"Import job #{job.pk}: {job.message}")
        self.stdout.write(f"Import job #{job.pk}: {job.message}")

    def _errors(self, errors: list[tuple[object, str]]) -> None:
        for line, message in errors[:MAX_SHOWN_ERRORS]:
            self.stderr.write(f"line {line}: {message}")
        if len(errors) > MAX_SHOWN_ERRORS:
            self.stderr.write(f"… and {len(errors) - MAX_SHOWN_ERRORS} more rejected rows")
