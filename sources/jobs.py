"""Import job machinery: claiming, per-item idempotency, progress, recovery, and a runner registry.

A job is processed item by item. Each item (a pasted text, a CSV line, a URL, a feed entry) is
recorded as an `ImportItem` keyed (job, key) in the same transaction as its article and the job's
counters, so a job interrupted anywhere — a worker killed with SIGKILL, a message redelivered —
resumes where it stopped and imports every item exactly once.

Other apps plug their importers in with `register_runner(kind, runner)` (e.g. incidents registers the
ACLED/UCDP runners) so `sources` never imports them.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .fetch import FetchError, TransientFetchError
from .models import Article, ImportItem, ImportJob
from .storing import UnstorableArticle

logger = logging.getLogger(__name__)

T = TypeVar("T")
Runner = Callable[["JobRun"], None]
RUNNERS: dict[str, Runner] = {}
# Errors listed on the job itself; the full list is always in ImportItem rows.
MAX_JOB_ERRORS = 500


def register_runner(kind: str, runner: Runner) -> None:
    """Let `kind` jobs be processed by `runner(run: JobRun)`; called from an AppConfig.ready()."""
    RUNNERS[kind] = runner


class ItemError(Exception):
    """One item cannot be imported (bad row, empty text): it fails, the job goes on."""


class JobError(Exception):
    """The whole job cannot go on (unreadable file, feed unreachable): the message is shown."""


class JobLost(Exception):
    """The job was cancelled or taken over by another worker: stop without recording anything."""


@dataclass
class ItemResult:
    outcome: str
    article: Article | None = None
    message: str = ""


def worker_ident() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    # A killed worker whose parent never reaped it lingers as a zombie: it is gone all the same.
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return any(line.startswith("State:") and "Z" in line.split()[1] for line in status.splitlines())


def worker_gone(ident: str) -> bool:
    """True when `ident` names a process on this host that no longer runs."""
    host, _, pid = ident.rpartition(":")
    if not host or host != socket.gethostname() or not pid.isdigit():
        return False
    return int(pid) != os.getpid() and _pid_gone(int(pid))


def _item_key(key: str) -> str:
    key = str(key)
    if len(key) <= 200:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


class JobRun:
    """One worker's run of a claimed job: runners call `item()` for each thing to import."""

    def __init__(self, job: ImportJob, ident: str) -> None:
        self.job = job
        self.ident = ident
        self.errors: list[dict[str, Any]] = list(job.errors or [])
        self.done_keys = set(job.items.values_list("key", flat=True))

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params or {}

    def _mine(self):
        return ImportJob.objects.filter(pk=self.job.pk, status=ImportJob.Status.RUNNING).filter(
            worker=self.ident
        )

    def update(self, **fields: Any) -> None:
        """Write job fields, provided this worker still owns the running job."""
        if not self._mine().update(heartbeat_at=timezone.now(), **fields):
            raise JobLost(self.job.pk)
        for name, value in fields.items():
            if not hasattr(value, "resolve_expression"):
                setattr(self.job, name, value)

    def heartbeat(self) -> None:
        self.update()

    def set_total(self, total: int) -> None:
        self.update(items_total=total)

    def note(self, message: str) -> None:
        self.update(message=message)

    def is_done(self, key: str) -> bool:
        return _item_key(key) in self.done_keys

    def item(
        self,
        key: str,
        label: str,
        prepare: Callable[[], T],
        store: Callable[[T], ItemResult],
    ) -> None:
        """Import one item once: `prepare()` runs outside any transaction (network, parsing),
        `store(prepared)` inside the transaction that also records the item and the counters.

        Named transient errors (network) are retried with exponential backoff and jitter; any
        ItemError, FetchError or empty text fails this item with its message.
        """
        key = _item_key(key)
        if key in self.done_keys:
            return
        label = str(label)[:2000]
        retries = settings.IMPORT_NETWORK_RETRIES
        backoff = settings.IMPORT_RETRY_BACKOFF
        for attempt in range(retries + 1):
            try:
                prepared = prepare()
                with transaction.atomic():
                    result = store(prepared)
                    self._record(key, label, result)
                return
            except TransientFetchError as exc:
                if attempt >= retries:
                    message = f"{exc} Gave up after {retries + 1} attempts."
                    self._fail(key, label, message)
                    return
                delay = backoff * 2**attempt + random.uniform(0, backoff)
                logger.info(
                    "Job %s item %s: %s; retrying in %.1f s", self.job.pk, label, exc, delay
                )
                time.sleep(delay)
                self.heartbeat()
            except (ItemError, FetchError, UnstorableArticle) as exc:
                self._fail(key, label, str(exc))
                return
            except IntegrityError:
                # The item was recorded by another run between our check and our insert.
                self.done_keys.add(key)
                return

    def _fail(self, key: str, label: str, message: str) -> None:
        try:
            with transaction.atomic():
                self._record(key, label, ItemResult(ImportItem.Outcome.FAILED, message=message))
        except IntegrityError:
            self.done_keys.add(key)

    def _record(self, key: str, label: str, result: ItemResult) -> None:
        ImportItem.objects.create(
            job_id=self.job.pk,
            key=key,
            label=label,
            outcome=result.outcome,
            article=result.article,
            message=result.message[:5000],
        )
        counter = {
            ImportItem.Outcome.CREATED: "items_created",
            ImportItem.Outcome.UPDATED: "items_updated",
            ImportItem.Outcome.DUPLICATE: "items_duplicate",
            ImportItem.Outcome.FAILED: "items_failed",
        }[ImportItem.Outcome(result.outcome)]
        fields: dict[str, Any] = {"items_seen": F("items_seen") + 1, counter: F(counter) + 1}
        errors = None
        if result.outcome == ImportItem.Outcome.FAILED and len(self.errors) < MAX_JOB_ERRORS:
            errors = [*self.errors, {"item": label, "message": result.message}]
            fields["errors"] = errors
        self.update(**fields)
        if errors is not None:
            self.errors = errors
        self.done_keys.add(key)


