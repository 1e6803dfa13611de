"""Two API clients edit the same incident: the second gets 412 saying who changed what, when."""

import pytest

from incidents.models import Incident, IncidentActor
from incidents.workflow import save_with_version

from .factories import ActorFactory, IncidentActorFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def test_stale_patch_is_412_with_the_other_analysts_changes(analyst, editor, client_for):
    incident = IncidentFactory(fatalities_best=3, notes="")
    url = f"/api/incidents/{incident.pk}/"
    ali, eda = client_for(analyst), client_for(editor)
    etag = ali.get(url)["ETag"]  # both read the same version
    assert (
        eda.patch(url, {"fatalities_best": 7}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    )

    refused = ali.patch(
        url, {"fatalities_best": 4, "notes": "Checked"}, format="json", HTTP_IF_MATCH=etag
    )

    assert refused.status_code == 412
    body = refused.json()
    assert body["changed_by"] == ["eda_editor"]
    assert body["changed_at"] is not None
    assert [(c["field"], c["old"], c["new"]) for c in body["their_changes"]] == [
        ("fatalities_best", 3, 7)
    ]
    assert body["conflicts"] == ["fatalities_best"]
    assert "eda_editor changed this incident after you opened it" in body["detail"]
    assert "fatalities best: 3 → 7" in body["detail"]
    assert refused["ETag"] == f'"{body["current_version"]}"'
    saved = Incident.objects.get(pk=incident.pk)
    assert (saved.fatalities_best, saved.notes) == (7, "")


def test_the_412_says_the_same_as_the_admin_and_the_desk(analyst, editor, client_for):
    """One message for every surface: the API's `detail` is `StaleEdit.message`."""
    incident = IncidentFactory(summary="Before")
    version = incident.version
    save_with_version(incident, editor, version, {"summary": "After"})
    refused = client_for(analyst).patch(
        f"/api/incidents/{incident.pk}/",
        {"summary": "Mine"},
        format="json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    from incidents.workflow import stale_edit

    assert refused.json()["detail"] == stale_edit(incident.pk, version, {"summary": "Mine"}).message
    assert "summary: Before → After" in refused.json()["detail"]


def test_a_stale_nested_write_changes_nothing(analyst, editor, client_for):
    incident = IncidentFactory()
    kept = IncidentActorFactory(incident=incident, role=IncidentActor.Role.PERPETRATOR)
    url = f"/api/incidents/{incident.pk}/"
    etag = f'"{incident.version}"'
    save_with_version(incident, editor, incident.version, {"notes": "Editor was here"})
    other = ActorFactory()
    refused = client_for(analyst).patch(
        url,
        {"actors": [{"actor": other.pk, "role": "target"}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert refused.status_code == 412
    assert refused.json()["their_changes"][0]["new"] == "Editor was here"
    assert list(incident.incident_actors.values_list("pk", flat=True)) == [kept.pk]


def test_editing_a_published_incident_through_the_api_is_recorded_as_such(editor, client_for):
    incident = IncidentFactory(review_status="published")
    response = client_for(editor).patch(
        f"/api/incidents/{incident.pk}/",
        {"notes": "Correction"},
        format="json",
        HTTP_IF_MATCH=f'"{incident.version}"',
    )
    assert response.status_code == 200
    record = incident.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (
        editor,
        "Edited after publication",
    )
