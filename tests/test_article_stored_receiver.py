"""A stored article queues the engine; the task stores suggestions and is idempotent."""

from __future__ import annotations

from unittest import mock

import pytest

from incidents.models import Suggestion
from incidents.tasks import propose_incidents
from sources.models import Article
from sources.signals import article_stored

from .factories import ArticleFactory


@pytest.mark.django_db
def test_a_new_article_queues_proposals_with_its_id():
    article = ArticleFactory()
    with mock.patch("incidents.tasks.propose_incidents.delay") as delay:
        article_stored.send(sender=Article, article=article, created=True, job_id=7)
    delay.assert_called_once_with(article.pk)


@pytest.mark.django_db
def test_an_article_stored_again_queues_nothing():
    article = ArticleFactory()
    with mock.patch("incidents.tasks.propose_incidents.delay") as delay:
        article_stored.send(sender=Article, article=article, created=False, job_id=None)
    delay.assert_not_called()


@pytest.mark.django_db
def test_task_returns_early_when_the_article_is_gone():
    assert propose_incidents.run(987654) == 0
    assert not Suggestion.objects.exists()


def test_task_stores_suggestions_once(demo_db, db):
    article = Article.objects.get(outlet__name="AFP")
    assert propose_incidents.run(article.pk) == 3
    assert propose_incidents.run(article.pk) == 3
    assert Suggestion.objects.filter(article=article).count() == 3
