"""Starting imports: the one entry point used by the admin, the pages, the shell and beat."""

from __future__ import annotations

import datetime
import logging
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .canonical import canonical_url
from .models import Feed, ImportJob

logger = logging.getLogger(__name__)

SOURCES_KINDS = {
    ImportJob.Kind.PASTE,
    ImportJob.Kind.FILE,
    ImportJob.Kind.CSV,
    ImportJob.Kind.URL,
    ImportJob.Kind.FEED,
}


# URLs in one import (the API's list limit too).
MAX_URLS = 200


def _without_nul(value: Any) -> Any:
    """NUL characters removed from every string: PostgreSQL stores none in text or JSON."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    return value


def check_paste_length(text: str) -> None:
    """The one size rule of pasted text (desk page, import page, admin, API)."""
    limit = settings.IMPORT_MAX_PASTE_CHARS
    if len(text) > limit:
        raise ValidationError(
            f"The text is {len(text):,} characters long; at most {limit:,} can be pasted at "
            "once. Split it into articles, or upload it as a file."
        )


def _validate(kind: str, params: dict[str, Any], upload: File | None) -> dict[str, Any]:
    params = _without_nul(dict(params or {}))
    if kind == ImportJob.Kind.PASTE and not (params.get("text") or "").strip():
        raise ValidationError("Paste the article text.")
    if kind == ImportJob.Kind.PASTE:
        check_paste_length(params["text"])
    if kind in (ImportJob.Kind.FILE, ImportJob.Kind.CSV):
        if upload is None:
            raise ValidationError("Choose a file to import.")
        if upload.size is not None and upload.size > settings.IMPORT_MAX_FILE_BYTES:
            limit = settings.IMPORT_MAX_FILE_BYTES // (1024 * 1024)
            raise ValidationError(f"The file is larger than the {limit} MB import limit.")
        params.setdefault("filename", Path(upload.name or "upload").name)
    if kind == ImportJob.Kind.URL:
        urls = params.get("urls")
        if isinstance(urls, str):
            urls = urls.split()
        urls = [url.strip() for url in urls or [] if url and url.strip()]
        if not urls:
            raise ValidationError("Give at least one URL.")
        if len(urls) > MAX_URLS:
            raise ValidationError(
                f"{len(urls)} URLs given; at most {MAX_URLS} can be imported at once."
            )
        for url in urls:
            if not canonical_url(url).startswith(("http://", "https://")):
                raise ValidationError(f"Only http and https URLs can be imported, not {url!r}.")
        params["urls"] = urls
    if kind == ImportJob.Kind.FEED and not Feed.objects.filter(pk=params.get("feed_id")).exists():
        raise ValidationError("Choose an existing feed.")
    return params


# A queued job whose message could not be sent carries this heartbeat: older than any stall
# cutoff, so the next recovery (beat, every minute; a worker starting) sends it again.
UNSENT = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def send(job_id: int, task_id: str | None) -> bool:
    """Send the job's task; when the broker is down the job stays queued and is sent again by
    `recover_stalled_jobs` once it is back. The job row is always stored before this runs."""
    # Imported here: tasks import the runners, which import this app's models at load time.
    from .tasks import run_import_job

    try:
        run_import_job.apply_async(args=[job_id], task_id=task_id or None)
    except Exception as exc:  # kombu's OperationalError, OSError, a broker's own errors
        logger.warning("Import job %s stays queued: the broker is unreachable (%s)", job_id, exc)
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            heartbeat_at=UNSENT
        )
        return False
    return True


def _queue(job: ImportJob) -> None:
    send(job.pk, job.celery_task_id)


def enqueue(job: ImportJob) -> None:
    """Send the job's task once the current transaction commits (a worker must see the row)."""
    transaction.on_commit(lambda: _queue(job))


def start_import(
    kind: str, *, user, params: dict[str, Any], upload: File | None = None
) -> ImportJob:
    """Create an import job and queue its Celery task on commit.

    kind: paste (text, title, url, outlet, published, language), file/csv (upload), url (urls),
    feed (feed_id), or any kind another app registered with `sources.jobs.register_runner`.
    Raises ValidationError for input that can never be imported.
    """
    params = _validate(kind, params, upload)
    with transaction.atomic():
        job = ImportJob(
            kind=kind,
            created_by=user if user is not None and user.is_authenticated else None,
            params=params,
            feed_id=params.get("feed_id") if kind == ImportJob.Kind.FEED else None,
            celery_task_id=str(uuid.uuid4()),
            heartbeat_at=timezone.now(),
        )
        if upload is not None:
            try:
                job.upload.save(Path(upload.name or "upload").name, upload, save=False)
            except OSError as exc:
                # Nothing is stored: no job row without its file.
                logger.error("Storing an uploaded import file failed: %s", exc)
                raise ValidationError(
                    f"The file could not be stored on the server ({exc.strerror or exc}); "
                    "nothing was imported. Try again later, or ask an administrator to check "
                    "the media storage."
                ) from None
        job.save()
        enqueue(job)
    return job


def rerun_import(job: ImportJob, *, user) -> ImportJob:
    """A new job doing the same import again (already stored articles count as duplicates)."""
    with transaction.atomic():
        params = dict(job.params or {})
        if job.kind == ImportJob.Kind.FEED and job.status == ImportJob.Status.FAILED:
            # The feed could not be read last time: poll it afresh.
            params.pop("entries", None)
        again = ImportJob(
            kind=job.kind,
            created_by=user if user is not None and user.is_authenticated else None,
            params=params,
            feed=job.feed,
            rerun_of=job,
            celery_task_id=str(uuid.uuid4()),
            heartbeat_at=timezone.now(),
        )
        again.upload.name = job.upload.name
        again.save()
        enqueue(again)
    return again


def cancel_import(job: ImportJob) -> bool:
    """Stop a queued or running job (the worker stops before its next item), or drop a preview."""
    return bool(
        ImportJob.objects.filter(
            pk=job.pk,
            status__in=[
                ImportJob.Status.QUEUED,
                ImportJob.Status.RUNNING,
                ImportJob.Status.PREVIEW,
            ],
        ).update(status=ImportJob.Status.CANCELLED, finished_at=timezone.now())
    )
