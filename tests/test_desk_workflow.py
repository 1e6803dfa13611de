"""Review steps on the incident page: which buttons each role sees in each status, what each POST
does, and how a refusal reads (stale screen, missing reason, wrong role)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from incidents import workflow
from incidents.models import Incident
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def make(status: str = "draft", **fields) -> Incident:
    incident = IncidentFactory(review_status=status, **fields)
    if status in ("in_review", "published", "retracted"):
        Incident.objects.filter(pk=incident.pk).update(submitted_at=timezone.now())
    if status == "retracted":
        Incident.objects.filter(pk=incident.pk).update(retraction_reason="Wrong village.")
    incident.refresh_from_db()
    return incident


def buttons(client, incident: Incident) -> set[str]:
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    return {step for step in STEP_SLUGS if f'data-step="{step}"' in html}


STEP_SLUGS = ("submit", "withdraw", "publish", "send-back", "retract")


def post(client, incident: Incident, step: str, version: int | None = None, **data):
    data.setdefault("version", incident.version if version is None else version)
    return client.post(f"/incidents/{incident.pk}/{step}/", data)


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("analyst", "draft", {"submit"}),
        ("analyst", "in_review", {"withdraw"}),
        ("analyst", "published", set()),
        ("analyst", "retracted", set()),
        ("editor", "draft", {"submit"}),
        ("editor", "in_review", {"publish", "send-back"}),
        ("editor", "published", {"retract"}),
        ("editor", "retracted", {"send-back"}),
        ("viewer", "published", set()),
    ],
)
def test_each_role_sees_the_steps_it_may_take_now(request, client, persona, status, expected):
    user = request.getfixturevalue(persona)
    incident = make(status)
    client.force_login(user)
    assert buttons(client, incident) == expected


def test_viewer_sees_no_review_buttons_nor_merge(client, viewer):
    incident = make("published")
    client.force_login(viewer)
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "data-step=" not in html
    assert "Merge into" not in html
    assert "Published" in html


def test_analyst_submits_and_the_page_shows_who_and_when(client, analyst):
    incident = make("draft")
    client.force_login(analyst)
    response = post(client, incident, "submit")
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{incident.pk}/"
    incident.refresh_from_db()
    assert incident.review_status == "in_review"
    assert incident.submitted_by == analyst
    page = client.get(response["Location"]).content.decode()
    assert "is in review" in page  # the success message
    assert "History of steps" in page
    assert "Submitted for review" in page
    assert str(analyst) in page


def test_editor_publishes_then_retracts_with_a_reason_shown_in_history(client, editor):
    incident = make("in_review")
    client.force_login(editor)
    assert post(client, incident, "publish").status_code == 302
    incident.refresh_from_db()
    assert incident.review_status == "published" and incident.published_by == editor
    response = post(client, incident, "retract", reason="The attack was in Niger, not Mali.")
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.review_status == "retracted"
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Retracted: The attack was in Niger, not Mali." in page


def test_send_back_needs_a_reason_and_keeps_nothing_half_done(client, editor):
    incident = make("in_review")
    client.force_login(editor)
    response = post(client, incident, "send-back", reason="   ")
    assert response.status_code == 400
    assert "A reason is required." in response.content.decode()
    incident.refresh_from_db()
    assert incident.review_status == "in_review"
    assert incident.version == make_version(incident)

    response = post(client, incident, "send-back", reason="Say which village.")
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.review_status == "draft"
    assert incident.history.first().history_change_reason == "Back to draft: Say which village."


def make_version(incident: Incident) -> int:
    return Incident.objects.get(pk=incident.pk).version


def test_a_too_long_reason_is_refused_and_kept_in_the_form(client, editor):
    incident = make("published")
    client.force_login(editor)
    response = post(client, incident, "retract", reason="x" * 2001)
    assert response.status_code == 400
    assert "under 2000 characters" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).review_status == "published"


def test_analyst_cannot_publish_and_is_told_who_can(client, analyst):
    incident = make("in_review")
    client.force_login(analyst)
    response = post(client, incident, "publish")
    assert response.status_code == 403
    assert "Only editors publish" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).review_status == "in_review"


def test_viewer_is_refused_every_step(client, viewer):
    incident = make("published")
    client.force_login(viewer)
    for step in STEP_SLUGS:
        response = post(client, incident, step, reason="because")
        assert response.status_code == 403, step
    assert Incident.objects.get(pk=incident.pk).review_status == "published"
    # A draft is not even visible to a viewer: 404, as for any hidden incident.
    draft = make("draft")
    assert post(client, draft, "submit").status_code == 404


def test_stale_screen_is_refused_with_who_changed_what(client, analyst, editor):
    incident = make("draft", summary="Gunmen attacked Diboli.")
    opened_at = incident.version
    workflow.save_with_version(
        incident, editor, opened_at, {"summary": "Gunmen attacked Kayes and Diboli."}
    )
    client.force_login(analyst)
    response = post(client, incident, "submit", version=opened_at)
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed this incident after you opened it" in html
    assert str(editor) in html
    assert "Gunmen attacked Kayes and Diboli." in html
    assert Incident.objects.get(pk=incident.pk).review_status == "draft"
    # The page shown is the current version, so the next click works.
    assert f'name="version" value="{make_version(incident)}"' in html
    assert make_version(incident) == opened_at + 1


def test_a_step_already_taken_by_someone_else_is_a_stale_screen(client, editor, administrator):
    incident = make("in_review")
    opened_at = incident.version
    workflow.publish(incident, administrator, expected_version=opened_at)
    client.force_login(editor)
    response = post(client, incident, "send-back", version=opened_at, reason="Fix the date.")
    assert response.status_code == 409
    html = response.content.decode()
    assert "adam_administrator changed this incident after you opened it" in html
    assert "review status: In review → Published" in html
    assert "Deleted user" not in html  # an empty "published by" was empty, not a deleted user
    assert "Fix the date." in html  # the reason typed is not lost
    assert Incident.objects.get(pk=incident.pk).review_status == "published"


def test_missing_or_bad_version_is_a_clear_400(client, analyst):
    incident = make("draft")
    client.force_login(analyst)
    response = client.post(f"/incidents/{incident.pk}/submit/", {"version": "abc"})
    assert response.status_code == 400
    assert "which version" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).review_status == "draft"


def test_unknown_step_and_get_are_refused(client, editor):
    incident = make("in_review")
    client.force_login(editor)
    assert post(client, incident, "approve").status_code == 404
    assert client.get(f"/incidents/{incident.pk}/publish/").status_code == 405


def test_after_a_step_from_the_queue_the_editor_goes_back_to_the_queue(client, editor):
    incident = make("in_review")
    client.force_login(editor)
    response = post(client, incident, "publish", next="/review/")
    assert response["Location"] == "/review/"
    response = post(client, make("in_review"), "publish", next="https://elsewhere.example.org/")
    assert response["Location"].startswith("/incidents/")


def test_a_merged_incident_takes_no_step_and_points_to_the_kept_one(client, editor):
    from incidents.merge import merge_incidents

    kept, duplicate = make("in_review"), make("in_review")
    merge_incidents(kept, duplicate, editor)
    client.force_login(editor)
    response = post(client, duplicate, "publish")
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{kept.pk}/"
    assert Incident.objects.get(pk=duplicate.pk).review_status == "in_review"


def test_author_withdraws_then_editor_returns_a_retracted_one_to_draft(client, analyst, editor):
    incident = make("in_review")
    client.force_login(analyst)
    assert post(client, incident, "withdraw").status_code == 302
    assert Incident.objects.get(pk=incident.pk).review_status == "draft"

    retracted = make("retracted")
    client.force_login(editor)
    assert (
        post(client, retracted, "send-back", reason="Re-checked: new sources.").status_code == 302
    )
    assert Incident.objects.get(pk=retracted.pk).review_status == "draft"


def test_editor_posting_withdraw_on_a_retracted_incident_is_refused(client, editor):
    # Withdraw is only for incidents in review; a retracted one goes back with send-back and a
    # reason. Before the step table was shared, the desk let this POST through to draft.
    incident = make("retracted")
    client.force_login(editor)
    response = post(client, incident, "withdraw")
    assert response.status_code == 409
    assert "this one is retracted" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).review_status == "retracted"


def test_editor_may_not_withdraw_someone_elses_submission(client, analyst, editor):
    incident = make("in_review", submitted_by=analyst)
    client.force_login(editor)
    response = post(client, incident, "withdraw")
    assert response.status_code == 403
    assert "editors send it back" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).review_status == "in_review"


def test_a_reason_as_long_as_the_form_allows_is_kept_whole(client, analyst, editor, client_for):
    """The reason goes into the history record ("Back to draft: …"). Its column was
    django-simple-history's varchar(100): on PostgreSQL any reason over about 85 characters
    was a 500 on the desk and the API."""
    from incidents.workflow_steps import REASON_MAX_LENGTH

    reason = ("Check the toll against the army's statement. " * 60)[: REASON_MAX_LENGTH - 1]
    incident = IncidentFactory(review_status="in_review", created_by=analyst)
    client.force_login(editor)
    assert post(client, incident, "send-back", reason=reason).status_code == 302
    record = Incident.objects.get(pk=incident.pk).history.latest("history_date")
    assert record.history_change_reason.endswith(reason)

    published = IncidentFactory(review_status="published", created_by=analyst)
    response = client_for(editor).post(
        f"/api/incidents/{published.pk}/retract/",
        {"reason": reason},
        format="json",
        HTTP_IF_MATCH=f'"{published.version}"',
    )
    assert response.status_code == 200, response.content
    record = Incident.objects.get(pk=published.pk).history.latest("history_date")
    assert record.history_change_reason.endswith(reason)
