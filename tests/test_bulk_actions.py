"""Bulk actions on the desk's incident list: each incident through the rules of one, a report of
done and refused per incident, every incident matching a filter, and the query count of the list
with its bulk controls."""

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analysts.markings import TLP
from incidents.models import Incident

from .factories import IncidentFactory, TagFactory

pytestmark = pytest.mark.django_db

BULK = "/incidents/bulk/"


def _rows(*incidents, versions=None):
    return [f"{i.pk}:{(versions or {}).get(i.pk, i.version)}" for i in incidents]


def _report(response) -> dict[int, tuple[bool, str]]:
    """{incident id: (done, message)} read from the report table."""
    import re

    html = response.content.decode()
    rows = re.findall(
        r'<tr class="bulk-(done|refused)" data-id="(\d+)">.*?</strong>: (.*?)</td>', html, re.S
    )
    return {int(pk): (kind == "done", message.strip()) for kind, pk, message in rows}


@pytest.fixture
def in_review():
    return [IncidentFactory(review_status="in_review", summary=f"Waiting {n}") for n in range(3)]


def test_an_editor_publishes_a_selection_and_sees_each_refusal(client, editor, in_review):
    draft = IncidentFactory(review_status="draft", summary="Still a draft")
    client.force_login(editor)
    response = client.post(BULK, {"action": "publish", "row": _rows(*in_review, draft)})
    assert response.status_code == 200
    report = _report(response)
    assert [report[i.pk][0] for i in in_review] == [True, True, True]
    done, message = report[draft.pk]
    assert not done and "only an incident that is in review" in message and "draft" in message
    assert "3 done" in response.content.decode() and "1 refused" in response.content.decode()
    statuses = dict(Incident.objects.values_list("pk", "review_status"))
    assert [statuses[i.pk] for i in in_review] == ["published"] * 3
    assert statuses[draft.pk] == "draft"
    history = in_review[0].history.first()
    assert history.history_change_reason == "Published" and history.history_user == editor


def test_a_row_changed_since_the_list_was_shown_is_refused_by_the_version_rule(
    client, editor, in_review
):
    first, second, _ = in_review
    client.force_login(editor)
    rows = _rows(first, second, versions={second.pk: second.version})
    Incident.objects.filter(pk=second.pk).update(version=second.version + 1)  # someone saved
    report = _report(client.post(BULK, {"action": "publish", "row": rows}))
    assert report[first.pk][0] is True
    assert report[second.pk][0] is False and "after you opened it" in report[second.pk][1]
    assert Incident.objects.get(pk=second.pk).review_status == "in_review"


def test_an_analyst_may_submit_but_not_publish(client, analyst, in_review):
    drafts = [IncidentFactory(review_status="draft") for _ in range(2)]
    client.force_login(analyst)
    report = _report(client.post(BULK, {"action": "publish", "row": _rows(*in_review)}))
    assert all(not done and "Only editors publish" in msg for done, msg in report.values())
    report = _report(client.post(BULK, {"action": "submit", "row": _rows(*drafts)}))
    assert all(done for done, _ in report.values())


def test_retract_takes_one_reason_for_all_and_refuses_without_it(client, editor):
    published = [IncidentFactory(review_status="published") for _ in range(2)]
    client.force_login(editor)
    response = client.post(BULK, {"action": "retract", "row": _rows(*published)}, follow=True)
    assert "A reason is required" in response.content.decode()
    assert set(Incident.objects.values_list("review_status", flat=True)) == {"published"}
    reason = "The toll came from a propaganda channel."
    client.post(BULK, {"action": "retract", "reason": reason, "row": _rows(*published)})
    assert set(Incident.objects.values_list("retraction_reason", flat=True)) == {reason}


def test_select_all_matching_the_filter_reaches_beyond_the_page(client, editor):
    mali = [IncidentFactory(country="ML", review_status="in_review") for _ in range(3)]
    burkina = IncidentFactory(country="BF", review_status="in_review")
    client.force_login(editor)
    response = client.post(BULK, {"action": "publish", "all": "1", "filters": "?country=ML"})
    assert set(_report(response)) == {i.pk for i in mali}
    assert Incident.objects.get(pk=burkina.pk).review_status == "in_review"


def test_select_all_takes_only_what_the_reader_may_see(client, analyst):
    IncidentFactory(review_status="draft", tlp=TLP.RED)  # beyond the analyst's clearance
    mine = IncidentFactory(review_status="draft")
    client.force_login(analyst)
    report = _report(client.post(BULK, {"action": "submit", "all": "1", "filters": ""}))
    assert set(report) == {mine.pk}


