"""Assignment and queues: an incident or article assigned to an analyst (history, notice, API,
admin), the inbox's mine / unassigned / team, and "My queue" with what was sent back and why."""

import pytest
from django.core import mail

from analysts.markings import TLP
from incidents import assignment, workflow
from incidents.models import Incident

from .factories import ArticleFactory, IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_assigning_an_incident_is_an_edit_in_the_history_with_a_notice(editor, analyst):
    incident = IncidentFactory(review_status="draft")
    assignment.assign_incident(incident, editor, analyst, expected_version=incident.version)
    incident.refresh_from_db()
    assert incident.assigned_to == analyst
    record = incident.history.first()
    assert record.history_change_reason == f"Assigned to {analyst.username}"
    assert record.history_user == editor and record.assigned_to_id == analyst.pk
    (notice,) = mail.outbox
    assert notice.to == [analyst.email]
    assert f"Incident #{incident.pk} is assigned to you" == notice.subject
    assert f"/incidents/{incident.pk}/" in notice.body and "/queue/" in notice.body


def test_the_notice_follows_the_assignees_language(editor, analyst):
    analyst.language = "fr"
    analyst.save()
    incident = IncidentFactory(review_status="draft")
    assignment.assign_incident(incident, editor, analyst, expected_version=None)
    assert mail.outbox[0].subject == f"L'incident n° {incident.pk} vous est attribué"


def test_an_assignee_who_may_not_read_the_incident_is_refused(editor, analyst, viewer):
    secret = IncidentFactory(review_status="draft", tlp=TLP.RED)
    with pytest.raises(assignment.AssignmentError, match="may not read"):
        assignment.assign_incident(secret, editor, analyst, expected_version=None)
    with pytest.raises(assignment.AssignmentError, match="may not work on incidents"):
        assignment.assign_incident(secret, editor, viewer, expected_version=None)
    assert not mail.outbox


def test_a_stale_assignment_is_refused(editor, analyst):
    incident = IncidentFactory(review_status="draft")
    seen = incident.version
    Incident.objects.filter(pk=incident.pk).update(version=seen + 1)
    with pytest.raises(workflow.StaleEdit):
        assignment.assign_incident(incident, editor, analyst, expected_version=seen)


def test_the_api_reads_and_writes_the_assignee(
    editor, analyst, client_for, django_capture_on_commit_callbacks
):
    incident = IncidentFactory(review_status="draft")
    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):  # the notice goes after the commit
        response = client.patch(
            f"/api/incidents/{incident.pk}/",
            {"assigned_to": analyst.pk, "version": incident.version},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert client.get(f"/api/incidents/{incident.pk}/").json()["assigned_to"] == analyst.pk
    assert mail.outbox[0].to == [analyst.email]
    mine = client.get(f"/api/incidents/?assigned_to={analyst.pk}").json()["results"]
    assert [row["id"] for row in mine] == [incident.pk]
    assert client.get("/api/incidents/?assigned_to=none").json()["results"] == []
    assert client.get("/api/incidents/?assigned_to=someone").status_code == 400


def test_the_desk_assign_form(client, editor, analyst):
    incident = IncidentFactory(review_status="draft")
    client.force_login(editor)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f'action="/incidents/{incident.pk}/assign/"' in page
    response = client.post(
        f"/incidents/{incident.pk}/assign/",
        {"assignee": analyst.pk, "version": incident.version},
        follow=True,
    )
    assert f"is assigned to {analyst}" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).assigned_to == analyst


def test_the_inbox_splits_into_mine_unassigned_and_team(client, analyst_in_team, editor_in_team):
    editor_in_team.teams.add(analyst_in_team.teams.get())
    mine = ArticleFactory(title="Mine to read", assigned_to=analyst_in_team)
    ArticleFactory(title="Nobody's yet")
    ArticleFactory(title="My teammate's", assigned_to=editor_in_team)
    ArticleFactory(title="A stranger's", assigned_to=UserFactory())
    client.force_login(analyst_in_team)

    def titles(scope):
        html = client.get(f"/?scope={scope}").content.decode()
        found = ("Mine to read", "Nobody's yet", "My teammate's", "A stranger's")
        return [t for t in found if t in html.replace("&#x27;", "'")]

    assert titles("mine") == ["Mine to read"]
    assert titles("unassigned") == ["Nobody's yet"]
    assert titles("team") == ["Mine to read", "My teammate's"]
    assert len(titles("all")) == 4
    assignment.assign_article(mine, analyst_in_team, None)
    assert titles("mine") == []


def test_my_queue_lists_drafts_and_what_was_sent_back_with_its_reason(client, analyst, editor):
    draft = IncidentFactory(review_status="draft", summary="Half-written Kayes draft")
    draft.created_by = analyst
    draft.save()
    returned = IncidentFactory(review_status="draft", summary="Menaka attack")
    assignment.assign_incident(returned, editor, analyst, expected_version=None)
    workflow.submit(returned, analyst)
    workflow.return_to_draft(returned, editor, "Name the village, not only the cercle.")
    IncidentFactory(review_status="draft", summary="Someone else's", assigned_to=editor)
    client.force_login(analyst)
    html = client.get("/queue/").content.decode()
    sent_back, rest = html.split('id="drafts"')
    assert "Menaka attack" in sent_back and "Name the village, not only the cercle." in sent_back
    assert str(editor) in sent_back
    assert "Half-written Kayes draft" in rest and "Menaka attack" not in rest
    assert "Someone else" not in html


def test_a_viewer_has_no_queue(client, viewer):
    client.force_login(viewer)
    assert client.get("/queue/").status_code == 403
    assert "My queue" not in client.get("/incidents/").content.decode()
