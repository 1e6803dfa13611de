"""Import jobs: the job page and its JSON, the admin paste view, re-run, and recovery."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from sources.jobs import recover_stalled_jobs, run_job
from sources.models import Article, ImportJob
from sources.services import rerun_import, start_import

from .factories import UserFactory


@pytest.fixture
def paste_job(analyst, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = start_import("paste", user=analyst, params={"text": "Gunmen attacked Gao today."})
    return job


@pytest.mark.django_db
def test_job_page_refreshes_while_running_and_json_has_counters(client, analyst, paste_job):
    client.force_login(analyst)
    url = reverse("desk:import_job", args=[paste_job.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'http-equiv="refresh"' in page.content and b"Queued" in page.content
    run_job(paste_job.pk)
    page = client.get(url, {"wait": "0"})  # a finished paste job would open its article
    assert b'http-equiv="refresh"' not in page.content and b"Succeeded" in page.content
    data = client.get(url, {"format": "json"}).json()
    assert (data["status"], data["items_created"], data["finished"]) == ("succeeded", 1, True)


@pytest.mark.django_db
def test_other_analysts_cannot_watch_someone_elses_job(client, paste_job):
    client.force_login(UserFactory(username="someone_else"))
    assert client.get(reverse("desk:import_job", args=[paste_job.pk])).status_code == 404


@pytest.mark.django_db
def test_admin_paste_view_starts_a_job(client, analyst, django_capture_on_commit_callbacks):
    client.force_login(analyst)
    analyst.user_permissions.add(Permission.objects.get(codename="view_importjob"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("admin:sources_importjob_paste"),
            {"text": "NIAMEY (AFP) - Gunmen attacked a market.", "title": "Market attack"},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sources:job-detail", args=[job.pk])
    assert (job.kind, job.params["title"], job.created_by) == ("paste", "Market attack", analyst)
    assert len(callbacks) == 1  # the task is queued on commit


@pytest.mark.django_db
def test_rerun_makes_a_new_job_that_finds_duplicates(analyst, paste_job):
    run_job(paste_job.pk)
    again = rerun_import(paste_job, user=analyst)
    run_job(again.pk)
    again.refresh_from_db()
    assert again.rerun_of == paste_job
    assert (again.status, again.items_duplicate, again.items_created) == ("succeeded", 1, 0)
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_stalled_running_job_is_requeued_and_resumed_once(paste_job, settings):
    settings.IMPORT_JOB_STALL_SECONDS = 60
    stale = timezone.now() - datetime.timedelta(minutes=5)
    ImportJob.objects.filter(pk=paste_job.pk).update(
        status="running", worker="elsewhere:1", heartbeat_at=stale
    )
    queued = []
    assert recover_stalled_jobs(queued.append) == [paste_job.pk]
    assert recover_stalled_jobs(queued.append) == []  # already re-queued
    assert queued == [paste_job.pk]
    assert run_job(paste_job.pk) == "succeeded"
    assert run_job(paste_job.pk) == "skipped"
    paste_job.refresh_from_db()
    assert (paste_job.items_seen, paste_job.items_created) == (1, 1)


@pytest.mark.django_db
def test_a_live_job_is_not_taken_over(paste_job):
    ImportJob.objects.filter(pk=paste_job.pk).update(
        status="running", worker="elsewhere:1", heartbeat_at=timezone.now()
    )
    assert recover_stalled_jobs(lambda pk: None) == []
    assert run_job(paste_job.pk) == "skipped"
