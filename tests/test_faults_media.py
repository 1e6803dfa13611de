"""The media storage fails (disk full, read-only mount): a clear message, nothing half-stored."""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from sources.models import ImportJob

from .factories import acled_csv, acled_row

pytestmark = pytest.mark.django_db

STORY = b"BAMAKO (AFP) - Gunmen attacked an army post near Kayes on Tuesday, the army said."


@pytest.fixture
def full_disk(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"

    def refuse(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    return settings.MEDIA_ROOT


def _nothing_stored(media_root) -> None:
    assert not ImportJob.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_the_api_answers_400_with_the_reason(analyst, client_for, full_disk):
    upload = SimpleUploadedFile("story.txt", STORY)
    response = client_for(analyst).post(
        "/api/import-jobs/", {"kind": "file", "file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "The file could not be stored on the server (No space left on device); nothing "
            "was imported. Try again later, or ask an administrator to check the media storage."
        ]
    }
    _nothing_stored(full_disk)


def test_the_import_page_shows_the_reason(client, analyst, full_disk):
    client.force_login(analyst)
    upload = SimpleUploadedFile("story.txt", STORY)
    response = client.post("/import/", {"kind": "file", "file-file": upload})
    assert response.status_code == 200
    assert "could not be stored on the server (No space left on device)" in (
        response.content.decode()
    )
    _nothing_stored(full_disk)


def test_the_admin_event_upload_shows_the_reason(client, staff_superuser, full_disk):
    client.force_login(staff_superuser)
    upload = SimpleUploadedFile("week.csv", acled_csv([acled_row()]).encode())
    response = client.post(
        "/admin/incidents/import-events/", {"kind": "acled", "file": upload}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "could not be stored (No space left on device); nothing was imported" in page
    assert "Import week.csv" not in page  # no confirm button for a job that does not exist
    _nothing_stored(full_disk)
