"""The review workflow in the admin: the change page's step buttons, the changelist's bulk
actions (each refusal reported per incident, the others done) and "Merge selected"."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S
from incidents.workflow import save_with_version

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:incidents_incident_changelist")


def change_url(incident) -> str:
    return reverse("admin:incidents_incident_change", args=[incident.pk])


def step_url(incident, step: str) -> str:
    return reverse("admin:incidents_incident_workflow", args=[incident.pk, step])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def status_of(incident) -> str:
    return Incident.objects.get(pk=incident.pk).review_status


def step_buttons(client, incident) -> set[str]:
    html = client.get(change_url(incident)).content.decode()
    return {
        name
        for name in ("submit", "withdraw", "publish", "send_back", "retract")
        if f'id="workflow-{name}"' in html
    }


# --- buttons on the change page --------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "start", "expected"),
    [
        ("analyst", S.DRAFT, {"submit"}),
        ("analyst", S.IN_REVIEW, {"withdraw"}),
        ("analyst", S.PUBLISHED, set()),
        ("editor", S.DRAFT, {"submit"}),
        ("editor", S.IN_REVIEW, {"publish", "send_back"}),
        ("editor", S.PUBLISHED, {"retract"}),
        ("editor", S.RETRACTED, {"send_back"}),
    ],
)
def test_the_change_page_offers_only_the_steps_the_user_may_take(request, role, start, expected):
    incident = IncidentFactory(review_status=start)
    assert step_buttons(signed_in(request.getfixturevalue(role)), incident) == expected


def test_an_analyst_submits_from_the_change_page(analyst):
    incident = IncidentFactory(review_status=S.DRAFT)
    response = signed_in(analyst).post(
        step_url(incident, "submit"), {"expected_version": incident.version}
    )
    assert response.status_code == 302 and response["Location"] == change_url(incident)
    assert status_of(incident) == S.IN_REVIEW
    assert f"Incident #{incident.pk} submitted for review." in texts(response)


def test_an_analyst_posting_publish_is_told_only_editors_publish(analyst):
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    response = signed_in(analyst).post(
        step_url(incident, "publish"), {"expected_version": incident.version}
    )
    assert status_of(incident) == S.IN_REVIEW
    assert "Only editors publish. Ask an editor to review it in the review queue." in texts(
        response
    )


def test_a_step_from_an_old_page_is_refused_with_the_other_analysts_changes(analyst, editor):
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    opened = incident.version
    save_with_version(incident, analyst, opened, {"summary": "Twelve soldiers killed at Boni."})
    response = signed_in(editor).post(step_url(incident, "publish"), {"expected_version": opened})
    assert status_of(incident) == S.IN_REVIEW
    [message] = texts(response)
    assert "changed this incident after you opened it" in message
    assert "Twelve soldiers killed at Boni." in message


def test_retract_asks_for_the_reason_on_its_own_page(editor):
    incident = IncidentFactory(review_status=S.PUBLISHED)
    client = signed_in(editor)
    page = client.get(step_url(incident, "retract") + f"?version={incident.version}")
    assert page.status_code == 200
    assert b'name="reason"' in page.content
    assert f'value="{incident.version}"'.encode() in page.content
    empty = client.post(step_url(incident, "retract"), {"reason": " ", "expected_version": 1})
    assert empty.status_code == 200 and b"This field is required." in empty.content
    assert status_of(incident) == S.PUBLISHED
    done = client.post(
        step_url(incident, "retract"),
        {"reason": "Two reports of one attack", "expected_version": incident.version},
    )
    assert done.status_code == 302
    incident.refresh_from_db()
    assert incident.review_status == S.RETRACTED
    assert incident.retraction_reason == "Two reports of one attack"


def test_send_back_records_the_reason(editor):
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    signed_in(editor).post(
        step_url(incident, "send_back"),
        {"reason": "Needs the second source", "expected_version": incident.version},
    )
    assert status_of(incident) == S.DRAFT
    assert (
        incident.history.first().history_change_reason == "Back to draft: Needs the second source"
    )


# --- bulk actions -----------------------------------------------------------------------------


def run_action(client, action: str, incidents, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [i.pk for i in incidents], **extra},
        follow=True,
    )


def test_bulk_publish_reports_each_refusal_and_publishes_the_rest(editor):
    ready = IncidentFactory.create_batch(2, review_status=S.IN_REVIEW)
    draft = IncidentFactory(review_status=S.DRAFT)
    response = run_action(signed_in(editor), "publish_selected", [*ready, draft])
    assert [status_of(i) for i in ready] == [S.PUBLISHED, S.PUBLISHED]
    assert status_of(draft) == S.DRAFT
    messages = texts(response)
    assert f"2 incidents published: #{ready[0].pk}, #{ready[1].pk}." in messages
    assert any(
        m.startswith(f"#{draft.pk} not published:") and "this one is draft" in m for m in messages
    )


def test_an_analyst_may_submit_in_bulk_but_has_no_publish_action(analyst):
    drafts = IncidentFactory.create_batch(2, review_status=S.DRAFT)
    published = IncidentFactory(review_status=S.PUBLISHED)
    client = signed_in(analyst)
    page = client.get(CHANGELIST).content.decode()
    assert 'value="submit_selected"' in page
    assert 'value="publish_selected"' not in page and 'value="merge_selected"' not in page
    response = run_action(client, "submit_selected", [*drafts, published])
    assert [status_of(i) for i in drafts] == [S.IN_REVIEW, S.IN_REVIEW]
    assert status_of(published) == S.PUBLISHED
    assert any(m.startswith(f"#{published.pk} not submitted for review:") for m in texts(response))
    # Publishing by posting the action anyway: refused, nothing changes.
    run_action(client, "publish_selected", drafts)
    assert [status_of(i) for i in drafts] == [S.IN_REVIEW, S.IN_REVIEW]


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [("send_back_selected", S.IN_REVIEW, S.DRAFT), ("retract_selected", S.PUBLISHED, S.RETRACTED)],
)
def test_bulk_send_back_and_retract_ask_one_reason_for_all(editor, action, start, end):
    chosen = IncidentFactory.create_batch(2, review_status=start)
    wrong = IncidentFactory(review_status=S.DRAFT)
    client = signed_in(editor)
    asked = run_action(client, action, [*chosen, wrong])
    assert b'name="reason"' in asked.content and status_of(chosen[0]) == start
    blank = run_action(client, action, [*chosen, wrong], apply="yes", reason="")
    assert b"This field is required." in blank.content and status_of(chosen[0]) == start
    done = run_action(client, action, [*chosen, wrong], apply="yes", reason="Same attack twice")
    assert [status_of(i) for i in chosen] == [end, end]
    assert status_of(wrong) == S.DRAFT
    assert any(m.startswith(f"#{wrong.pk} not ") for m in texts(done))
    assert (
        "Same attack twice"
        in Incident.objects.get(pk=chosen[0].pk).history.first().history_change_reason
    )


# --- merge ------------------------------------------------------------------------------------


def test_merge_selected_shows_both_and_keeps_the_one_chosen(editor):
    first = IncidentFactory(review_status=S.PUBLISHED, summary="Attack on Boni, first report")
    second = IncidentFactory(review_status=S.IN_REVIEW, summary="Boni attack, second report")
    client = signed_in(editor)
    page = run_action(client, "merge_selected", [first, second])
    html = page.content.decode()
    assert "Attack on Boni, first report" in html and "Boni attack, second report" in html
    assert f'name="keep" value="{first.pk}" checked' in html  # the published one is suggested
    merged = run_action(client, "merge_selected", [first, second], apply="yes", keep=second.pk)
    first.refresh_from_db()
    assert first.merged_into_id == second.pk
    assert merged.redirect_chain[-1][0] == change_url(second)


def test_merge_selected_needs_exactly_two(editor):
    incidents = IncidentFactory.create_batch(3, review_status=S.PUBLISHED)
    response = run_action(signed_in(editor), "merge_selected", incidents)
    assert "Select exactly two incidents to merge (you selected 3)." in texts(response)
    assert not Incident.objects.filter(merged_into__isnull=False).exists()


def test_a_refused_merge_says_why_and_moves_nothing(editor):
    from analysts.markings import TLP

    laxer = IncidentFactory(review_status=S.PUBLISHED, tlp=TLP.CLEAR)
    stricter = IncidentFactory(review_status=S.PUBLISHED, tlp=TLP.GREEN)
    response = run_action(
        signed_in(editor), "merge_selected", [laxer, stricter], apply="yes", keep=laxer.pk
    )
    assert any("Not merged." in m and "stricter" in m for m in texts(response))
    assert not Incident.objects.filter(merged_into__isnull=False).exists()


def test_an_editor_withdraws_only_their_own_submission(analyst, editor):
    theirs = IncidentFactory(review_status=S.IN_REVIEW, submitted_by=analyst)
    own = IncidentFactory(review_status=S.IN_REVIEW, submitted_by=editor)
    client = signed_in(editor)
    assert step_buttons(client, own) == {"withdraw", "publish", "send_back"}
    response = client.post(step_url(theirs, "withdraw"), {"expected_version": theirs.version})
    assert status_of(theirs) == S.IN_REVIEW
    assert texts(response) == [
        "Nothing done. Only the analysts who work on it withdraw an incident; editors send it back."
    ]
    client.post(step_url(own, "withdraw"), {"expected_version": own.version})
    assert status_of(own) == S.DRAFT


def test_a_step_button_without_its_version_does_nothing_and_says_so(editor):
    incident = IncidentFactory(review_status=S.IN_REVIEW)
    response = signed_in(editor).post(step_url(incident, "publish"), {})
    assert status_of(incident) == S.IN_REVIEW
    [message] = texts(response)
    assert "did not say which version the page was opened at" in message
