"""Paste import: publication date from the text (date line, wire datelines) and language."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from sources.jobs import run_job
from sources.models import Article, ImportJob
from sources.services import start_import
from vocabulary.textmeta import detect_language, read_publication_header

EXAMPLE = Path(__file__).resolve().parents[1] / ".." / "shared" / "examples"
KAYES = "kayes-attacks-2025-07-01.en.txt"


def example_text() -> str:
    for base in (EXAMPLE, Path("/work/shared/examples")):
        if (base / KAYES).exists():
            return (base / KAYES).read_text(encoding="utf-8")
    pytest.skip("shared/examples is not available")


def paste(user, django_capture_on_commit_callbacks, **params) -> ImportJob:
    """Start a paste job and run it here, as a worker would."""
    with django_capture_on_commit_callbacks(execute=False):
        job = start_import("paste", user=user, params=params)
    run_job(job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_pasting_the_example_article(analyst, django_capture_on_commit_callbacks):
    job = paste(analyst, django_capture_on_commit_callbacks, text=example_text())
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.items_seen, job.items_created, job.items_failed) == (1, 1, 0)
    article = Article.objects.get()
    assert article.published_at.date() == datetime.date(2025, 7, 1)
    assert article.language == "en"
    assert article.text.startswith("Suspected jihadists attacked military installations")
    assert article.added_by == analyst


@pytest.mark.django_db
def test_pasting_the_same_article_twice_creates_nothing_new(
    analyst, django_capture_on_commit_callbacks
):
    paste(analyst, django_capture_on_commit_callbacks, text=example_text())
    again = paste(analyst, django_capture_on_commit_callbacks, text=example_text())
    assert again.status == ImportJob.Status.SUCCEEDED
    assert (again.items_created, again.items_duplicate) == (0, 1)
    assert Article.objects.count() == 1
    # The job names the article it found, so the paste page can open it.
    assert again.params["article_id"] == Article.objects.get().pk


@pytest.mark.django_db
def test_given_date_language_title_and_outlet_win(analyst, django_capture_on_commit_callbacks):
    paste(
        analyst,
        django_capture_on_commit_callbacks,
        text="NIAMEY (AFP) - Gunmen killed five soldiers near the border on Saturday.",
        title="Five soldiers killed",
        outlet="AFP",
        published="2025-06-28",
        language="en",
        url="https://example.org/niger?utm_source=x",
    )
    article = Article.objects.get()
    assert article.published_at.date() == datetime.date(2025, 6, 28)
    assert (article.title, article.outlet.name) == ("Five soldiers killed", "AFP")
    assert article.url == "https://example.org/niger"
    assert article.text.startswith("Gunmen killed")


@pytest.mark.django_db
def test_french_dateline_gives_date_and_language(analyst, django_capture_on_commit_callbacks):
    paste(
        analyst,
        django_capture_on_commit_callbacks,
        text="Ouagadougou, 2 juillet 2025 (AFP) - Des hommes armés ont attaqué un poste de "
        "l'armée dans le nord du Burkina Faso, tuant plusieurs soldats, selon des sources "
        "sécuritaires.",
    )
    article = Article.objects.get()
    assert article.published_at.date() == datetime.date(2025, 7, 2)
    assert article.language == "fr"


def test_empty_paste_is_refused_before_any_job(db):
    with pytest.raises(ValidationError, match="Paste the article text"):
        start_import("paste", user=None, params={"text": "   "})
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected", "body_start"),
    [
        ("date 2025-07-01 Suspected jihadists attacked", datetime.date(2025, 7, 1), "Suspected"),
        (" date 2025-07-01\nSuspected jihadists", datetime.date(2025, 7, 1), "Suspected"),
        ("BAMAKO, July 1 (Reuters) - Gunmen attacked", datetime.date(2025, 7, 1), "Gunmen"),
        ("NIAMEY (AFP) - Gunmen attacked", None, "Gunmen"),
        ("Ouagadougou, 2 juillet 2025 (AFP) - Des hommes", datetime.date(2025, 7, 2), "Des"),
    ],
)
def test_publication_header(text, expected, body_start):
    published, body = read_publication_header(text, reference=datetime.date(2025, 7, 3))
    assert published == expected
    assert body.lstrip().startswith(body_start)


def test_language_detection_english_and_french():
    assert detect_language("Gunmen attacked an army post in central Mali on Tuesday.") == "en"
    assert detect_language("Des hommes armés ont attaqué un poste de l'armée mardi.") == "fr"
