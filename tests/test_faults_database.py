"""The database connection drops mid-import: the job is re-queued, and its retry resumes it
after the items already recorded, each item imported once.

On PostgreSQL the connection is really terminated (`pg_terminate_backend` from a second
connection, as a restart or fail-over would); SQLite has no server to lose, so there the store
raises the OperationalError such a drop gives.
"""

import pytest
from django.db import OperationalError, connection

from sources.models import Article, ImportItem, ImportJob
from sources.services import start_import
from sources.tasks import run_import_job

from .servers import Reply

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = 6


def page(number: int) -> str:
    return (
        f"<html><head><title>Report {number}</title></head><body><article>"
        f"<p>Report number {number}: gunmen attacked village {number * 7919} in the Mopti "
        f"region on day {number}, residents said, and {number + 2} people were killed.</p>"
        "</article></body></html>"
    )


def _drop_connection(monkeypatch):
    """Return a function that makes the connection fail the next time it is used."""
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        db = connection.settings_dict

        def drop() -> None:
            with psycopg.connect(
                host=db["HOST"] or "localhost",
                port=db["PORT"] or 5432,
                user=db["USER"],
                password=db["PASSWORD"] or None,
                dbname=db["NAME"],
                autocommit=True,
            ) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])

        return drop

    import sources.runners

    broken = []
    real = sources.runners.store_draft

    def store_draft(run, draft):
        if broken:
            broken.clear()
            raise OperationalError("disk I/O error")
        return real(run, draft)

    monkeypatch.setattr(sources.runners, "store_draft", store_draft)
    return lambda: broken.append(True)


def test_a_lost_connection_mid_job_is_resumed_with_each_item_once(
    allow_loopback, local_server, monkeypatch
):
    drop = _drop_connection(monkeypatch)

    def third_page(handler):
        if local_server.hits("/report/3") == 1:
            drop()  # while the worker fetches item 3: storing it meets a dead connection
        return Reply(page(3))

    for number in range(PAGES):
        local_server.routes[f"/report/{number}"] = (
            third_page if number == 3 else Reply(page(number))
        )
    urls = [local_server.url(f"/report/{number}") for number in range(PAGES)]
    job = start_import("url", user=None, params={"urls": urls})

    run_import_job.apply(args=[job.pk])  # as a worker runs it, retries included

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    assert job.items_created == PAGES and job.items_failed == 0
    assert "database connection was lost after 3 items; the job resumed" in job.message
    assert ImportItem.objects.filter(job=job).count() == PAGES
    assert Article.objects.count() == PAGES
    assert local_server.hits("/report/3") == 2  # fetched again: its store was rolled back
    assert local_server.hits("/report/0") == 1  # done before the drop, not fetched again
