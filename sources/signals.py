"""Signals `sources` sends. `sources` never imports `incidents`; `incidents` listens here.

article_stored(sender=Article, article=<Article>, created=<bool>, job_id=<int|None>)
    Sent after an article is committed (on transaction commit), so listeners may queue work on it.
"""

from django.dispatch import Signal

article_stored = Signal()
