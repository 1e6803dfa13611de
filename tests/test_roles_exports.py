"""Role × export: CSV from the API, the desk's Download CSV and the admin action.

Every role may export what it reads (and only that); an account without a role gets nothing.
A CSV holds published incidents unless the reader asks for other review statuses
(`review_status`); the admin action exports the rows the reader selected.
"""

import pytest
from django.test import Client

from incidents.models.incidents import ReviewStatus as S

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db

ROLES = ["outsider", "viewer", "analyst", "editor", "administrator"]
READERS = {"viewer", "analyst", "editor", "administrator"}
ADMIN_USERS = {"analyst", "editor", "administrator"}  # staff with the admin's incident list


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


@pytest.fixture
def rows():
    return (
        IncidentFactory(review_status=S.PUBLISHED, summary="Published attack"),
        IncidentFactory(review_status=S.DRAFT, summary="Draft attack"),
    )


def _export(surface: str, user, client_for, rows, statuses: str = ""):
    query = f"review_status={statuses}" if statuses else ""
    if surface == "api":
        return client_for(user).get(f"/api/incidents/?format=csv&layout=briefing&{query}")
    client = Client()
    client.force_login(user)
    if surface == "desk":
        return client.get(f"/incidents/export.csv?{query}")
    return client.post(
        "/admin/incidents/incident/",
        {
            "action": "export_briefing_csv",
            "_selected_action": [str(r.pk) for r in rows],
            "index": 0,
        },
    )


@pytest.mark.parametrize("statuses", ["", "draft,published"])
@pytest.mark.parametrize("surface", ["api", "desk", "admin"])
@pytest.mark.parametrize("role", ROLES)
def test_export_role_matrix(request, client_for, rows, surface, role, statuses):
    user = request.getfixturevalue(role)
    response = _export(surface, user, client_for, rows, statuses)
    allowed = ADMIN_USERS if surface == "admin" else READERS
    if role not in allowed:
        assert response.status_code in (302, 403, 404)
        assert "attack" not in _text(response) if response.status_code != 302 else True
        return
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = _text(response)
    assert "Published attack" in text
    # Drafts reach only those who read drafts, and only when they ask for them (or, in the
    # admin, select them).
    asked = bool(statuses) or surface == "admin"
    assert ("Draft attack" in text) is (asked and role in {"analyst", "editor", "administrator"})
