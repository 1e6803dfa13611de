"""The admin upload: a preview that writes no incident, then a confirmed import job."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from incidents.models import Incident
from sources.models import ImportJob

from .factories import acled_csv, acled_row

pytestmark = pytest.mark.django_db

URL = "/admin/incidents/import-events/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_preview_then_confirm(client, staff_superuser):
    client.force_login(staff_superuser)
    text = acled_csv([acled_row(), acled_row(event_id_cnty="MLI2", latitude="north")])
    upload = SimpleUploadedFile("week.csv", text.encode(), content_type="text/csv")
    response = client.post(URL, {"kind": "acled", "file": upload})
    page = response.content.decode()
    assert "1 incident would be created" in page
    assert "latitude is not a number" in page
    assert not Incident.objects.exists()
    job = ImportJob.objects.get()
    assert job.status == "preview"
    client.post(URL, {"job": job.pk, "confirm": "1"})
    job.refresh_from_db()
    assert job.status == "partly_failed" and job.items_created == 1
    assert Incident.objects.count() == 1
    client.post(URL, {"job": job.pk, "confirm": "1"})  # a second click runs nothing
    assert ImportJob.objects.get().items_created == 1


def test_a_wrong_file_is_refused_at_preview(client, staff_superuser):
    client.force_login(staff_superuser)
    upload = SimpleUploadedFile("x.csv", b"url,title\n", content_type="text/csv")
    page = client.post(URL, {"kind": "acled", "file": upload}).content.decode()
    assert "Nothing was written" in page
    assert not ImportJob.objects.exists()


def test_viewers_cannot_import(client, viewer):
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    assert client.get(URL).status_code == 403


def test_another_analysts_previewed_job_cannot_be_confirmed(client, analyst, analyst_in_team):
    """The job id travels in the form: a second analyst posting it gets 404 (a job they may not
    watch, `ImportJob.objects.visible_to`), and the first analyst's preview stays a preview."""
    client.force_login(analyst)
    upload = SimpleUploadedFile("week.csv", acled_csv([acled_row()]).encode(), "text/csv")
    client.post(URL, {"kind": "acled", "file": upload})
    job = ImportJob.objects.get()

    client.force_login(analyst_in_team)
    response = client.post(URL, {"job": job.pk, "confirm": "1"})
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW and not Incident.objects.exists()

    client.force_login(analyst)
    client.post(URL, {"job": job.pk, "confirm": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and Incident.objects.count() == 1


@pytest.mark.parametrize("job", ["abc", "", "1 OR 1=1", "-1"])
def test_a_malformed_job_id_answers_404(client, analyst, job):
    client.force_login(analyst)
    assert client.post(URL, {"job": job, "confirm": "1"}).status_code == 404


def test_a_preview_left_unconfirmed_says_so_and_nothing_runs_it(client, analyst, settings):
    """An analyst who previews and walks away: the job is named "Preview, not imported" on the
    desk (no "Importing…" polling forever), the stalled-job recovery leaves it alone, and
    Cancel drops it."""
    from sources.jobs import recover_stalled_jobs
    from sources.services import cancel_import

    client.force_login(analyst)
    upload = SimpleUploadedFile("week.csv", acled_csv([acled_row()]).encode(), "text/csv")
    client.post(URL, {"kind": "acled", "file": upload})
    job = ImportJob.objects.get()
    assert job.get_status_display() == "Preview, not imported"

    page = client.get(f"/import/jobs/{job.pk}/").content.decode()
    assert "Preview, not imported" in page and "nothing was imported" in page
    assert "Importing…" not in page and "hx-trigger" not in page
    jobs_panel = client.get("/").content.decode()
    assert "Preview, not imported" in jobs_panel and 'hx-trigger="every 2s"' not in jobs_panel

    settings.IMPORT_JOB_STALL_SECONDS = 0
    assert recover_stalled_jobs(lambda pk: None) == []
    assert cancel_import(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and not Incident.objects.exists()


def test_the_desk_counts_an_event_import_in_incidents(client, analyst):
    """The inbox's job panel and the job page speak of incidents for an event file (not
    "new articles"), and a partly failed import's summary is not painted as an error."""
    client.force_login(analyst)
    text = acled_csv([acled_row(), acled_row(event_id_cnty="MLI2", latitude="north")])
    upload = SimpleUploadedFile("week.csv", text.encode(), "text/csv")
    client.post(URL, {"kind": "acled", "file": upload})
    job = ImportJob.objects.get()
    client.post(URL, {"job": job.pk, "confirm": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PARTLY_FAILED

    inbox = client.get("/").content.decode()
    assert "1 new incident," in inbox and "new article" not in inbox
    page = client.get(f"/import/jobs/{job.pk}/").content.decode()
    assert '<p class="job-message">2 rows read' in page and "error-text" not in page
    assert "<li><strong>Line 3</strong>: latitude is not a number" in page
