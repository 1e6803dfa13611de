"""API consumers asking for a merged duplicate B are pointed to A; sync reports B as merged."""

import pytest

from incidents.merge import merge_incidents
from incidents.models.incidents import ReviewStatus as S

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(editor):
    a = IncidentFactory(review_status=S.PUBLISHED, summary="A: the attack")
    b = IncidentFactory(review_status=S.PUBLISHED, summary="B: the same attack")
    merge_incidents(a, b, editor)
    return a, b


@pytest.mark.parametrize("role", ["viewer", "analyst", "editor"])
def test_get_on_the_duplicate_is_a_301_to_the_target(request, role, client_for, merged):
    a, b = merged
    response = client_for(request.getfixturevalue(role)).get(f"/api/incidents/{b.pk}/?format=json")
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver/api/incidents/{a.pk}/?format=json"


def test_the_redirect_is_followed_to_the_target(viewer, client_for, merged):
    a, b = merged
    response = client_for(viewer).get(f"/api/incidents/{b.pk}/", follow=True)
    assert response.status_code == 200 and response.json()["id"] == a.pk


@pytest.mark.parametrize("method", ["put", "patch"])
def test_writes_to_the_duplicate_are_refused_with_a_pointer(editor, client_for, merged, method):
    a, b = merged
    response = getattr(client_for(editor), method)(
        f"/api/incidents/{b.pk}/", {"notes": "late"}, format="json", HTTP_IF_MATCH='"9"'
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "merged" and body["merged_into"] == a.pk
    assert f"was merged into #{a.pk}" in body["detail"]
    assert response["Location"].endswith(f"/api/incidents/{a.pk}/")
    b.refresh_from_db()
    assert b.notes == ""


def test_list_leaves_the_duplicate_out_and_sync_reports_it(viewer, client_for, merged):
    a, b = merged
    client = client_for(viewer)
    listed = [row["id"] for row in client.get("/api/incidents/?count=true").json()["results"]]
    assert listed == [a.pk]
    synced = {
        row["id"]: row["merged_into"]
        for row in client.get("/api/incidents/sync/").json()["results"]
    }
    assert synced == {a.pk: None, b.pk: a.pk}


def test_no_redirect_to_a_target_the_reader_may_not_see(viewer, editor, client_for):
    a = IncidentFactory(review_status=S.DRAFT)
    b = IncidentFactory(review_status=S.PUBLISHED)
    merge_incidents(a, b, editor)
    assert client_for(viewer).get(f"/api/incidents/{b.pk}/").status_code == 404


def test_the_duplicates_history_stays_readable(analyst, client_for, merged):
    a, b = merged
    history = client_for(analyst).get(f"/api/incidents/{b.pk}/history/")
    assert history.status_code == 200
    assert history.json()[-1]["changes"] == [{"field": "merged_into", "old": None, "new": a.pk}]
