"""Paste: the form starts a paste import and leads to the review page (or a waiting page)."""

from __future__ import annotations

import pytest

from incidents.desk import adapters
from sources.models import ImportJob
from tests.factories import ArticleFactory, ImportJobFactory


class FakeImports:
    """Stands in for `sources.services.start_import`; `finish` decides what the worker did."""

    def __init__(self, finish: bool):
        self.finish = finish
        self.calls = []

    def __call__(self, kind, *, user, params):
        self.calls.append((kind, user.pk, params))
        job = ImportJobFactory(kind=kind, created_by=user, params=params)
        if self.finish:
            ArticleFactory(text=params["text"], added_by=user)
            job.status = ImportJob.Status.SUCCEEDED
            job.items_seen = job.items_created = job.items_total = 1
            job.save()
        return job


@pytest.fixture
def imports(monkeypatch):
    def install(finish: bool) -> FakeImports:
        fake = FakeImports(finish)
        monkeypatch.setattr("incidents.desk.views.paste.start_import", fake)
        return fake

    return install


def test_paste_passes_the_optional_fields_and_goes_to_the_review(client, analyst, imports):
    fake = imports(finish=True)
    client.force_login(analyst)
    response = client.post(
        "/paste/",
        {"text": "  Gunmen attacked Diboli.  ", "outlet": "AFP", "published": "2025-07-01"},
        follow=True,
    )
    assert fake.calls == [
        (
            "paste",
            analyst.pk,
            {"text": "Gunmen attacked Diboli.", "outlet": "AFP", "published": "2025-07-01"},
        )
    ]
    assert response.redirect_chain[-1][0].startswith("/articles/")
    assert "Article imported." in response.content.decode()


def test_a_queued_job_shows_a_waiting_page_that_polls(client, analyst, imports):
    imports(finish=False)
    client.force_login(analyst)
    response = client.post("/paste/", {"text": "Gunmen attacked Diboli."}, follow=True)
    job = ImportJob.objects.get()
    assert response.redirect_chain[-1][0] == f"/paste/jobs/{job.pk}/"
    page = response.content.decode()
    assert f'hx-get="/paste/jobs/{job.pk}/status/"' in page and "every 1s" in page

    status = client.get(f"/paste/jobs/{job.pk}/status/")
    assert status.status_code == 200 and "Queued" in status.content.decode()

    article = ArticleFactory(text="Gunmen attacked Diboli.", added_by=analyst)
    job.status = ImportJob.Status.SUCCEEDED
    job.save()
    done = client.get(f"/paste/jobs/{job.pk}/status/")
    assert done["HX-Redirect"] == f"/articles/{article.pk}/"


def test_empty_text_is_refused(client, analyst, imports):
    fake = imports(finish=True)
    client.force_login(analyst)
    response = client.post("/paste/", {"text": "   "})
    assert response.status_code == 200
    assert fake.calls == []
    assert "This field is required." in response.content.decode()


def test_someone_elses_job_is_a_404(client, analyst, viewer):
    job = ImportJobFactory(created_by=viewer)
    client.force_login(analyst)
    assert client.get(f"/paste/jobs/{job.pk}/").status_code == 404


def test_without_the_import_service_the_page_says_so(client, analyst, monkeypatch):
    def missing(*args, **kwargs):
        raise adapters.ServiceUnavailable("sources.services.start_import")

    monkeypatch.setattr("incidents.desk.views.paste.start_import", missing)
    client.force_login(analyst)
    response = client.post("/paste/", {"text": "Gunmen attacked Diboli."})
    assert "Importing is not available on this server yet." in response.content.decode()


def test_article_for_job_finds_the_text_without_its_date_header(db, analyst):
    article = ArticleFactory(text="Gunmen attacked Diboli.")
    job = ImportJobFactory(
        created_by=analyst, params={"text": "date 2025-07-01\nGunmen attacked Diboli."}
    )
    assert adapters.article_for_job(job) == article
