"""Run an ACLED or UCDP import as a `sources.ImportJob`: read, then store, then record the outcome.

Called by the `import_acled` / `import_ucdp` commands and the admin upload. When the job machinery
(`sources.jobs.register_runner`) is present, `run_job` is registered for the kinds acled and ucdp.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from sources.models import ImportJob

from .acled import read_acled
from .common import ImportFileError, ReadResult, lines_from_bytes
from .store import StoreReport, store_events
from .ucdp import read_ucdp

READERS = {"acled": read_acled, "ucdp": read_ucdp}
MAX_ERRORS_KEPT = 1000


@dataclass
class ImportOutcome:
    kind: str
    dry_run: bool
    rows: int = 0
    events: int = 0
    merged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    store: StoreReport = field(default_factory=StoreReport)
    failure: str = ""

    @property
    def ok(self) -> bool:
        return not self.failure

    def summary(self) -> str:
        if self.failure:
            return f"Failed: {self.failure} Nothing was written."
        s = self.store
        verb = "would be" if self.dry_run else "were"
        return (
            f"{self.rows} rows read ({self.merged} merged into events already read): "
            f"{s.created} incidents {verb} created, {s.updated} updated, {s.unchanged} unchanged, "
            f"{len(self.errors)} rows rejected; actors {s.actors_created} new, "
            f"{s.actors_matched} matched; places {s.places_created} new, "
            f"{s.places_matched} matched."
        )


def _lines_from_path(path: str | Path) -> Iterator[str]:
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise ImportFileError(f"Cannot open {path}: {exc.strerror}.") from None
    with handle:
        yield from handle


def run_import(
    kind: str,
    source: str | Path | bytes,
    *,
    dry_run: bool = False,
    job: ImportJob | None = None,
) -> ImportOutcome:
    """Import a file (a path or the bytes of an upload). Never raises for bad input."""
    outcome = ImportOutcome(kind=kind, dry_run=dry_run)
    if job is not None:
        job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        lines = lines_from_bytes(source) if isinstance(source, bytes) else _lines_from_path(source)
        read: ReadResult = READERS[kind](lines)
        outcome.rows, outcome.events, outcome.merged = read.rows, len(read.events), read.merged
        outcome.errors = read.errors
        outcome.store = store_events(list(read.events.values()), kind, dry_run=dry_run)
    except ImportFileError as exc:
        outcome.failure = str(exc)
    if job is not None:
        _record(job, outcome)
    return outcome


def _record(job: ImportJob, outcome: ImportOutcome) -> None:
    if outcome.failure:
        status = ImportJob.Status.FAILED
    elif outcome.errors:
        status = ImportJob.Status.PARTLY_FAILED
    else:
        status = ImportJob.Status.SUCCEEDED
    s = outcome.store
    job.status = status
    job.items_total = outcome.rows
    job.items_seen = outcome.rows
    job.items_created = s.created
    job.items_updated = s.updated
    job.items_duplicate = s.unchanged  # unchanged rows: already present, nothing to do
    job.items_failed = len(outcome.errors)
    job.errors = [{"item": line, "message": msg} for line, msg in outcome.errors[:MAX_ERRORS_KEPT]]
    job.message = outcome.summary()
    job.finished_at = timezone.now()
    job.save()


def run_job(job: ImportJob) -> ImportOutcome:
    """Runner for a queued ImportJob of kind acled or ucdp whose file is in `job.upload`."""
    if job.upload:
        with job.upload.open("rb") as handle:
            data = handle.read()
        return run_import(job.kind, data, dry_run=bool(job.params.get("dry_run")), job=job)
    return run_import(
        job.kind, job.params["path"], dry_run=bool(job.params.get("dry_run")), job=job
    )
