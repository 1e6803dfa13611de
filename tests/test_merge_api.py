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


# --- POST /api/incidents/{id}/merge/ ---------------------------------------------------------


def _merge(client, target, duplicate_id, version=None, **extra):
    headers = {} if version is False else {"HTTP_IF_MATCH": f'"{version or target.version}"'}
    return client.post(
        f"/api/incidents/{target.pk}/merge/",
        {"duplicate": duplicate_id, **extra},
        format="json",
        **headers,
    )


def test_an_editor_merges_through_the_api(editor, client_for):
    from .factories import ActorFactory, IncidentActorFactory

    a = IncidentFactory(review_status=S.PUBLISHED)
    b = IncidentFactory(review_status=S.PUBLISHED)
    IncidentActorFactory(incident=b, actor=ActorFactory(name="JNIM"), role="perpetrator")
    response = _merge(client_for(editor), a, b.pk, reason="Same attack, two reports")
    assert response.status_code == 200, response.content
    assert response.json()["id"] == a.pk
    assert [row["actor"]["name"] for row in response.json()["actors"]] == ["JNIM"]
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    assert response["ETag"] == f'"{a.version}"'
    assert "Same attack, two reports" in a.history.first().history_change_reason


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_editors_merge(request, client_for, role):
    a = IncidentFactory(review_status=S.PUBLISHED)
    b = IncidentFactory(review_status=S.PUBLISHED)
    response = _merge(client_for(request.getfixturevalue(role)), a, b.pk)
    assert response.status_code == 403
    b.refresh_from_db()
    assert b.merged_into_id is None


def test_a_duplicate_the_reader_cannot_see_is_404(editor, client_for):
    from analysts.markings import TLP

    from .factories import TeamFactory

    a = IncidentFactory(review_status=S.PUBLISHED)
    hidden = IncidentFactory(review_status=S.PUBLISHED, tlp=TLP.RED, team=TeamFactory())
    response = _merge(client_for(editor), a, hidden.pk)  # the editor is in no team
    assert response.status_code == 404
    assert _merge(client_for(editor), a, 999_999).status_code == 404


def test_merging_into_itself_or_an_already_merged_one_is_400(editor, client_for, merged):
    a, b = merged
    client = client_for(editor)
    itself = _merge(client, a, a.pk)
    assert itself.status_code == 400
    assert itself.json()["duplicate"] == ["An incident cannot be merged into itself."]
    again = _merge(client, a, b.pk)
    assert again.status_code == 400
    assert f"#{b.pk} was already merged into #{a.pk}" in again.json()["duplicate"][0]
    assert _merge(client, a, "seven").status_code == 400


def test_a_duplicate_with_a_stricter_marking_is_400_and_nothing_moves(editor, client_for):
    from analysts.markings import TLP

    a = IncidentFactory(review_status=S.PUBLISHED, tlp=TLP.CLEAR)
    b = IncidentFactory(review_status=S.PUBLISHED, tlp=TLP.GREEN)
    response = _merge(client_for(editor), a, b.pk)
    assert response.status_code == 400
    assert "stricter" in response.json()["duplicate"][0]
    b.refresh_from_db()
    assert b.merged_into_id is None


def test_merge_needs_the_targets_version(analyst, editor, client_for):
    from incidents.workflow import save_with_version

    a = IncidentFactory(review_status=S.IN_REVIEW)
    b = IncidentFactory(review_status=S.IN_REVIEW)
    client = client_for(editor)
    assert _merge(client, a, b.pk, version=False).status_code == 428
    opened = a.version
    save_with_version(a, analyst, opened, {"notes": "Checked with a local source."})
    stale = _merge(client, a, b.pk, version=opened)
    assert stale.status_code == 412
    assert stale.json()["their_changes"][0]["field"] == "notes"
    b.refresh_from_db()
    assert b.merged_into_id is None
