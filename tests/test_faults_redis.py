"""Redis, the broker, restarts mid-job: the running job still finishes with each item once, and
the worker takes the next job once Redis is back. A `redis-server` of the test's own on a free
loopback port (tests/faults.py), never the shared one."""

import pytest

from sources.models import Article, ImportItem, ImportJob
from sources.services import start_import

from .faults import RedisServer, broker, needs_redis_server
from .servers import Reply
from .test_faults_broker import STORY
from .workers import SubprocessWorker, wait_for

pytestmark = [needs_redis_server, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PAGES = 8


def page(number: int) -> str:
    return (
        f"<html><head><title>Report {number}</title></head><body><article>"
        f"<p>Report number {number}: gunmen attacked village {number * 7919} in the Mopti "
        f"region on day {number}, residents said, and {number + 2} people were killed.</p>"
        "</article></body></html>"
    )


def test_a_redis_restart_mid_job_loses_nothing(allow_loopback, local_server):
    for number in range(PAGES):
        local_server.routes[f"/report/{number}"] = Reply(page(number), delay=0.3)
    server = RedisServer().start()
    worker = SubprocessWorker("redis-restart", env={"CELERY_BROKER_URL": server.url})
    try:
        worker.start()
        with broker(server.url):
            urls = [local_server.url(f"/report/{number}") for number in range(PAGES)]
            job = start_import("url", user=None, params={"urls": urls})
        wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).items_seen >= 2,
            60,
            f"the worker starts the job\n{worker.output()[-3000:]}",
        )
        server.stop()
        server.start()  # empty: no persistence, as after a crash
        wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).is_finished,
            60,
            f"the job finishes across the restart\n{worker.output()[-3000:]}",
        )
        with broker(server.url):
            after = start_import("paste", user=None, params={"text": STORY})
        wait_for(
            lambda: ImportJob.objects.get(pk=after.pk).is_finished,
            60,
            f"the worker reconnects and runs the next job\n{worker.output()[-3000:]}",
        )
    finally:
        worker.stop()
        server.stop()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    assert ImportItem.objects.filter(job=job).count() == PAGES
    assert Article.objects.filter(title__startswith="Report").count() == PAGES
    assert ImportJob.objects.get(pk=after.pk).status == ImportJob.Status.SUCCEEDED
