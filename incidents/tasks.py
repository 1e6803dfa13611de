"""Celery tasks of `incidents`. They take primary keys and return early when the row is gone."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_process_init
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)


@worker_process_init.connect(dispatch_uid="incidents-warm-engine-index")
def warm_engine_index(**kwargs) -> None:
    """Each worker process loads the engine's index (from its disk cache, or builds it) when it
    starts, so no article waits for it. Sent by the prefork pool only: a test's in-thread worker
    never runs it. A failure is logged; the first task then builds the index itself."""
    from django.db import connections

    from incidents import engine_index

    try:
        engine_index.warm()
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
)
def propose_incidents(article_id: int) -> int:
    """Store the engine's proposed incidents for the article; idempotent. Returns their number."""
    from incidents.review import propose_for_article
    from sources.models import Article

    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.info("propose_incidents: article %s is gone", article_id)
        return 0
    return len(propose_for_article(article, only_if_new=True))
