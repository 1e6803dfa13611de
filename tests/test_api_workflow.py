"""The review workflow through the API: each step as the role that takes it, and each refusal."""

import pytest

from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S
from incidents.workflow import save_with_version

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db


def post(client, incident, step, body=None, version=None):
    headers = {} if version is False else {"HTTP_IF_MATCH": f'"{version or incident.version}"'}
    return client.post(
        f"/api/incidents/{incident.pk}/{step}/", body or {}, format="json", **headers
    )


def status_of(incident) -> str:
    return Incident.objects.get(pk=incident.pk).review_status


def test_an_analyst_submits_and_gets_the_incident_with_its_new_etag(analyst, client_for):
    incident = IncidentFactory(review_status=S.DRAFT)
    response = post(client_for(analyst), incident, "submit")
    assert response.status_code == 200, response.content
    assert response.json()["review_status"] == S.IN_REVIEW
    assert response["ETag"] == f'"{incident.version + 1}"'
    assert status_of(incident) == S.IN_REVIEW


def test_an_analyst_withdraws_a_submission(analyst, client_for):
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    response = post(client_for(analyst), incident, "withdraw")
    assert response.status_code == 200
    assert status_of(incident) == S.DRAFT


@pytest.mark.parametrize(
    ("step", "start", "message"),
    [
        ("publish", S.IN_REVIEW, "Only editors publish. Ask an editor to review it"),
        ("retract", S.PUBLISHED, "Only editors retract published incidents."),
        ("send-back", S.IN_REVIEW, "Only editors send incidents back to draft"),
    ],
)
def test_an_analyst_may_not_take_the_editors_steps(analyst, client_for, step, start, message):
    incident = IncidentFactory(review_status=start)
    response = post(client_for(analyst), incident, step, {"reason": "Wrong place"})
    assert response.status_code == 403
    assert message in response.json()["detail"]
    assert status_of(incident) == start


@pytest.mark.parametrize("step", ["submit", "withdraw", "publish", "send-back", "retract"])
def test_a_viewer_token_is_refused_every_step(viewer, client_for, step):
    incident = IncidentFactory(review_status=S.PUBLISHED)
    response = post(client_for(viewer), incident, step, {"reason": "x"})
    assert response.status_code == 403
    assert "Analyst role" in response.json()["detail"]
    assert status_of(incident) == S.PUBLISHED


def test_an_editor_publishes_then_retracts_with_a_reason(editor, client_for):
    client = client_for(editor)
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    published = post(client, incident, "publish")
    assert published.status_code == 200
    assert published.json()["review_status"] == S.PUBLISHED
    retracted = post(
        client,
        incident,
        "retract",
        {"reason": "The attack was in Niger"},
        version=published["ETag"].strip('"'),
    )
    assert retracted.status_code == 200, retracted.content
    incident.refresh_from_db()
    assert incident.review_status == S.RETRACTED
    assert incident.retraction_reason == "The attack was in Niger"


def test_an_editor_sends_back_with_the_reason_in_the_history(editor, client_for):
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    response = post(client_for(editor), incident, "send-back", {"reason": "Needs a source"})
    assert response.status_code == 200
    assert status_of(incident) == S.DRAFT
    assert incident.history.first().history_change_reason == "Back to draft: Needs a source"


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 2001}])
@pytest.mark.parametrize(("step", "start"), [("send-back", S.IN_REVIEW), ("retract", S.PUBLISHED)])
def test_send_back_and_retract_need_a_reason(editor, client_for, step, start, body):
    incident = IncidentFactory(review_status=start)
    response = post(client_for(editor), incident, step, body)
    assert response.status_code == 400
    assert "reason" in response.json()
    assert status_of(incident) == start


@pytest.mark.parametrize(
    ("step", "start"),
    [
        ("submit", S.IN_REVIEW),
        ("withdraw", S.DRAFT),
        ("withdraw", S.RETRACTED),
        ("publish", S.DRAFT),
        ("publish", S.PUBLISHED),
        ("send-back", S.DRAFT),
        ("retract", S.IN_REVIEW),
    ],
)
def test_a_step_the_status_forbids_is_409_saying_the_status(editor, client_for, step, start):
    incident = IncidentFactory(review_status=start)
    response = post(client_for(editor), incident, step, {"reason": "because"})
    assert response.status_code == 409
    label = S(start).label.lower()
    assert f"this one is {label}" in response.json()["detail"]
    assert status_of(incident) == start


def test_an_analyst_submitting_a_published_incident_hears_its_status_not_a_403(analyst, client_for):
    incident = IncidentFactory(review_status=S.PUBLISHED)
    response = post(client_for(analyst), incident, "submit")
    assert response.status_code == 409


@pytest.mark.parametrize("step", ["submit", "publish", "retract"])
def test_if_match_is_required(editor, client_for, step):
    start = {"submit": S.DRAFT, "publish": S.IN_REVIEW, "retract": S.PUBLISHED}[step]
    incident = IncidentFactory(review_status=start)
    response = post(client_for(editor), incident, step, {"reason": "x"}, version=False)
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert status_of(incident) == start


def test_a_malformed_if_match_is_400(editor, client_for):
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    response = client_for(editor).post(
        f"/api/incidents/{incident.pk}/publish/", HTTP_IF_MATCH="yesterday"
    )
    assert response.status_code == 400 and "If-Match" in response.json()


def test_a_stale_step_is_412_with_what_the_other_analyst_changed(analyst, editor, client_for):
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    opened = incident.version
    save_with_version(incident, analyst, opened, {"summary": "Twelve soldiers killed at Boni."})
    response = post(client_for(editor), incident, "publish", version=opened)
    assert response.status_code == 412
    body = response.json()
    assert body["code"] == "stale_version"
    assert body["changed_by"] == [str(analyst)]
    assert [c["field"] for c in body["their_changes"]] == ["summary"]
    assert response["ETag"] == f'"{opened + 1}"'
    assert status_of(incident) == S.IN_REVIEW


def test_a_step_on_a_merged_duplicate_is_409_pointing_to_the_target(editor, client_for):
    from incidents.merge import merge_incidents

    target = IncidentFactory(review_status=S.IN_REVIEW)
    duplicate = IncidentFactory(review_status=S.IN_REVIEW)
    merge_incidents(target, duplicate, editor)
    response = post(client_for(editor), duplicate, "publish", version=duplicate.version)
    assert response.status_code == 409
    assert response.json()["merged_into"] == target.pk


def test_an_incident_above_the_readers_clearance_is_404(analyst, client_for):
    from analysts.markings import TLP

    from .factories import TeamFactory

    incident = IncidentFactory(review_status=S.DRAFT, tlp=TLP.RED, team=TeamFactory())
    assert post(client_for(analyst), incident, "submit").status_code == 404
    assert status_of(incident) == S.DRAFT


def test_an_editor_withdrawing_a_retracted_incident_is_409(editor, client_for):
    incident = IncidentFactory(review_status=S.RETRACTED)
    response = post(client_for(editor), incident, "withdraw")
    assert response.status_code == 409
    assert "this one is retracted" in response.json()["detail"]
    assert status_of(incident) == S.RETRACTED


def test_an_editor_may_not_withdraw_an_analysts_submission(analyst, editor, client_for):
    # The desk's rule, now everywhere: an editor sends it back with a reason instead.
    incident = IncidentFactory(review_status=S.IN_REVIEW, submitted_by=analyst)
    response = post(client_for(editor), incident, "withdraw")
    assert response.status_code == 403
    assert "editors send it back" in response.json()["detail"]
    assert status_of(incident) == S.IN_REVIEW
