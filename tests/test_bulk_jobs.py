"""A large selection runs as a job in a real Celery worker, with progress and the per-incident
report on its page."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from incidents.models import BulkJob, Incident

from .factories import IncidentFactory
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


def test_a_selection_above_the_threshold_is_published_by_a_job(worker, client, editor, settings):
    settings.BULK_JOB_THRESHOLD = 5
    waiting = [IncidentFactory(review_status="in_review") for _ in range(8)]
    draft = IncidentFactory(review_status="draft")
    client.force_login(editor)
    rows = [f"{i.pk}:{i.version}" for i in [*waiting, draft]]
    response = client.post("/incidents/bulk/", {"action": "publish", "row": rows})
    job = BulkJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/bulk/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "hx-get" in page or "Done" in page  # polling while it runs
    wait_for(lambda: BulkJob.objects.get(pk=job.pk).is_finished, 30, "the bulk job finishes")
    job.refresh_from_db()
    assert job.status == BulkJob.Status.DONE and job.items_done == 9 and job.progress_percent == 100
    refused = [row for row in job.results if not row["ok"]]
    assert [row["id"] for row in refused] == [draft.pk]
    assert Incident.objects.filter(review_status="published").count() == 8
    page = client.get(f"/incidents/bulk/{job.pk}/status/").content.decode()
    assert "8 done" in page and "1 refused" in page and "hx-get" not in page
