"""The editors' review queue `/review/`: what waits, in which order, the badge, who may open it."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory

from analysts.markings import TLP
from incidents.desk.queue import queue_badge
from incidents.models import Incident
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 7, 3, 12, 0, tzinfo=datetime.UTC)


def submitted(hours_ago: int, by, **fields) -> Incident:
    incident = IncidentFactory(review_status="in_review", **fields)
    Incident.objects.filter(pk=incident.pk).update(
        submitted_at=NOW - datetime.timedelta(hours=hours_ago), submitted_by=by
    )
    return incident


def test_queue_lists_what_is_in_review_oldest_submission_first(client, editor, analyst):
    newest = submitted(1, analyst, summary="Newest submission")
    oldest = submitted(30, analyst, summary="Oldest submission")
    middle = submitted(5, editor, summary="Middle submission")
    IncidentFactory(review_status="draft", summary="A draft")
    IncidentFactory(review_status="published", summary="Already published")
    client.force_login(editor)
    response = client.get("/review/")
    assert response.status_code == 200
    rows = [incident.pk for incident in response.context["page"].object_list]
    assert rows == [oldest.pk, middle.pk, newest.pk]
    html = response.content.decode()
    assert "A draft" not in html and "Already published" not in html
    assert html.index("Oldest submission") < html.index("Newest submission")
    # Who submitted, and when.
    assert str(analyst) in html
    assert "2025-07-02 06:00" in html  # 30 hours before NOW, in UTC


def test_queue_leaves_out_what_the_editor_may_not_see(client, editor, analyst):
    visible = submitted(2, analyst)
    other_team = submitted(3, analyst, tlp=TLP.AMBER, team=_team("Other desk"))
    client.force_login(editor)
    rows = [i.pk for i in client.get("/review/").context["page"].object_list]
    assert rows == [visible.pk]
    assert other_team.pk not in rows


def _team(name: str):
    from tests.factories import TeamFactory

    return TeamFactory(name=name)


@pytest.mark.parametrize("persona", ["viewer", "analyst", "outsider"])
def test_non_editors_are_refused_the_queue(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/review/")
    assert response.status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get("/review/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_badge_shows_the_count_to_editors_only(client, editor, analyst):
    submitted(1, analyst)
    submitted(2, analyst)
    client.force_login(editor)
    html = client.get("/incidents/").content.decode()
    assert "Review queue" in html
    assert "2 incidents in review" in html
    client.force_login(analyst)
    html = client.get("/incidents/").content.decode()
    assert "Review queue" not in html


def test_badge_costs_one_count_query_and_none_for_non_editors(
    editor, analyst, django_assert_num_queries
):
    submitted(1, analyst)
    request = RequestFactory().get("/")
    request.user = editor
    # Permissions and roles loaded, as by any page (the navigation names the role).
    editor.has_perm("incidents.publish_incident")
    assert editor.role_label == "Editor"
    count = queue_badge(request)["review_queue_count"]
    with django_assert_num_queries(1) as captured:
        assert count() == 1
        assert count() == 1  # once per request, however often the template asks
    assert "COUNT(" in captured.captured_queries[0]["sql"].upper()

    request.user = analyst
    analyst.has_perm("incidents.publish_incident")
    assert analyst.role_label == "Analyst"
    with django_assert_num_queries(0):
        assert queue_badge(request)["review_queue_count"]() is None


def test_publish_from_the_queue_returns_to_the_queue(client, editor, analyst):
    incident = submitted(1, analyst)
    client.force_login(editor)
    page = client.get("/review/").content.decode()
    assert f'action="/incidents/{incident.pk}/publish/"' in page
    assert 'data-action="publish"' in page and 'data-action="send-back"' in page
    response = client.post(
        f"/incidents/{incident.pk}/publish/", {"version": incident.version, "next": "/review/"}
    )
    assert response["Location"] == "/review/"
    follow = client.get("/review/")
    assert incident.pk not in [i.pk for i in follow.context["page"].object_list]
    assert "is published" in follow.content.decode()


def test_the_shortcuts_are_listed_on_the_page(client, editor, analyst):
    submitted(1, analyst)
    client.force_login(editor)
    html = client.get("/review/").content.decode()
    assert 'id="shortcuts"' in html
    for key in ("j", "k", "p", "b", "?"):
        assert f"<kbd>{key}</kbd>" in html


def test_empty_queue_says_so(client, editor):
    client.force_login(editor)
    assert "Nothing waits for review." in client.get("/review/").content.decode()


def test_nav_names_the_role_of_the_account(client, analyst, editor, viewer):
    for user, role in ((analyst, "Analyst"), (editor, "Editor"), (viewer, "Viewer")):
        client.force_login(user)
        html = client.get("/incidents/").content.decode()
        assert '<span class="role-tag"' in html
        assert f">{role}</span>" in html
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert ">Administrator</span>" in client.get("/incidents/").content.decode()
