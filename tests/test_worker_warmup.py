"""Each Celery worker process warms the engine's index when it starts (issue 13, req. 7): a
real `celery worker` with two prefork processes, and no task sent, has the index built (and
saved for the next process) before any article arrives."""

import re

import pytest

from .factories import ActorFactory
from .workers import SubprocessWorker, purge_queue, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WARMED = re.compile(r"engine index warmed in [\d.]+ s \(worker process (\d+)\)")


def test_every_worker_process_warms_the_index_before_any_task(tmp_path):
    ActorFactory(name="Katiba Serma", short_name="Serma")
    purge_queue()
    worker = SubprocessWorker(
        "warm",
        env={"ENGINE_INDEX_CACHE_DIR": str(tmp_path)},
        pool="prefork",
        concurrency=2,
    )
    worker.start()
    try:
        wait_for(
            lambda: len(set(WARMED.findall(worker.output()))) == 2,
            120,
            f"both worker processes warm the index\n{worker.output()[-3000:]}",
        )
    finally:
        worker.stop()
    assert (tmp_path / "index.pickle").is_file()  # saved for the next process
    assert "first task will build it" not in worker.output()
