"""Celery tasks of `incidents`. They take primary keys and return early when the row is gone."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import Value
from django.db.models.functions import Concat

logger = logging.getLogger(__name__)


@worker_process_init.connect(dispatch_uid="incidents-warm-engine-index")
def warm_engine_index(**kwargs) -> None:
    """Each worker process loads the engine's index (from its disk cache, or builds it) when it
    starts, so no article waits for it. Sent by the prefork pool only: a test's in-thread worker
    never runs it. A failure is logged; the first task then builds the index itself."""
    import os
    import time

    from django.db import connections

    from incidents import engine_index

    started = time.monotonic()
    try:
        engine_index.warm()
        logger.info(
            "engine index warmed in %.1f s (worker process %s)",
            time.monotonic() - started,
            os.getpid(),
        )
    except Exception:
        logger.exception("engine index not warmed at worker start; the first task will build it")
    finally:
        connections.close_all()  # the task's own connection opens when it needs one


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    # The engine reads at most EXTRACTION_MAX_CHARS; this is the safety net behind that bound.
    # (Enforced by the prefork pool, the default of `celery worker`.)
    soft_time_limit=settings.EXTRACTION_TIME_LIMIT,
    time_limit=settings.EXTRACTION_TIME_LIMIT + 30,
)
def propose_incidents(article_id: int) -> int:
    """Store the engine's proposed incidents for the article; idempotent. Returns their number."""
    from incidents.models import EngineRun
    from incidents.review import propose_for_article
    from sources.models import Article

    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.info("propose_incidents: article %s is gone", article_id)
        return 0
    # The review page reads this state: "reading…" while it runs, the proposals once done.
    EngineRun.mark(article.pk, EngineRun.State.RUNNING)
    try:
        proposed = propose_for_article(article, only_if_new=True)
    except (OperationalError, InterfaceError):
        EngineRun.mark(article.pk, EngineRun.State.QUEUED, "Retrying after a database error.")
        raise
    except SoftTimeLimitExceeded:
        EngineRun.mark(article.pk, EngineRun.State.FAILED, engine_gave_up_message())
        _engine_gave_up(article_id)
        return 0
    except Exception as exc:
        EngineRun.mark(article.pk, EngineRun.State.FAILED, f"{type(exc).__name__}: {exc}")
        raise
    return len(proposed)


def engine_gave_up_message() -> str:
    return (
        f"The extraction engine stopped after {settings.EXTRACTION_TIME_LIMIT} s on this article "
        "and proposed nothing: record its incidents by hand, or use “Propose again” on its "
        "review page."
    )


def _engine_gave_up(article_id: int) -> None:
    """Nothing was stored (the proposals are written in one transaction): say so on the import
    item that brought the article in, which its job page lists, and in the log. Not retried:
    the same text would stop the same way."""
    from sources.models import ImportItem

    message = engine_gave_up_message()
    logger.warning("propose_incidents: article %s: %s", article_id, message)
    items = ImportItem.objects.filter(article_id=article_id).exclude(message__contains=message)
    items.filter(message="").update(message=message)
    items.exclude(message="").update(message=Concat("message", Value(" " + message)))


@shared_task(name="incidents.scan_alerts", acks_late=True)
def scan_alerts() -> int:
    """Beat, every few minutes: record the changes each subscription has not seen, then queue
    their sending (immediate emails, due digests, webhooks). Returns the delivery rows written."""
    from django.utils import timezone

    from incidents import alerts
    from incidents.models import AlertSubscription

    now = timezone.now()
    written = 0
    subscriptions = AlertSubscription.objects.select_related("user", "saved_search").order_by("id")
    for subscription in subscriptions.iterator():
        try:
            written += alerts.scan(subscription, now=now)
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            # One broken saved search must not silence every other subscriber.
            logger.exception("scan of alert subscription %s failed", subscription.pk)
            continue
        if alerts.email_due(subscription, now) and alerts.pending(subscription, "email").exists():
            send_alert_email.delay(subscription.pk)
        for delivery_id in alerts.pending(subscription, "webhook").values_list("pk", flat=True):
            deliver_alert_webhook.delay(delivery_id)
    return written


@shared_task(
    name="incidents.send_alert_email",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def send_alert_email(subscription_id: int) -> int:
    from incidents import alerts
    from incidents.models import AlertSubscription

    subscription = (
        AlertSubscription.objects.select_related("user", "saved_search")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return 0
    return alerts.send_email(subscription)


@shared_task(
    name="incidents.deliver_alert_webhook",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def deliver_alert_webhook(delivery_id: int) -> str:
    """One webhook POST; a failed attempt worth retrying queues the next one after a jittered
    backoff (the delivery row, not Celery's retry count, holds the attempts)."""
    from incidents import alerts

    delay = alerts.deliver_webhook(delivery_id)
    if delay is None:
        return "done"
    deliver_alert_webhook.apply_async((delivery_id,), countdown=delay)
    return f"retry in {delay:.1f} s"


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def run_bulk_job(job_id: int) -> None:
    """A bulk action of the desk's incident list (`incidents.bulk`); a redelivered task resumes
    after the incidents already reported."""
    from incidents import bulk
    from incidents.models import BulkJob

    job = BulkJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        logger.info("run_bulk_job: job %s is gone or finished", job_id)
        return
    bulk.run_job(job)


@shared_task(name="incidents.retrain_extraction", acks_late=True)
def retrain_extraction() -> str:
    """Beat, nightly when ``EXTRACTION_RETRAIN_NIGHTLY`` is on: retrain the learned model from
    the annotated sets and the desk's reviews; it is installed only if it scores no worse.
    Returns the version in use afterwards."""
    from incidents.learning import train

    outcome = train(from_annotations=False, cross_validation=False)
    logger.info("extraction retrained: %s", outcome.message)
    return outcome.active_version
