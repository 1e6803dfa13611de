"""The broker is down when an analyst pastes: the job is stored first and shown as queued,
nothing is lost, and it runs once the broker is back (recovery sends it again).

A `redis-server` of the test's own plays the broker (see tests/faults.py): down first, then up.
"""

import json

import pytest

from sources.models import Article, ImportJob
from sources.tasks import recover_stalled_jobs_task

from .faults import RedisServer, broker, free_port, needs_redis_server
from .workers import SubprocessWorker, wait_for

pytestmark = [needs_redis_server, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

STORY = (
    "BAMAKO, July 1 (Reuters) - Gunmen attacked an army post near Kayes in western Mali on "
    "Tuesday, killing four soldiers, the army said in a statement."
)


def _queued_job_ids(redis) -> list[int]:
    return [json.loads(message)["headers"]["argsrepr"] for message in redis.lrange("celery", 0, -1)]


def test_a_desk_paste_while_the_broker_is_down_runs_when_it_is_back(client, analyst):
    server = RedisServer(free_port())  # not started yet: the broker is down
    client.force_login(analyst)
    with broker(server.url):
        # The Import page's Paste tab (the old desk paste page, /paste/, redirects there).
        response = client.post("/import/", {"kind": "paste", "text": STORY}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    job = ImportJob.objects.get()
    assert f"Import #{job.pk} queued" in page
    assert (job.status, job.params["text"]) == (ImportJob.Status.QUEUED, STORY)

    server.start()
    worker = SubprocessWorker("broker-back", env={"CELERY_BROKER_URL": server.url})
    try:
        with broker(server.url):
            assert recover_stalled_jobs_task() == [job.pk]  # beat's minute: sent again
        worker.start()
        wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).is_finished,
            60,
            f"the worker runs the job once the broker is back\n{worker.output()[-3000:]}",
        )
    finally:
        worker.stop()
        server.stop()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    assert Article.objects.get().text.startswith("Gunmen attacked an army post")


def test_an_api_paste_while_the_broker_is_down_is_accepted_and_sent_later(analyst, client_for):
    server = RedisServer(free_port())
    with broker(server.url):
        response = client_for(analyst).post(
            "/api/import-jobs/", {"kind": "paste", "text": STORY}, format="json"
        )
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    job = ImportJob.objects.get()
    assert job.params["text"] == STORY
    server.start()
    try:
        with broker(server.url):
            assert recover_stalled_jobs_task() == [job.pk]
            assert recover_stalled_jobs_task() == []  # sent once, not on every beat
        assert _queued_job_ids(server.client()) == [f"[{job.pk}]"]
    finally:
        server.stop()
