"""The one Import page: its tabs, one form per kind, one job page, the old addresses redirected,
and one rule (`ImportJob.objects.visible_to`) for who may watch a job."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sources.models import ImportJob

from .factories import FeedFactory, ImportJobFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_navigation_links_one_import_page_with_five_tabs(client, analyst):
    client.force_login(analyst)
    page = client.get("/").content.decode()
    assert 'href="/import/"' in page and ">Paste</a>" not in page
    page = client.get("/import/").content.decode()
    for tab in ("paste", "file", "url", "feed", "events"):
        assert f'href="?tab={tab}"' in page
    assert 'name="text"' in page and 'aria-current="page">Paste</a>' in page


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/paste/", "/import/?tab=paste"),
        ("/paste/jobs/{pk}/", "/import/jobs/{pk}/"),
        ("/paste/jobs/{pk}/status/", "/import/jobs/{pk}/status/"),
        ("/jobs/{pk}/", "/import/jobs/{pk}/"),
        ("/jobs/{pk}/?format=json", "/import/jobs/{pk}/?format=json"),
    ],
)
def test_old_addresses_redirect_permanently(client, analyst, old, new):
    job = ImportJobFactory(created_by=analyst)
    client.force_login(analyst)
    response = client.get(old.format(pk=job.pk))
    assert response.status_code == 301
    assert response["Location"] == new.format(pk=job.pk)


def test_file_tab_starts_a_file_job_and_opens_its_page(
    client, analyst, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    upload = SimpleUploadedFile("report.txt", "Des hommes armés ont attaqué Boni.".encode())
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/import/", {"kind": "file", "file-file": upload})
    job = ImportJob.objects.get()
    assert job.kind == "file" and response["Location"] == f"/import/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Queued" in page and f'hx-get="/import/jobs/{job.pk}/status/"' in page


def test_url_tab_refuses_bad_input_and_keeps_it(client, analyst):
    client.force_login(analyst)
    response = client.post("/import/", {"kind": "url", "url-urls": "not a url"})
    assert response.status_code == 200 and ImportJob.objects.count() == 0
    page = response.content.decode()
    assert "not a url" in page
    assert "error-text" in page or "msg-error" in page


def test_feed_tab_polls_the_chosen_feed(client, analyst, django_capture_on_commit_callbacks):
    feed = FeedFactory(title="Sahel wire")
    client.force_login(analyst)
    assert "Sahel wire" in client.get("/import/?tab=feed").content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/import/", {"kind": "feed", "feed-feed": feed.pk})
    job = ImportJob.objects.get()
    assert (job.kind, job.feed) == ("feed", feed)


def test_events_tab_opens_the_acled_upload_for_analysts_only(client, analyst, viewer):
    client.force_login(analyst)
    page = client.get("/import/?tab=events").content.decode()
    assert 'href="/import/events/"' in page
    upload = client.get("/import/events/")
    assert upload.status_code == 200 and b"Import ACLED or UCDP events" in upload.content
    client.force_login(viewer)
    assert client.get("/import/events/").status_code == 403
    assert client.get("/import/").status_code == 403


def test_job_pages_follow_the_one_visibility_rule(client, analyst, editor):
    job = ImportJobFactory(created_by=analyst, kind="url", params={"urls": ["https://e.org"]})
    other = UserFactory(username="other_analyst")
    for url in (f"/import/jobs/{job.pk}/", f"/import/jobs/{job.pk}/status/"):
        client.force_login(other)
        assert client.get(url).status_code == 404
        client.force_login(editor)  # editors watch every job (ImportJob.visible_to)
        assert client.get(url).status_code == 200
    assert client.get(f"/import/jobs/{job.pk}/", {"format": "json"}).json()["kind"] == "url"
