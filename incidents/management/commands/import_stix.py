"""`python manage.py import_stix FILE [--as USERNAME] [--team TEAM]`: a partner's STIX 2.1
bundle as draft incidents, run as an ImportJob (`incidents.importers.stix`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from analysts.models import Team
from incidents.importers.command import MAX_SHOWN_ERRORS
from incidents.importers.jobs import run_job_now
from sources.models import ImportJob


class Command(BaseCommand):
    help = (
        "Import a STIX 2.1 bundle: each report becomes a draft incident with its places, "
        "actors, sources and TLP marking. Idempotent by STIX id; malformed objects are listed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--as", dest="as_user", metavar="USERNAME", help="Record the import as this user."
        )
        parser.add_argument(
            "--team",
            metavar="NAME",
            help="The team owning the imported records (needed to read AMBER and RED ones).",
        )

    def handle(self, *args, file: str, as_user: str | None, team: str | None, **options) -> None:
        params: dict = {"path": file}
        if team:
            found = Team.objects.filter(name=team).first()
            if found is None:
                raise CommandError(f"No team named {team!r}.")
            params["team"] = found.pk
        user = None
        if as_user:
            user = get_user_model().objects.filter(username=as_user).first()
            if user is None:
                raise CommandError(f"No user named {as_user!r}.")
        # Run here, through the job machinery, so the job page shows it like any other import.
        job = run_job_now(ImportJob.objects.create(kind="stix", params=params, created_by=user))
        for error in job.errors[:MAX_SHOWN_ERRORS]:
            self.stderr.write(f"{error['item']}: {error['message']}")
        if len(job.errors) > MAX_SHOWN_ERRORS:
            self.stderr.write(f"… and {len(job.errors) - MAX_SHOWN_ERRORS} more rejected objects")
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(f"Import job #{job.pk}: {job.message}")
        self.stdout.write(f"Import job #{job.pk}: {job.message}")
