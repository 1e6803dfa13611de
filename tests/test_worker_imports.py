"""Imports through a real Celery worker and the configured broker, with a local HTTP server."""

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile

from config.celery import app
from sources.models import Article, Feed, ImportJob
from sources.services import start_import
from sources.tasks import poll_feed

from .servers import Reply
from .test_import_files import CSV, HTML
from .test_import_paste import example_text
from .workers import purge_queue, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        purge_queue()
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
        ) as running:
            yield running


@pytest.fixture(autouse=True)
def articles_read(worker):
    """After each test, wait until the worker has read every stored article: it goes on with
    their proposals after the import job is finished, and the teardown's flush meeting its
    open transaction is a deadlock on PostgreSQL (and leaves rows to the next test)."""
    yield
    from incidents.models import EngineRun

    busy = [EngineRun.State.QUEUED, EngineRun.State.RUNNING]
    wait_for(
        lambda: not EngineRun.objects.filter(state__in=busy).exists(),
        60,
        "the worker reads every stored article",
    )


def finished(job: ImportJob, timeout: float = 20) -> ImportJob:
    wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).is_finished, timeout, f"job {job.pk} finishes"
    )
    job.refresh_from_db()
    return job


def test_paste_of_the_example_article(worker, analyst):
    job = finished(start_import("paste", user=analyst, params={"text": example_text()}))
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.celery_task_id
    article = Article.objects.get()
    assert article.published_at.date() == datetime.date(2025, 7, 1)
    assert article.language == "en"


def test_url_import_of_html_with_script(worker, allow_loopback, local_server):
    local_server.routes["/kayes"] = Reply(
        HTML, headers={"Content-Type": "text/html; charset=utf-8"}
    )
    job = finished(
        start_import("url", user=None, params={"urls": [local_server.url("/kayes?utm_source=x")]})
    )
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    article = Article.objects.get()
    assert "Suspected jihadists attacked" in article.text
    assert "SCRIPT-CONTENT" not in article.text
    assert article.url == local_server.url("/kayes")


def test_oversized_page_fails_its_item_with_a_specific_error(worker, allow_loopback, local_server):
    allow_loopback.IMPORT_MAX_URL_BYTES = 2048
    local_server.routes["/huge"] = Reply("<p>" + "word " * 2000 + "</p>")
    local_server.routes["/fine"] = Reply(HTML)
    job = finished(
        start_import(
            "url",
            user=None,
            params={"urls": [local_server.url("/huge"), local_server.url("/fine")]},
        )
    )
    assert job.status == ImportJob.Status.PARTLY_FAILED
    assert (job.items_created, job.items_failed) == (1, 1)
    assert job.errors[0]["item"] == local_server.url("/huge")
    assert "too large" in job.errors[0]["message"]


def test_redirect_to_loopback_is_refused(worker, settings, local_server):
    settings.IMPORT_URL_ALLOWLIST = ["localhost"]
    local_server.routes["/go"] = Reply(status=301, headers={"Location": local_server.url("/admin")})
    local_server.routes["/admin"] = Reply("internal")
    start = local_server.url("/go").replace("127.0.0.1", "localhost")
    job = finished(start_import("url", user=None, params={"urls": [start]}))
    assert job.status == ImportJob.Status.FAILED
    assert "127.0.0.1, a loopback address" in job.errors[0]["message"]
    assert local_server.hits("/admin") == 0
    assert not Article.objects.exists()


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Sahel wire</title><link>{base}</link>
<item><title>Attack in Kayes</title><link>{base}/news/1?utm_source=rss</link><guid>n1</guid>
<pubDate>Tue, 01 Jul 2025 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Suspected jihadists attacked military installations in Kayes.&lt;/p&gt;</description></item>
<item><title>Flooding in Niamey</title><link>{base}/news/2</link><guid>n2</guid>
<pubDate>Mon, 30 Jun 2025 08:00:00 GMT</pubDate>
<description>Heavy rains flooded parts of Niamey, displacing hundreds of families.</description></item>
</channel></rss>"""


def test_feed_polled_twice_creates_nothing_the_second_time(worker, allow_loopback, local_server):
    def serve(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(status=304, headers={"ETag": '"v1"'})
        return Reply(
            RSS.format(base=local_server.base),
            headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'},
        )

    local_server.routes["/feed.xml"] = serve
    feed = Feed.objects.create(url=local_server.url("/feed.xml"), language="en")
    poll_feed.delay(feed.pk)
    wait_for(lambda: ImportJob.objects.filter(feed=feed).exists(), 20, "the feed job exists")
    job = finished(ImportJob.objects.get(feed=feed))
    assert (job.status, job.items_created) == (ImportJob.Status.SUCCEEDED, 2)
    assert set(Article.objects.values_list("url", flat=True)) == {
        local_server.url("/news/1"),
        local_server.url("/news/2"),
    }

    poll_feed.delay(feed.pk)
    wait_for(lambda: local_server.hits("/feed.xml") == 2, 20, "the feed is polled again")
    wait_for(
        lambda: Feed.objects.get(pk=feed.pk).last_polled_at > job.finished_at, 20, "poll recorded"
    )
    feed.refresh_from_db()
    assert local_server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert feed.etag == '"v1"' and feed.last_error == ""
    assert Article.objects.count() == 2
    assert ImportJob.objects.filter(feed=feed).count() == 1


def test_csv_with_bad_rows(worker):
    upload = SimpleUploadedFile("articles.csv", CSV.encode())
    job = finished(start_import("file", user=None, params={}, upload=upload))
    assert job.status == ImportJob.Status.PARTLY_FAILED
    assert [error["item"] for error in job.errors] == ["line 3", "line 4", "line 7"]
    assert Article.objects.count() == 2
