"""Celery tasks of `sources`: they take primary keys and return early when the row is gone."""

from __future__ import annotations

import datetime
import logging
import random

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import runners  # noqa: F401  (registers the paste/file/url/feed runners)
from .feeds import FeedNotModified, fetch_feed, new_entries
from .fetch import FetchError, TransientFetchError
from .jobs import INTERRUPTED, recover_stalled_jobs, run_job
from .models import Feed, ImportJob

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="sources.run_import_job",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
)
def run_import_job(self, job_id: int) -> str:
    """Process an import job; safe to run again (claimed once, items imported once).

    A job interrupted by a lost database connection was put back in the queue: retried with
    backoff and jitter, it resumes after the items already recorded.
    """
    status = run_job(job_id)
    if status == INTERRUPTED:
        countdown = settings.IMPORT_RETRY_BACKOFF * 2**self.request.retries
        raise self.retry(countdown=countdown + random.uniform(0, settings.IMPORT_RETRY_BACKOFF))
    return status


def _enqueue(job_id: int) -> None:
    from .services import send

    job = ImportJob.objects.filter(pk=job_id).only("celery_task_id").first()
    if job is not None:
        send(job_id, job.celery_task_id)


@shared_task(name="sources.recover_stalled_jobs")
def recover_stalled_jobs_task() -> list[int]:
    """Beat: re-queue jobs whose worker died or whose message was lost."""
    return recover_stalled_jobs(_enqueue)


@worker_ready.connect
def _recover_on_worker_start(sender=None, **kwargs) -> None:
    # A worker starting after a crash finishes what the dead worker left, without waiting for beat.
    try:
        recovered = recover_stalled_jobs(_enqueue)
    except Exception:
        logger.exception("Could not look for stalled import jobs at worker start")
        return
    if recovered:
        logger.warning("Re-queued stalled import jobs at worker start: %s", recovered)


@shared_task(name="sources.poll_due_feeds")
def poll_due_feeds() -> int:
    """Beat, every minute: queue a poll of every active feed that is due."""
    now = timezone.now()
    due = Feed.objects.filter(active=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    queued = 0
    for feed in due.only("id", "next_poll_at", "poll_interval"):
        # Claim the poll by moving next_poll_at: two beats (or a slow one) never poll twice.
        claimed = Feed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at).update(
            next_poll_at=now + datetime.timedelta(minutes=feed.poll_interval)
        )
        if claimed:
            poll_feed.delay(feed.pk)
            queued += 1
    return queued


@shared_task(name="sources.poll_feed")
def poll_feed(feed_id: int) -> int | None:
    """Poll one feed; new entries become an import job. Returns the job id, if any."""
    from .services import start_import

    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:
        return None
    try:
        entries = fetch_feed(feed)
    except FeedNotModified:
        return None
    except (FetchError, TransientFetchError) as exc:
        # Recorded on the feed with its backoff; the next due poll tries again.
        logger.info("Feed %s failed: %s", feed.url, exc)
        return None
    entries = new_entries(entries)
    if not entries:
        return None
    job = start_import(
        ImportJob.Kind.FEED, user=None, params={"feed_id": feed.pk, "entries": entries}
    )
    return job.pk
