"""Feeds: a failing feed keeps its error visible and backs off; due feeds are polled once."""

import datetime

import pytest
from django.utils import timezone

from sources.feeds import FeedNotModified, fetch_feed
from sources.fetch import HTTPStatusError
from sources.models import Feed
from sources.tasks import poll_due_feeds

from .servers import Reply


@pytest.mark.django_db
def test_failing_feed_records_its_error_and_backs_off(allow_loopback, local_server):
    local_server.routes["/gone.xml"] = Reply(
        "gone", status=410, headers={"Content-Type": "text/plain"}
    )
    feed = Feed.objects.create(url=local_server.url("/gone.xml"), poll_interval=10)
    delays = []
    for _ in range(3):
        before = timezone.now()
        with pytest.raises(HTTPStatusError):
            fetch_feed(feed)
        feed.refresh_from_db()
        delays.append(feed.next_poll_at - before)
    assert feed.consecutive_failures == 3
    assert "HTTP 410" in feed.last_error
    minutes = [delay / datetime.timedelta(minutes=1) for delay in delays]
    assert 10 <= minutes[0] < 11.1 and 20 <= minutes[1] < 22.1 and 40 <= minutes[2] < 44.1


@pytest.mark.django_db
def test_not_modified_clears_the_error(allow_loopback, local_server):
    local_server.routes["/feed.xml"] = Reply(status=304, headers={})
    feed = Feed.objects.create(
        url=local_server.url("/feed.xml"), etag='"x"', last_error="old", consecutive_failures=2
    )
    with pytest.raises(FeedNotModified):
        fetch_feed(feed)
    feed.refresh_from_db()
    assert (feed.last_error, feed.consecutive_failures) == ("", 0)
    assert local_server.requests[0][1]["If-None-Match"] == '"x"'


@pytest.mark.django_db
def test_only_due_active_feeds_are_queued(monkeypatch):
    queued = []
    monkeypatch.setattr("sources.tasks.poll_feed.delay", queued.append)
    now = timezone.now()
    due = Feed.objects.create(url="https://a.example/rss", next_poll_at=now)
    never = Feed.objects.create(url="https://b.example/rss")
    Feed.objects.create(url="https://c.example/rss", next_poll_at=now + datetime.timedelta(hours=1))
    Feed.objects.create(url="https://d.example/rss", active=False)
    assert poll_due_feeds() == 2
    assert sorted(queued) == sorted([due.pk, never.pk])
    assert poll_due_feeds() == 0  # claimed: next_poll_at moved forward
