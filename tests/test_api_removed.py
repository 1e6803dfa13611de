"""`/api/incidents/removed/`: what a partner that synced an incident must drop once it may no
longer read it, and nothing about incidents it never could read."""

import datetime

import pytest
from django.utils import timezone

from analysts.markings import TLP
from incidents import workflow
from incidents.importers.jobs import run_import
from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S

from .factories import IncidentFactory, TeamFactory, acled_csv, acled_row

pytestmark = pytest.mark.django_db


def _published(**fields) -> Incident:
    return IncidentFactory(review_status=S.PUBLISHED, **fields)


def _removed(client, since=None) -> list[tuple[int, str]]:
    params = {"since": since.isoformat()} if since else {}
    response = client.get("/api/incidents/removed/", params)
    assert response.status_code == 200, response.content
    return [(row["id"], row["reason"]) for row in response.json()]


def _synced_ids(client) -> set[int]:
    return {row["id"] for row in client.get("/api/incidents/sync/").json()["results"]}


def test_retracted_remarked_and_deleted_incidents_are_named(viewer, editor, client_for):
    retracted, remarked, deleted, kept = (_published() for _ in range(4))
    partner = client_for(viewer)
    assert _synced_ids(partner) == {retracted.pk, remarked.pk, deleted.pk, kept.pk}
    since = timezone.now()

    workflow.retract(retracted, editor, "The attack did not happen.")
    remarked.tlp, remarked.team = TLP.AMBER, TeamFactory()
    remarked.save()
    deleted_id = deleted.pk
    deleted.delete()

    assert _synced_ids(partner) == {kept.pk}
    assert _removed(partner, since) == [
        (retracted.pk, "retracted"),
        (remarked.pk, "withdrawn"),
        (deleted_id, "deleted"),
    ]


def test_incidents_never_shared_with_the_reader_are_not_named(viewer, editor, client_for):
    draft = IncidentFactory(review_status=S.DRAFT)
    secret = _published(tlp=TLP.RED, team=TeamFactory())
    since = timezone.now() - datetime.timedelta(seconds=1)
    draft.summary = "Edited draft"
    draft.save()
    secret.summary = "Edited secret"
    secret.save()
    secret.delete()
    assert _removed(client_for(viewer), since) == []


def test_what_the_reader_still_sees_is_not_named(analyst, editor, client_for):
    # Analysts read retracted incidents: a retraction removes nothing from their view.
    incident = _published()
    workflow.retract(incident, editor, "Wrong date.")
    assert _removed(client_for(analyst)) == []


def test_changes_before_since_are_left_out(viewer, editor, client_for):
    early = _published()
    workflow.retract(early, editor, "Duplicate report.")
    since = timezone.now()
    late = _published()
    workflow.retract(late, editor, "Duplicate report.")
    assert _removed(client_for(viewer)) == [(early.pk, "retracted"), (late.pk, "retracted")]
    assert _removed(client_for(viewer), since) == [(late.pk, "retracted")]


def test_an_imported_incident_is_named_when_retracted(viewer, editor, client_for):
    # Imports write no history record: the import itself is the version the reader saw.
    run_import("acled", acled_csv([acled_row()]).encode())
    incident = Incident.objects.get()
    assert _synced_ids(client_for(viewer)) == {incident.pk}
    workflow.retract(incident, editor, "ACLED corrected the event.")
    assert _removed(client_for(viewer)) == [(incident.pk, "retracted")]


def test_a_malformed_since_is_refused(viewer, client_for):
    response = client_for(viewer).get("/api/incidents/removed/", {"since": "yesterday"})
    assert response.status_code == 400
    assert "since" in response.json()
