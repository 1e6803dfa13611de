"""No response names an incident the reader may not read (issue 14, requirement 2).

A CLEAR duplicate is merged, through the real merge service, into the scene's TLP:RED incident
(tests/tlp_scene.py). An analyst cleared AMBER, who may read the duplicate and not the target,
then visits every surface that names other incidents: the history API, the admin history page, a
refused admin step, a refused API merge, the desk's step history and the alert delivery log. The
RED incident's id and title appear on none of them; its readers still see them.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from analysts.markings import TLP
from analysts.models import SavedFilter
from incidents.merge import merge_incidents
from incidents.models import AlertDelivery, AlertSubscription, Incident
from incidents.references import HIDDEN_INCIDENT, IncidentNames, mask_for

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(tlp_scene, editor_in_team):
    """A CLEAR duplicate merged into the RED incident by an editor who may read both."""
    duplicate = IncidentFactory(
        tlp=TLP.CLEAR, review_status="published", summary="Duplicate of the Redwater raid"
    )
    merge_incidents(tlp_scene.red, duplicate, editor_in_team)
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == tlp_scene.red.pk
    return duplicate


def _names_red(text: str, red: Incident) -> bool:
    return bool(re.search(rf"#{red.pk}\b", text)) or "Secret raid at Redwater" in text


def test_history_api_does_not_name_the_hidden_target(
    tlp_scene, merged, analyst_in_team, editor_in_team, client_for
):
    url = f"/api/incidents/{merged.pk}/history/"
    response = client_for(analyst_in_team).get(url)
    assert response.status_code == 200
    changes = [c for entry in response.json() for c in entry["changes"]]
    merge_change = next(c for c in changes if c["field"] == "merged_into")
    assert merge_change["new"] is None  # the change shows, the hidden target does not
    assert tlp_scene.red.pk not in {c["new"] for c in changes} | {c["old"] for c in changes}
    # Its reader sees the target.
    entries = client_for(editor_in_team).get(url).json()
    named = [c["new"] for e in entries for c in e["changes"] if c["field"] == "merged_into"]
    assert named == [tlp_scene.red.pk]


def test_admin_history_page_does_not_name_the_hidden_target(
    tlp_scene, merged, analyst_in_team, editor_in_team
):
    url = f"/admin/incidents/incident/{merged.pk}/history/"
    client = Client()
    client.force_login(analyst_in_team)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert not _names_red(body, tlp_scene.red)
    assert str(HIDDEN_INCIDENT) in body
    client.force_login(editor_in_team)
    assert f"#{tlp_scene.red.pk}" in client.get(url).content.decode()


def test_a_refused_admin_step_does_not_name_the_hidden_target(tlp_scene, merged, analyst_in_team):
    client = Client()
    client.force_login(analyst_in_team)
    response = client.post(
        "/admin/incidents/incident/",
        {"action": "retract_selected", "_selected_action": [merged.pk], "reason": "test"},
        follow=True,
    )
    assert response.status_code == 200
    shown = " ".join(str(m) for m in response.context["messages"])
    assert shown, "the admin says why the step was refused"
    assert not _names_red(shown, tlp_scene.red)


def test_a_refused_api_merge_does_not_name_the_hidden_target(tlp_scene, merged, editor, client_for):
    # `editor` is cleared RED but outside the RED team: may read the duplicate, not the target.
    target = IncidentFactory(tlp=TLP.CLEAR, review_status="published")
    client = client_for(editor)
    response = client.post(
        f"/api/incidents/{target.pk}/merge/",
        {"duplicate": merged.pk},
        format="json",
        HTTP_IF_MATCH=f'"{target.version}"',
    )
    assert response.status_code == 400, response.content
    assert "already merged" in response.content.decode()
    assert not _names_red(response.content.decode(), tlp_scene.red)


def test_desk_step_history_masks_a_merge_reason(tlp_scene, analyst_in_team, editor_in_team):
    # A readable incident whose history names the RED one (as "Merged … with #N" reasons do).
    shown = IncidentFactory(tlp=TLP.CLEAR, review_status="published")
    shown._change_reason = f"Merged into #{shown.pk} with #{tlp_scene.red.pk}"
    shown.save()
    client = Client()
    client.force_login(analyst_in_team)
    body = client.get(f"/incidents/{shown.pk}/").content.decode()
    assert f"#{shown.pk} with" in body
    assert not _names_red(body, tlp_scene.red)
    client.force_login(editor_in_team)
    assert f"with #{tlp_scene.red.pk}" in client.get(f"/incidents/{shown.pk}/").content.decode()


def test_alert_deliveries_do_not_name_an_incident_no_longer_readable(
    tlp_scene, analyst_in_team, client_for
):
    search = SavedFilter.objects.create(user=analyst_in_team, name="All", query="")
    subscription = AlertSubscription.objects.create(user=analyst_in_team, saved_search=search)
    readable = tlp_scene.incident("open")
    for incident in (readable, tlp_scene.red):
        AlertDelivery.objects.create(
            subscription=subscription, channel="email", incident=incident, incident_version=1
        )
    response = client_for(analyst_in_team).get(
        f"/api/alert-subscriptions/{subscription.pk}/deliveries/"
    )
    assert response.status_code == 200, response.content
    assert sorted(row["incident"] or 0 for row in response.json()["results"]) == [0, readable.pk]


def test_mask_keeps_readable_references_and_hides_the_others(tlp_scene, analyst_in_team):
    open_pk, red_pk = tlp_scene.incident("open").pk, tlp_scene.red.pk
    text = f"Merged into #{open_pk} with #{red_pk}"
    masked = mask_for(analyst_in_team, text)
    assert masked == f"Merged into #{open_pk} with {HIDDEN_INCIDENT}"
    names = IncidentNames(analyst_in_team, [open_pk, red_pk, None])
    assert (names.id_or_none(open_pk), names.id_or_none(red_pk)) == (open_pk, None)


@pytest.fixture
def merged_while_open(tlp_scene, editor_in_team):
    """The duplicate as an analyst opened it (its version then), merged into the RED incident
    by an editor afterwards."""
    duplicate = IncidentFactory(
        tlp=TLP.CLEAR, review_status="published", summary="Duplicate of the Redwater raid"
    )
    opened_at = duplicate.version
    merge_incidents(tlp_scene.red, duplicate, editor_in_team)
    return duplicate, opened_at


def test_a_stale_edit_refusal_does_not_name_the_hidden_target(
    tlp_scene, merged_while_open, analyst_in_team, editor_in_team
):
    """The refusal of an edit made on a version from before the merge lists the merge among
    the others' changes: the target is named only to its readers. (The desk and the API answer
    404 for the duplicate to this analyst today; the refusal is safe should any surface reach
    it, the admin form, a bulk action or a step, which all pass their reader.)"""
    from incidents.workflow import stale_edit

    duplicate, opened_at = merged_while_open
    stale = stale_edit(duplicate.pk, opened_at, {"summary": "x"}, reader=analyst_in_team)
    merge_change = next(c for c in stale.their_changes if c.field == "merged_into")
    assert merge_change.new == str(HIDDEN_INCIDENT)
    body = str(stale.as_dict())
    assert not _names_red(body, tlp_scene.red)
    # No reader given: nobody is named. Its reader is told where it went.
    assert not _names_red(str(stale_edit(duplicate.pk, opened_at, {}).as_dict()), tlp_scene.red)
    told = stale_edit(duplicate.pk, opened_at, {}, reader=editor_in_team).message
    assert f"(#{tlp_scene.red.pk})" in told
