"""`manage.py import_articles PATH... [--outlet NAME] [--language en|fr] [--wait]`."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sources.models import ImportJob
from sources.runners import FILE_SUFFIXES
from sources.services import start_import


class Command(BaseCommand):
    help = (
        "Queue import jobs for article files (.txt, .md, .html, .csv; directories are walked) "
        "and http(s) URLs. With --wait, print progress and a summary (a worker must be running)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files, directories or URLs.")
        parser.add_argument("--outlet", default="", help="Outlet name for articles without one.")
        parser.add_argument("--language", choices=["en", "fr"], default="", help="Language.")
        parser.add_argument("--wait", action="store_true", help="Wait for the jobs to finish.")
        parser.add_argument(
            "--timeout", type=float, default=3600, help="Seconds --wait waits at most."
        )

    def _files(self, paths: list[str]) -> tuple[list[Path], list[str]]:
        files, urls = [], []
        for raw in paths:
            if raw.startswith(("http://", "https://")):
                urls.append(raw)
                continue
            path = Path(raw)
            if path.is_dir():
                files.extend(
                    sorted(p for p in path.rglob("*") if p.suffix.lower() in FILE_SUFFIXES)
                )
            elif path.is_file():
                if path.suffix.lower() not in FILE_SUFFIXES:
                    raise CommandError(
                        f"{path}: unsupported file type; use {', '.join(sorted(FILE_SUFFIXES))}."
                    )
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or directory.")
        return files, urls

    def handle(self, *args, paths: list[str], outlet: str, language: str, wait: bool, **options):
        files, urls = self._files(paths)
        if not files and not urls:
            raise CommandError("Nothing to import.")
        params = {"outlet": outlet, "language": language}
        jobs: list[tuple[str, ImportJob]] = []
        try:
            for path in files:
                with path.open("rb") as handle:
                    job = start_import(
                        ImportJob.Kind.FILE,
                        user=None,
                        params=params,
                        upload=File(handle, path.name),
                    )
                jobs.append((str(path), job))
            if urls:
                job = start_import(ImportJob.Kind.URL, user=None, params={**params, "urls": urls})
                jobs.append((f"{len(urls)} URL(s)", job))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        for label, job in jobs:
            self.stdout.write(f"Queued job #{job.pk} for {label}")
        if not wait:
            return
        self._wait([job for _, job in jobs], options["timeout"])

    def _wait(self, jobs: list[ImportJob], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        shown: dict[int, tuple] = {}
        pending = {job.pk for job in jobs}
        while pending:
            for job in ImportJob.objects.filter(pk__in=pending):
                state = (job.status, job.items_seen, job.items_total)
                if shown.get(job.pk) != state:
                    shown[job.pk] = state
                    total = f"/{job.items_total}" if job.items_total is not None else ""
                    self.stdout.write(
                        f"#{job.pk} {job.get_status_display()}: {job.items_seen}{total} items"
                    )
                if job.is_finished:
                    pending.discard(job.pk)
            if pending:
                if time.monotonic() > deadline:
                    raise CommandError(f"Jobs still unfinished after {timeout:g} s: {pending}")
                time.sleep(0.5)
        failed = False
        for job in ImportJob.objects.filter(pk__in=[job.pk for job in jobs]).order_by("pk"):
            self.stdout.write(
                f"#{job.pk} {job.get_status_display()}: {job.items_created} created, "
                f"{job.items_duplicate} duplicates, {job.items_failed} failed"
            )
            if job.message:
                self.stdout.write(f"  {job.message}")
            for error in job.errors:
                self.stdout.write(f"  {error['item']}: {error['message']}")
            failed = failed or job.status == ImportJob.Status.FAILED
        if failed:
            raise CommandError("Some imports failed.")
