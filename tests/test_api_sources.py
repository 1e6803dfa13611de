"""/api/articles/, /api/outlets/, /api/feeds/, /api/import-jobs/: visibility, roles, validation."""

from __future__ import annotations

import pytest

from analysts.markings import TLP
from sources.models import ImportJob, Outlet

from .factories import ArticleFactory, FeedFactory, ImportJobFactory, OutletFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_articles_follow_the_visibility_rule(viewer, client_for):
    readable = ArticleFactory(title="Clear report", tlp=TLP.CLEAR)
    ArticleFactory(title="Team only", tlp=TLP.AMBER, team=TeamFactory())
    client = client_for(viewer)
    rows = client.get("/api/articles/").json()["results"]
    assert [row["title"] for row in rows] == ["Clear report"]
    assert "text" not in rows[0]
    detail = client.get(f"/api/articles/{readable.pk}/").json()
    assert detail["text"] == readable.text


def test_article_filters(viewer, client_for):
    french = ArticleFactory(language="fr", title="Attaque à Diéma")
    ArticleFactory(language="en", title="Clash in Mopti")
    client = client_for(viewer)
    assert [r["id"] for r in client.get("/api/articles/?language=fr").json()["results"]] == [
        french.pk
    ]
    assert [r["id"] for r in client.get("/api/articles/?q=Diéma").json()["results"]] == [french.pk]
    assert client.get("/api/articles/?tlp=purple").status_code == 400


def test_viewer_reads_outlets_but_cannot_add_one(viewer, client_for):
    OutletFactory(name="AFP")
    client = client_for(viewer)
    assert client.get("/api/outlets/").json()["count"] == 1
    response = client.post("/api/outlets/", {"name": "RFI", "reliability": "B"}, format="json")
    assert response.status_code == 403


def test_analyst_adds_an_outlet_with_a_reliability_grade(analyst, client_for):
    client = client_for(analyst)
    response = client.post(
        "/api/outlets/", {"name": "RFI", "reliability": "B", "url": ""}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Outlet.objects.get(name="RFI").reliability == "B"
    bad = client.post("/api/outlets/", {"name": "X", "reliability": "Z"}, format="json")
    assert bad.status_code == 400 and "reliability" in bad.json()


def test_feed_poll_interval_is_bounded(analyst, client_for):
    client = client_for(analyst)
    body = {"url": "https://news.example.org/rss.xml", "poll_interval": 1}
    response = client.post("/api/feeds/", body, format="json")
    assert response.status_code == 400 and "poll_interval" in response.json()
    feed = FeedFactory()
    assert client.get(f"/api/feeds/{feed.pk}/").json()["url"] == feed.url


def test_analysts_see_their_own_import_jobs_editors_all(analyst, editor, client_for):
    mine = ImportJobFactory(created_by=analyst)
    theirs = ImportJobFactory(created_by=editor)
    ids = {row["id"] for row in client_for(analyst).get("/api/import-jobs/").json()["results"]}
    assert ids == {mine.pk}
    ids = {row["id"] for row in client_for(editor).get("/api/import-jobs/").json()["results"]}
    assert ids == {mine.pk, theirs.pk}
    status = client_for(analyst).get(f"/api/import-jobs/{mine.pk}/").json()
    assert status["status"] == ImportJob.Status.QUEUED and status["is_finished"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "paste"}, "text"),
        ({"kind": "url"}, "urls"),
        ({"kind": "url", "urls": ["not a url"]}, "urls"),
        ({"kind": "file"}, "file"),
        ({"kind": "acled"}, "kind"),
    ],
)
def test_import_job_needs_what_its_kind_reads(analyst, client_for, body, field):
    response = client_for(analyst).post("/api/import-jobs/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not ImportJob.objects.exists()


def test_viewer_cannot_start_an_import(viewer, client_for):
    response = client_for(viewer).post(
        "/api/import-jobs/", {"kind": "paste", "text": "x"}, format="json"
    )
    assert response.status_code == 403


def test_paste_import_creates_a_job_to_poll(analyst, client_for):
    client = client_for(analyst)
    response = client.post(
        "/api/import-jobs/",
        {"kind": "paste", "text": "Gunmen attacked a village near Diéma on Tuesday."},
        format="json",
    )
    assert response.status_code == 202, response.json()
    job = ImportJob.objects.get(pk=response.json()["id"])
    assert job.kind == "paste" and job.created_by == analyst
    assert client.get(f"/api/import-jobs/{job.pk}/").status_code == 200


def test_a_repeat_names_its_original_only_to_those_who_may_read_it(viewer, editor, client_for):
    hidden = ArticleFactory(title="Team original", tlp=TLP.AMBER, team=TeamFactory())
    editor.teams.add(hidden.team)
    repeat = ArticleFactory(title="Wire repeat", tlp=TLP.CLEAR, same_story_as=hidden)
    for user, expected in ((viewer, None), (editor, hidden.pk)):
        client = client_for(user)
        listed = client.get("/api/articles/?q=repeat").json()["results"]
        assert [(r["id"], r["same_story_as"]) for r in listed] == [(repeat.pk, expected)]
        assert client.get(f"/api/articles/{repeat.pk}/").json()["same_story_as"] == expected
