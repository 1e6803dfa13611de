"""draft → in review → published → retracted, with who/when, reasons and clear refusals."""

import pytest
from django.core.exceptions import PermissionDenied

from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S
from incidents.workflow import (
    StaleEdit,
    TransitionError,
    publish,
    retract,
    return_to_draft,
    save_with_version,
    submit,
)

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_full_cycle_stamps_who_and_when_and_records_each_step(analyst, editor):
    incident = IncidentFactory()
    submit(incident, analyst)
    assert (incident.review_status, incident.submitted_by) == (S.IN_REVIEW, analyst)
    publish(incident, editor)
    assert (incident.review_status, incident.published_by) == (S.PUBLISHED, editor)
    assert incident.published_at is not None
    retract(incident, editor, "Duplicate of an earlier report")
    assert incident.review_status == S.RETRACTED
    assert (incident.retracted_by, incident.retraction_reason) == (
        editor,
        "Duplicate of an earlier report",
    )
    return_to_draft(incident, editor, "Rework")

    steps = [
        (r.history_change_reason, r.history_user, r.review_status)
        for r in incident.history.order_by("history_date", "history_id")
    ][1:]
    assert steps == [
        ("Submitted for review", analyst, S.IN_REVIEW),
        ("Published", editor, S.PUBLISHED),
        ("Retracted: Duplicate of an earlier report", editor, S.RETRACTED),
        ("Back to draft: Rework", editor, S.DRAFT),
    ]


def test_each_step_raises_the_version(analyst, editor):
    incident = IncidentFactory()
    start = incident.version
    submit(incident, analyst)
    publish(incident, editor)
    assert incident.version == start + 2


@pytest.mark.parametrize(
    ("status", "step", "message"),
    [
        (
            S.DRAFT,
            "publish",
            "Only an incident that is in review can be published; this one is draft",
        ),
        (S.PUBLISHED, "submit", "can be submitted for review; this one is published"),
        (S.DRAFT, "retract", "Only an incident that is published can be retracted"),
        (S.PUBLISHED, "return_to_draft", "in review or retracted can be sent back to draft"),
    ],
)
def test_impossible_steps_are_refused_with_a_clear_message(editor, status, step, message):
    incident = IncidentFactory(review_status=status)
    steps = {
        "publish": lambda: publish(incident, editor),
        "submit": lambda: submit(incident, editor),
        "retract": lambda: retract(incident, editor, "why"),
        "return_to_draft": lambda: return_to_draft(incident, editor),
    }
    with pytest.raises(TransitionError, match=message):
        steps[step]()
    assert Incident.objects.get(pk=incident.pk).review_status == status


@pytest.mark.parametrize("reason", ["", "   "])
def test_retracting_needs_a_reason(editor, reason):
    incident = IncidentFactory(review_status=S.PUBLISHED)
    with pytest.raises(TransitionError, match="Say why"):
        retract(incident, editor, reason)
    incident.refresh_from_db()
    assert incident.review_status == S.PUBLISHED


def test_only_editors_publish(analyst):
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    with pytest.raises(PermissionDenied, match="Only editors publish"):
        publish(incident, analyst)
    incident.refresh_from_db()
    assert incident.review_status == S.IN_REVIEW


def test_a_step_taken_from_an_old_screen_is_refused(analyst, editor):
    incident = IncidentFactory()
    seen = incident.version
    save_with_version(incident, analyst, seen, {"summary": "Changed meanwhile"})
    submit(Incident.objects.get(pk=incident.pk), analyst)
    stale_copy = Incident.objects.get(pk=incident.pk)
    with pytest.raises(StaleEdit, match="changed this incident after you opened it"):
        publish(stale_copy, editor, expected_version=seen)


def test_editing_a_published_incident_is_recorded(editor):
    incident = IncidentFactory(review_status=S.PUBLISHED, fatalities_best=3)
    save_with_version(incident, editor, incident.version, {"fatalities_best": 5})
    record = incident.history.latest("history_date")
    assert record.history_change_reason == "Edited after publication"
    assert record.history_user == editor
    assert record.fatalities_best == 5


def test_workflow_fields_cannot_be_edited_directly(editor):
    incident = IncidentFactory()
    with pytest.raises(TransitionError, match="through the workflow only"):
        save_with_version(incident, editor, incident.version, {"review_status": S.PUBLISHED})
    incident.refresh_from_db()
    assert incident.review_status == S.DRAFT


def test_analysts_may_withdraw_a_submission_but_not_reopen_a_retraction(analyst):
    in_review = IncidentFactory(review_status=S.IN_REVIEW)
    return_to_draft(in_review, analyst)
    assert in_review.review_status == S.DRAFT
    retracted = IncidentFactory(review_status=S.RETRACTED)
    with pytest.raises(PermissionDenied):
        return_to_draft(retracted, analyst)