def test_a_hidden_incident_in_the_rows_is_refused_like_a_missing_one(client, analyst):
    hidden = IncidentFactory(review_status="draft", tlp=TLP.RED)
    client.force_login(analyst)
    report = _report(client.post(BULK, {"action": "submit", "row": _rows(hidden)}))
    assert report[hidden.pk] == (False, "Not found, or not yours to see.")
    assert Incident.objects.get(pk=hidden.pk).review_status == "draft"


def test_tags_tlp_and_assignment(client, editor, analyst):
    incidents = [IncidentFactory(review_status="draft") for _ in range(2)]
    TagFactory(name="kayes-2025")
    client.force_login(editor)
    rows = {"row": [str(i.pk) for i in incidents]}
    client.post(BULK, {"action": "add_tag", "tag": "kayes-2025", **rows})
    assert {list(i.tags.values_list("name", flat=True)) == ["kayes-2025"] for i in incidents} == {
        True
    }
    client.post(BULK, {"action": "remove_tag", "tag": "kayes-2025", **rows})
    assert not Incident.tags.through.objects.exists()
    client.post(BULK, {"action": "set_tlp", "tlp": TLP.GREEN, **rows})
    assert set(Incident.objects.values_list("tlp", flat=True)) == {TLP.GREEN}
    client.post(BULK, {"action": "assign", "assignee": analyst.pk, **rows})
    assert set(Incident.objects.values_list("assigned_to", flat=True)) == {analyst.pk}
    assert len(mail.outbox) == 2 and mail.outbox[0].to == [analyst.email]
    assert incidents[0].history.first().history_change_reason == f"Assigned to {analyst.username}"


def test_tlp_above_the_clearance_is_refused_whole(client, analyst):
    incident = IncidentFactory(review_status="draft")
    client.force_login(analyst)  # cleared AMBER
    response = client.post(
        BULK, {"action": "set_tlp", "tlp": TLP.RED, "row": [incident.pk]}, follow=True
    )
    assert "above your clearance" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).tlp == TLP.CLEAR


def test_merge_into_one(client, editor):
    keep, *duplicates = [IncidentFactory(review_status="in_review") for _ in range(3)]
    client.force_login(editor)
    rows = _rows(*duplicates, keep)
    report = _report(client.post(BULK, {"action": "merge", "into": keep.pk, "row": rows}))
    assert all(done for done, _ in report.values())
    merged = set(Incident.objects.filter(merged_into=keep).values_list("pk", flat=True))
    assert merged == {d.pk for d in duplicates}


def test_export_the_selection(client, viewer, editor):
    chosen = IncidentFactory(review_status="published", summary="Chosen one")
    IncidentFactory(review_status="published", summary="Left out")
    client.force_login(editor)
    response = client.post(BULK, {"action": "export", "row": [chosen.pk]})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2 and "Chosen one" in rows[1]


def test_a_viewer_has_no_bulk_controls_and_may_not_post(client, viewer):
    incident = IncidentFactory(review_status="published")
    client.force_login(viewer)
    assert 'id="bulk-form"' not in client.get("/incidents/").content.decode()
    assert client.post(BULK, {"action": "retract", "row": [incident.pk]}).status_code == 403


def test_too_many_rows_are_refused_with_the_limit(client, editor, settings, in_review):
    settings.BULK_MAX_ROWS = 2
    client.force_login(editor)
    response = client.post(BULK, {"action": "publish", "row": _rows(*in_review)}, follow=True)
    assert "Select at most 2 incidents" in response.content.decode()
    assert not Incident.objects.filter(review_status="published").exists()


def test_a_malformed_row_is_a_clear_message(client, editor):
    client.force_login(editor)
    response = client.post(BULK, {"action": "publish", "row": ["3:x"]}, follow=True)
    assert response.status_code == 200
    assert "A selected row is malformed: 3:x." in response.content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/incidents/")
    assert 'id="bulk-form"' in response.content.decode()
    return len(queries)


def test_the_list_with_its_bulk_controls_costs_the_same_queries_for_3_or_40_rows(client, editor):
    for _ in range(3):
        IncidentFactory(review_status="in_review")
    client.force_login(editor)
    client.get("/incidents/")  # session, content types: warmed
    few = _list_queries(client)
    for _ in range(37):
        IncidentFactory(review_status="in_review")
    many = _list_queries(client)
    assert many == few
    assert many <= 16
