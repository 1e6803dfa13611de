"""Celery tasks of `incidents`. They take primary keys and return early when the row is gone."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)


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
    except Exception as exc:
        EngineRun.mark(article.pk, EngineRun.State.FAILED, f"{type(exc).__name__}: {exc}")
        raise
    return len(proposed)
