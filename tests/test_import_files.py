"""File imports: .txt/.md/.html (scripts removed) and CSV of articles with per-line errors."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sources.jobs import run_job
from sources.models import Article, ImportJob
from sources.services import start_import


def import_file(name, content, django_capture_on_commit_callbacks, **params) -> ImportJob:
    upload = SimpleUploadedFile(
        name, content.encode("utf-8") if isinstance(content, str) else content
    )
    with django_capture_on_commit_callbacks(execute=False):
        job = start_import("file", user=None, params=params, upload=upload)
    run_job(job.pk)
    job.refresh_from_db()
    return job


HTML = """<!doctype html><html><head><title>Attack on Kayes</title>
<script>document.write('tracking pixel'); var secret = 'SCRIPT-CONTENT';</script>
<style>.x { color: red }</style></head>
<body><nav>Home | World | Sport</nav>
<article><h1>Attack on Kayes</h1>
<p>Suspected jihadists attacked military installations in several towns in western Mali early
Tuesday, the military and residents said.</p>
<script>alert('SCRIPT-CONTENT')</script>
<p>Mali's army said in a statement that seven of its positions in the west had been targeted in
coordinated attacks carried out very early this morning.</p>
<p onclick="evil()">No death toll was given.</p></article></body></html>"""


@pytest.mark.django_db
def test_html_file_keeps_the_text_and_drops_scripts(django_capture_on_commit_callbacks):
    job = import_file("kayes.html", HTML, django_capture_on_commit_callbacks, outlet="AFP")
    assert job.status == ImportJob.Status.SUCCEEDED
    article = Article.objects.get()
    assert "Suspected jihadists attacked" in article.text
    assert "No death toll was given." in article.text
    assert "SCRIPT-CONTENT" not in article.text
    assert "<" not in article.text
    assert article.title == "Attack on Kayes"
    assert article.outlet.name == "AFP"
    assert article.language == "en"


@pytest.mark.django_db
def test_markdown_heading_becomes_the_title(django_capture_on_commit_callbacks):
    import_file(
        "note.md",
        "# Clashes near Ménaka\n\nMÉNAKA (AFP) - Fighting broke out between armed groups near "
        "Ménaka on Monday, residents said.",
        django_capture_on_commit_callbacks,
    )
    article = Article.objects.get()
    assert article.title == "Clashes near Ménaka"
    assert article.text.startswith("Fighting broke out")


CSV = """url,title,published,text,outlet,language
https://example.org/a,Attack in Kayes,2025-07-01,Gunmen attacked army positions in Kayes on Tuesday.,AFP,en
https://example.org/b,Bad date,yesterday,Some text about an ambush near Gao.,AFP,en
,No text no url,2025-07-02,,,en
https://example.org/c,Attaque à Nioro,2025-07-01,"Des hommes armés ont attaqué Nioro du Sahel,
a indiqué l'armée.",AFP,fr
https://example.org/d,Bad language,2025-07-01,Text about Menaka clashes on Monday.,AFP,english
"""


@pytest.mark.django_db
def test_csv_with_bad_rows_imports_the_good_ones_and_lists_errors_by_line(
    django_capture_on_commit_callbacks,
):
    job = import_file("articles.csv", CSV, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.PARTLY_FAILED
    assert (job.items_total, job.items_created, job.items_failed) == (5, 2, 3)
    assert {article.url for article in Article.objects.all()} == {
        "https://example.org/a",
        "https://example.org/c",
    }
    errors = {error["item"]: error["message"] for error in job.errors}
    assert set(errors) == {"line 3", "line 4", "line 7"}
    assert "'yesterday' is not a date" in errors["line 3"]
    assert "both text and url are empty" in errors["line 4"]
    assert "'english' is not a language code" in errors["line 7"]
    french = Article.objects.get(url="https://example.org/c")
    assert french.language == "fr"
    assert french.published_at.date() == datetime.date(2025, 7, 1)

    again = import_file("articles.csv", CSV, django_capture_on_commit_callbacks)
    assert (again.items_created, again.items_duplicate) == (0, 2)
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_csv_without_text_or_url_column_fails_the_job_clearly(django_capture_on_commit_callbacks):
    job = import_file("wrong.csv", "name,date\nx,y\n", django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED
    assert "needs a text or url column" in job.message
    assert "found: name, date" in job.message or "found name, date" in job.message
