"""Paste: the form starts a real paste import (`sources.services.start_import`) and leads to the
article the job stored or found (`params["article_id"]`), or to a waiting page while it runs."""

from __future__ import annotations

import datetime

import pytest

from analysts.markings import TLP
from incidents import engine_index
from incidents.models import Suggestion
from sources.jobs import run_job
from sources.models import Article, ImportJob
from tests.desk_scene import example_text
from tests.factories import ArticleFactory, ImportJobFactory
from vocabulary.textmeta import read_publication_header

DIBOLI = "Gunmen attacked an army post in Diboli, in the Kayes region, on Tuesday."


def stored_without_proposals(text: str, **fields) -> Article:
    """An article stored the way load_demo leaves it: its text as a paste would store it (the
    publication header read off), and no engine run, so no proposals."""
    published, body = read_publication_header(text)
    return ArticleFactory(text=body.strip() or text, published_at=published, **fields)


@pytest.mark.django_db(transaction=True)
def test_paste_stores_the_optional_fields_and_opens_the_review(client, analyst, eager_celery):
    client.force_login(analyst)
    response = client.post(
        "/import/",
        {"text": f"  {DIBOLI}  ", "outlet": "AFP", "published": "2025-07-01"},
        follow=True,
    )
    job = ImportJob.objects.get()
    article = Article.objects.get()
    assert job.params["article_id"] == article.pk
    assert response.redirect_chain[-1][0] == f"/articles/{article.pk}/"
    assert "Article imported." in response.content.decode()
    assert article.text == DIBOLI
    assert article.outlet.name == "AFP"
    assert article.published_at.date() == datetime.date(2025, 7, 1)
    assert article.added_by == analyst


def test_a_queued_job_shows_a_waiting_page_that_polls(
    client, analyst, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=False):  # no worker yet
        response = client.post("/import/", {"text": DIBOLI}, follow=True)
    job = ImportJob.objects.get()
    assert response.redirect_chain[-1][0] == f"/import/jobs/{job.pk}/"
    page = response.content.decode()
    assert f'hx-get="/import/jobs/{job.pk}/status/"' in page and "every 1s" in page
    assert f'href="/jobs/{job.pk}/"' not in page  # one job page, not a second one

    status = client.get(f"/import/jobs/{job.pk}/status/")
    assert status.status_code == 200 and "Queued" in status.content.decode()

    run_job(job.pk)  # the worker picks it up
    article = Article.objects.get()
    done = client.get(f"/import/jobs/{job.pk}/status/")
    assert done.status_code == 204
    assert done["HX-Redirect"] == f"/articles/{article.pk}/"
    assert client.get(f"/import/jobs/{job.pk}/")["Location"] == f"/articles/{article.pk}/"


def test_empty_text_is_refused(client, analyst):
    client.force_login(analyst)
    response = client.post("/import/", {"text": "   "})
    assert response.status_code == 200
    assert ImportJob.objects.count() == 0
    assert "This field is required." in response.content.decode()


def test_someone_elses_job_is_a_404(client, analyst, viewer):
    job = ImportJobFactory(created_by=viewer)
    client.force_login(analyst)
    assert client.get(f"/import/jobs/{job.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_pasting_a_stored_article_opens_it_and_offers_to_propose(client, analyst, eager_celery):
    text = example_text()
    stored = stored_without_proposals(text, added_by=analyst)
    # A newer article by the same analyst: the paste must not land on "the newest article".
    stored_without_proposals(DIBOLI, added_by=analyst)

    client.force_login(analyst)
    response = client.post("/import/", {"text": text}, follow=True)
    assert response.redirect_chain[-1][0] == f"/articles/{stored.pk}/"
    page = response.content.decode()
    assert "This article was already imported: here it is." in page
    assert "The engine has not read this article yet." in page
    assert f'action="/articles/{stored.pk}/propose/"' in page
    assert "Propose incidents</button>" in page

    engine_index.clear()  # the engine reads the actors and places of this test's database
    proposed = client.post(f"/articles/{stored.pk}/propose/", follow=True)
    suggestions = Suggestion.objects.filter(article=stored)
    assert suggestions.exists()
    page = proposed.content.decode()
    assert f"{suggestions.count()} incidents proposed." in page  # ngettext: plural, no "(s)"
    assert "Propose incidents</button>" not in page
    assert "2025-07-01" in page  # the Kayes attack's date, in the first proposal's form


@pytest.mark.django_db(transaction=True)
def test_a_stored_article_above_the_analysts_clearance_is_not_opened(client, analyst, eager_celery):
    secret = stored_without_proposals(DIBOLI, tlp=TLP.RED)
    client.force_login(analyst)
    response = client.post("/import/", {"text": DIBOLI}, follow=True)
    job = ImportJob.objects.latest("id")
    assert job.params["article_id"] == secret.pk
    assert response.redirect_chain[-1][0] == f"/import/jobs/{job.pk}/"
    assert "already stored, at a marking you cannot read" in response.content.decode()
