"""A worker SIGKILLed mid-job: a second worker finishes it, every item imported exactly once.

The file-system broker removes a message from its folder when a worker takes it, so a killed
worker's message is gone (Redis would bring it back only after the visibility timeout). The job
is recovered from the database instead: the new worker, at start, re-queues running jobs whose
worker process no longer exists (beat does the same for stale heartbeats on other hosts).
"""

import pytest

from sources.models import Article, ImportItem, ImportJob
from sources.services import start_import

from .servers import Reply
from .workers import SubprocessWorker, purge_queue, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PAGES = 10


def page(number: int) -> str:
    return (
        f"<html><head><title>Report {number}</title></head><body><article>"
        f"<p>Report number {number}: gunmen attacked village {number * 7919} in the Mopti "
        f"region on day {number}, residents said, and {number + 2} people were killed.</p>"
        f"<p>Local officials in district {number * 31} confirmed the attack number {number}.</p>"
        "</article></body></html>"
    )


def test_killed_worker_leaves_the_job_to_another_worker(allow_loopback, local_server):
    for number in range(PAGES):
        # Slow pages, so the kill lands in the middle of the job.
        local_server.routes[f"/report/{number}"] = Reply(page(number), delay=0.3)
    purge_queue()
    first = SubprocessWorker("doomed").start()
    second = SubprocessWorker("rescuer")
    try:
        urls = [local_server.url(f"/report/{number}") for number in range(PAGES)]
        job = start_import("url", user=None, params={"urls": urls})
        wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).items_seen >= 3,
            40,
            f"the first worker imports a few items\n{first.output()[-3000:]}",
        )
        first.kill()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.RUNNING
        assert 3 <= job.items_seen < PAGES

        second.start()
        wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).is_finished,
            40,
            f"the second worker finishes the job\n{second.output()[-3000:]}",
        )
    finally:
        first.kill()
        second.stop()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert (job.items_seen, job.items_created, job.items_duplicate) == (PAGES, PAGES, 0)
    assert ImportItem.objects.filter(job=job).count() == PAGES
    stored = sorted(Article.objects.values_list("url", flat=True))
    assert stored == sorted(urls)
    assert "Re-queued stalled import jobs" in second.output()
