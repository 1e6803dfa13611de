"""The review page while the engine reads: it says so, polls, and swaps the proposals in; the
keyboard help and the inbox's next article."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from incidents.models import EngineRun, Suggestion
from incidents.tasks import propose_incidents
from sources.models import Article
from sources.signals import article_stored

from .factories import ArticleFactory, SuggestionFactory, suggestion_data

pytestmark = pytest.mark.django_db


def test_a_queued_article_says_the_engine_is_reading_and_polls(client, analyst):
    article = ArticleFactory(text="Des hommes armés ont attaqué Boni dimanche.")
    with mock.patch("incidents.tasks.propose_incidents.delay"):
        article_stored.send(sender=Article, article=article, created=True, job_id=None)
    assert EngineRun.objects.get(article=article).state == EngineRun.State.QUEUED
    client.force_login(analyst)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "The engine is reading the article" in page
    assert "has not read this article" not in page
    assert f'hx-get="/articles/{article.pk}/body/"' in page and "every 1s" in page


def test_the_poll_swaps_in_the_proposals_when_the_task_is_done(client, analyst):
    article = ArticleFactory(text="Gunmen attacked Kayes on Tuesday.")
    EngineRun.mark(article.pk, EngineRun.State.RUNNING)
    client.force_login(analyst)
    reading = client.get(f"/articles/{article.pk}/body/")
    assert reading.status_code == 200 and "HX-Retarget" not in reading
    assert "Finding places, actors" in reading.content.decode()

    SuggestionFactory(article=article, position=0, data=suggestion_data())
    EngineRun.mark(article.pk, EngineRun.State.DONE)
    done = client.get(f"/articles/{article.pk}/body/")
    assert (done["HX-Retarget"], done["HX-Reswap"]) == ("#review", "outerHTML")
    body = done.content.decode()
    assert 'class="card suggestion open"' in body and 'id="review"' in body
    assert "every 1s" not in body


def test_the_task_records_running_then_done(demo_db, db):
    article = Article.objects.get(outlet__name="AFP")
    article.suggestions.all().delete()
    propose_incidents.run(article.pk)
    assert EngineRun.objects.get(article=article).state == EngineRun.State.DONE
    assert article.suggestions.exists()


def test_a_failed_reading_is_shown_with_its_reason(client, analyst):
    article = ArticleFactory()
    with (
        mock.patch("incidents.review.propose_for_article", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        propose_incidents.run(article.pk)
    client.force_login(analyst)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "The engine failed on this article." in page and "RuntimeError: boom" in page


def test_a_reading_queued_long_ago_offers_to_run_the_engine_here(client, analyst):
    article = ArticleFactory()
    EngineRun.mark(article.pk, EngineRun.State.QUEUED)
    EngineRun.objects.filter(article=article).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(analyst)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "The engine is reading" not in page
    assert "the worker may be down" in page and "Propose incidents" in page


def test_an_article_never_queued_still_offers_to_propose(client, analyst):
    article = ArticleFactory()
    client.force_login(analyst)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "The engine has not read this article yet." in page


def test_n_goes_to_the_next_waiting_article_and_question_mark_lists_shortcuts(client, analyst):
    now = timezone.now()
    older = ArticleFactory(created_at=now - datetime.timedelta(hours=2))
    current = ArticleFactory(created_at=now - datetime.timedelta(hours=1))
    decided = ArticleFactory(created_at=now - datetime.timedelta(hours=1, minutes=30))
    for article in (older, current):
        SuggestionFactory(article=article, position=0, data=suggestion_data())
    SuggestionFactory(
        article=decided, position=0, data=suggestion_data(), status=Suggestion.Status.REJECTED
    )
    client.force_login(analyst)
    page = client.get(f"/articles/{current.pk}/").content.decode()
    assert f'href="/articles/{older.pk}/" data-next-article' in page
    assert 'id="shortcuts"' in page
    for key in ("j", "k", "e", "a", "r", "n", "?"):
        assert f"<kbd>{key}</kbd>" in page
