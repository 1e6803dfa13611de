"""Text imports: one size rule for pasted text everywhere; NUL bytes and UTF-16 files import.

The paste limit is IMPORT_MAX_PASTE_CHARS, shared by the Import page's Paste tab (the old
desk paste page, /paste/, redirects there), the admin and the API (`POST /api/import-jobs/`).
The NUL cases fail on PostgreSQL without the fix (it stores no NUL in text or JSON); run them
with DATABASE_URL set too.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sources.jobs import run_job
from sources.models import Article, ImportJob
from sources.services import start_import

pytestmark = pytest.mark.django_db

STORY = (
    "BAMAKO, July 1 (Reuters) - Gunmen attacked an army post near Kayes in western Mali on "
    "Tuesday, killing four soldiers, the army said in a statement."
)


@pytest.fixture
def small_limit(settings):
    settings.IMPORT_MAX_PASTE_CHARS = 1_000
    return settings


def test_the_api_refuses_a_paste_over_the_limit(analyst, client_for, small_limit):
    response = client_for(analyst).post(
        "/api/import-jobs/", {"kind": "paste", "text": "a" * 1_001}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "text": [
            "The text is 1,001 characters long; at most 1,000 can be pasted at once. "
            "Split it into articles, or upload it as a file."
        ]
    }
    assert not ImportJob.objects.exists()


def test_the_api_default_limit_is_the_desks_200000_characters(analyst, client_for):
    client = client_for(analyst)
    response = client.post(
        "/api/import-jobs/", {"kind": "paste", "text": "a" * 200_001}, format="json"
    )
    assert response.status_code == 400 and "at most 200,000" in response.json()["text"][0]
    response = client.post("/api/import-jobs/", {"kind": "paste", "text": STORY}, format="json")
    assert response.status_code == 202


def test_the_desk_paste_page_refuses_a_paste_over_the_limit(client, analyst, small_limit):
    # The desk paste page is now the Import page's Paste tab: /paste/ leads there, and the
    # form it shows (kind=paste, unprefixed "text") refuses the paste, the text kept.
    client.force_login(analyst)
    response = client.get("/paste/", follow=True)
    assert response.redirect_chain == [("/import/?tab=paste", 301)]
    response = client.post("/import/", {"kind": "paste", "text": "a" * 1_001})
    assert response.status_code == 200
    page = response.content.decode()
    assert "at most 1,000 can be pasted at once" in page
    assert "a" * 1_001 + "</textarea>" in page
    assert not ImportJob.objects.exists()


def test_the_import_page_refuses_a_paste_over_the_limit(client, analyst, small_limit):
    client.force_login(analyst)
    response = client.post("/import/", {"kind": "paste", "text": "a" * 1_001})
    assert response.status_code == 200
    assert "at most 1,000 can be pasted at once" in response.content.decode()
    assert not ImportJob.objects.exists()
    # Within the limit, the same page starts the job.
    response = client.post("/import/", {"kind": "paste", "text": "a" * 1_000})
    assert response.status_code == 302 and ImportJob.objects.count() == 1


def test_a_pasted_nul_byte_is_refused_by_the_api_with_a_reason(analyst, client_for):
    response = client_for(analyst).post(
        "/api/import-jobs/", {"kind": "paste", "text": STORY.replace("army", "ar\x00my")}
    )
    assert response.status_code == 400
    assert response.json() == {"text": ["Null characters are not allowed."]}


def test_a_nul_byte_given_to_the_import_service_is_dropped(django_capture_on_commit_callbacks):
    # The shell, the admin and beat call the service without a form: it cleans the text itself.
    with django_capture_on_commit_callbacks(execute=False):
        job = start_import(
            "paste", user=None, params={"text": STORY.replace("army", "ar\x00my"), "title": "K\x00"}
        )
    run_job(job.pk)
    article = Article.objects.get()
    assert "the army said" in article.text and article.title == "K"


def _file_job(name: str, data: bytes, django_capture_on_commit_callbacks) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=False):
        job = start_import("file", user=None, params={}, upload=SimpleUploadedFile(name, data))
    run_job(job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    "data",
    [
        STORY.replace("army post", "army\x00 post").encode("utf-8"),
        STORY.encode("utf-16"),  # with its byte-order mark, as Windows' Notepad saves "Unicode"
        STORY.encode("utf-16-be").join([b"\xfe\xff", b""]),
        b"\xef\xbb\xbf" + STORY.encode("utf-8"),
    ],
    ids=["nul", "utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_text_files_with_nul_bytes_or_utf16_import(data, django_capture_on_commit_callbacks):
    job = _file_job("story.txt", data, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    article = Article.objects.get()
    assert article.text.startswith("Gunmen attacked an army post near Kayes")


def test_a_csv_of_articles_in_utf16_with_a_nul_imports(django_capture_on_commit_callbacks):
    data = f'text,title\n"{STORY}",Kay\x00es\n'.encode("utf-16")
    job = _file_job("batch.csv", data, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    assert Article.objects.get().title == "Kayes"


def test_an_uploaded_file_over_the_limit_is_refused_by_the_api(analyst, client_for, settings):
    settings.IMPORT_MAX_FILE_BYTES = 100
    upload = SimpleUploadedFile("story.txt", STORY.encode() * 2)
    response = client_for(analyst).post(
        "/api/import-jobs/", {"kind": "file", "file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "larger than the 0 MB import limit" in str(response.json())
    assert not ImportJob.objects.exists()


def test_an_address_too_long_to_store_fails_its_item_with_a_reason(
    django_capture_on_commit_callbacks,
):
    """A link of over 2,000 characters (a feed entry's, a pasted one): on PostgreSQL it was a
    DataError, and the job failed with "Unexpected error"."""
    with django_capture_on_commit_callbacks(execute=False):
        job = start_import(
            "paste",
            user=None,
            params={"text": STORY, "url": "https://example.org/" + "a" * 2100},
        )
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "Unexpected" not in job.message
    [error] = job.errors
    assert "address is 2,120 characters long; at most 2,000 are kept" in error["message"]
