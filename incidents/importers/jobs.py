"""Run an ACLED or UCDP import: read, then store; as a `sources.ImportJob` through `job_runner`.

Called by the `import_acled` / `import_ucdp` commands, the admin upload and Celery (the runner is
registered with `sources.jobs.register_runner` for the kinds acled and ucdp).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from sources import jobs as sources_jobs
from sources.jobs import MAX_JOB_ERRORS, JobError, JobRun
from sources.models import ImportJob

from .acled import read_acled
from .common import ImportFileError, ReadResult, lines_from_bytes, lines_from_path
from .store import StoreReport, store_events
from .ucdp import read_ucdp

READERS = {"acled": read_acled, "ucdp": read_ucdp}


@dataclass
class ImportOutcome:
    kind: str
    dry_run: bool
    rows: int = 0
    events: int = 0
    merged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    store: StoreReport = field(default_factory=StoreReport)
    failure: str = ""

    @property
    def ok(self) -> bool:
        return not self.failure

    def summary(self) -> str:
        if self.failure:
            return f"Failed: {self.failure} Nothing was written."
        s = self.store
        verb = "would be" if self.dry_run else "was" if s.created == 1 else "were"
        return (
            f"{_count(self.rows, 'row')} read ({self.merged} merged into events already read): "
            f"{_count(s.created, 'incident')} {verb} created, {s.updated} updated, "
            f"{s.unchanged} unchanged, {_count(len(self.errors), 'row')} rejected"
            f"{self._warned()}; actors {s.actors_created} new, {s.actors_matched} matched; "
            f"places {s.places_created} new, {s.places_matched} matched."
        )

    def _warned(self) -> str:
        if not self.warnings:
            return ""
        lines = ", ".join(str(line) for line, _ in self.warnings[:10])
        more = "…" if len(self.warnings) > 10 else ""
        label = "line" if len(self.warnings) == 1 else "lines"
        return f", {_count(len(self.warnings), 'warning')} ({label} {lines}{more})"


def _count(number: int, noun: str) -> str:
    """A count with its noun, singular for one: the summary is read by people."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def run_import(kind: str, source: str | Path | bytes, *, dry_run: bool = False) -> ImportOutcome:
    """Import a file (a path or the bytes of an upload). Never raises for bad input.

    A path is read up to IMPORT_MAX_EVENT_FILE_BYTES, an upload was capped when it came in;
    either may hold at most IMPORT_MAX_EVENT_ROWS rows.
    """
    outcome = ImportOutcome(kind=kind, dry_run=dry_run)
    try:
        if isinstance(source, bytes):
            lines = lines_from_bytes(source)
        else:
            lines = lines_from_path(str(source), settings.IMPORT_MAX_EVENT_FILE_BYTES)
        read: ReadResult = READERS[kind](lines, max_rows=settings.IMPORT_MAX_EVENT_ROWS)
        outcome.rows, outcome.events, outcome.merged = read.rows, len(read.events), read.merged
        outcome.errors = read.errors
        outcome.warnings = read.warnings
        outcome.store = store_events(list(read.events.values()), kind, dry_run=dry_run)
    except ImportFileError as exc:
        outcome.failure = str(exc)
    return outcome


def job_runner(run: JobRun) -> None:
    """`sources.jobs` runner for ImportJobs of kind acled and ucdp (registered in apps.py).

    The file is loaded in one transaction (set-based), not item by item: the counters are
    written once at the end, and a re-delivered job simply finds every row unchanged.
    """
    job = run.job
    if job.upload:
        limit = settings.IMPORT_MAX_EVENT_FILE_BYTES
        try:
            with job.upload.open("rb") as handle:
                source: bytes | str = handle.read(limit + 1)
        except OSError as exc:
            raise JobError(f"The uploaded file cannot be read: {exc}.") from None
        if len(source) > limit:
            raise JobError("The uploaded file is larger than IMPORT_MAX_EVENT_FILE_BYTES.")
    else:
        source = job.params["path"]
    outcome = run_import(job.kind, source, dry_run=False)
    if outcome.failure:
        raise JobError(outcome.summary())
    s = outcome.store
    run.update(
        items_total=outcome.rows,
        items_seen=outcome.rows,
        items_created=s.created,
        items_updated=s.updated,
        items_duplicate=s.unchanged,  # unchanged rows: already present, nothing to do
        items_failed=len(outcome.errors),
        errors=[
            *({"item": line, "message": msg} for line, msg in outcome.errors[:MAX_JOB_ERRORS]),
            *(
                {"item": line, "message": f"Warning: {msg}", "warning": True}
                for line, msg in outcome.warnings[:MAX_JOB_ERRORS]
            ),
        ],
        message=outcome.summary(),
    )


def run_job_now(job: ImportJob) -> ImportJob:
    """Run a queued job in this process through the job machinery (commands, admin upload)."""
    sources_jobs.run_job(job.pk)
    job.refresh_from_db()
    return job