def _claim(job_id: int, ident: str) -> ImportJob | None:
    """Take the job if it is queued, or if its running worker is gone (redelivery, recovery)."""
    now = timezone.now()
    fields = {"status": ImportJob.Status.RUNNING, "worker": ident, "heartbeat_at": now}
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        started_at=Coalesce(F("started_at"), now), **fields
    )
    if not claimed:
        job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).first()
        if job is None or not _stalled(job, now):
            return None
        claimed = ImportJob.objects.filter(
            pk=job_id,
            status=ImportJob.Status.RUNNING,
            worker=job.worker,
            heartbeat_at=job.heartbeat_at,
        ).update(**fields)
        if not claimed:
            return None
        logger.warning("Job %s: taking over from %s", job_id, job.worker or "an unknown worker")
    return ImportJob.objects.get(pk=job_id)


def _stalled(job: ImportJob, now: datetime.datetime) -> bool:
    cutoff = now - datetime.timedelta(seconds=settings.IMPORT_JOB_STALL_SECONDS)
    return job.heartbeat_at is None or job.heartbeat_at < cutoff or worker_gone(job.worker)


def _finish(run: JobRun, message: str | None = None) -> str:
    job = ImportJob.objects.get(pk=run.job.pk)
    succeeded = job.items_created + job.items_updated + job.items_duplicate
    if message is not None:
        status = ImportJob.Status.FAILED
    elif not job.items_failed:
        status = ImportJob.Status.SUCCEEDED
    elif succeeded:
        status = ImportJob.Status.PARTLY_FAILED
    else:
        status = ImportJob.Status.FAILED
        message = "Every item failed; see the errors."
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now()}
    if message is not None:
        fields["message"] = message
    run.update(**fields)
    return status


def run_job(job_id: int) -> str:
    """Process job `job_id` in this process; returns the final status, or why nothing was done."""
    ident = worker_ident()
    job = _claim(job_id, ident)
    if job is None:
        return "skipped"
    run = JobRun(job, ident)
    runner = RUNNERS.get(job.kind)
    try:
        if runner is None:
            return _finish(run, f"No importer is registered for {job.get_kind_display()} jobs.")
        runner(run)
        return _finish(run)
    except JobLost:
        logger.info("Job %s was cancelled or taken over; stopping.", job_id)
        return "lost"
    except (OperationalError, InterfaceError) as exc:
        return _interrupted(run, exc)
    except JobError as exc:
        return _finish(run, str(exc))
    except Exception as exc:
        logger.exception("Job %s failed unexpectedly", job_id)
        try:
            return _finish(run, f"Unexpected error: {exc.__class__.__name__}: {exc}")
        except JobLost:
            return "lost"


# What run_job returns when the database went away mid-job: the Celery task retries it.
INTERRUPTED = "interrupted"


def _interrupted(run: JobRun, exc: Exception) -> str:
    """The database connection dropped (restart, fail-over, network): the item being stored
    was rolled back with its transaction. Put the job back in the queue, on a fresh connection,
    so that a retry resumes it after the items already recorded; if the database is still
    away, the job stays running and `recover_stalled_jobs` resumes it after the stall delay."""
    logger.warning("Job %s: database connection lost (%s); re-queuing", run.job.pk, exc)
    connection.close()
    try:
        ImportJob.objects.filter(
            pk=run.job.pk, status=ImportJob.Status.RUNNING, worker=run.ident
        ).update(
            status=ImportJob.Status.QUEUED,
            worker="",
            heartbeat_at=timezone.now(),
            message=(
                f"The database connection was lost after {len(run.done_keys)} items; "
                "the job resumed where it stopped."
            ),
        )
    except (OperationalError, InterfaceError):
        connection.close()
    return INTERRUPTED


def recover_stalled_jobs(enqueue: Callable[[int], None]) -> list[int]:
    """Re-queue jobs whose worker died (SIGKILL, lost host) or whose message was lost.

    Running jobs are recovered when their worker process is gone from this host or their
    heartbeat is older than IMPORT_JOB_STALL_SECONDS; queued jobs when they waited that long
    (the file-system broker drops a message its worker had taken when that worker is killed).
    Each job is re-queued by one conditional update, so concurrent recoveries queue it once.
    """
    now = timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.IMPORT_JOB_STALL_SECONDS)
    recovered: list[int] = []
    candidates = ImportJob.objects.filter(
        Q(status=ImportJob.Status.RUNNING)
        | Q(status=ImportJob.Status.QUEUED, heartbeat_at__lt=cutoff)
    ).only("id", "status", "worker", "heartbeat_at")
    for job in candidates:
        if job.status == ImportJob.Status.RUNNING and not _stalled(job, now):
            continue
        requeued = ImportJob.objects.filter(
            pk=job.pk, status=job.status, worker=job.worker, heartbeat_at=job.heartbeat_at
        ).update(status=ImportJob.Status.QUEUED, worker="", heartbeat_at=now)
        if requeued:
            logger.warning("Re-queuing stalled import job %s (was %s)", job.pk, job.status)
            recovered.append(job.pk)
            enqueue(job.pk)
    return recovered
