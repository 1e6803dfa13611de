"""Signal receivers: how `incidents` reacts to what `sources` stores."""

from __future__ import annotations

from django.dispatch import receiver

from sources.signals import article_stored

# Connects the index-invalidation receivers (actors, aliases, places, names).
from . import engine_index  # noqa: F401


@receiver(article_stored, dispatch_uid="incidents-propose-on-article-stored")
def propose_incidents_for_new_article(sender, article, created: bool = True, **kwargs) -> None:
    """A new article: let a worker run the engine over it (the signal fires after commit)."""
    if not created:
        return
    from .models import EngineRun
    from .tasks import propose_incidents

    # Recorded before queueing, so the review page never says "not read yet" meanwhile.
    EngineRun.mark(article.pk, EngineRun.State.QUEUED)
    propose_incidents.delay(article.pk)
