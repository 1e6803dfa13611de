"""Role × action over the API: each role is allowed exactly what it should be, refused the rest.

The same table as tests/test_roles_matrix.py (the rule itself), asked through /api/incidents/.
Refusals are 403 (the role may not) or 404 (the role may not even know the incident exists).
"""

import pytest

from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db

ROLES = ["outsider", "viewer", "analyst", "editor", "administrator"]
READERS = {"viewer", "analyst", "editor", "administrator"}
WRITERS = {"analyst", "editor", "administrator"}
EDITORS = {"editor", "administrator"}

# action: (roles allowed, status when allowed)
ALLOWED = {
    "list": (READERS, 200),
    "list_csv": (READERS, 200),
    "retrieve_published": (READERS, 200),
    "retrieve_draft": (WRITERS, 200),
    "create": (WRITERS, 201),
    "update_draft": (WRITERS, 200),
    "update_published": (EDITORS, 200),
    "history": (WRITERS, 200),
}


def _call(client, action: str):
    if action == "list":
        return client.get("/api/incidents/")
    if action == "list_csv":
        return client.get("/api/incidents/?format=csv")
    if action == "retrieve_published":
        return client.get(f"/api/incidents/{IncidentFactory(review_status=S.PUBLISHED).pk}/")
    if action == "retrieve_draft":
        return client.get(f"/api/incidents/{IncidentFactory().pk}/")
    if action == "create":
        body = {"summary": "New", "date_start": "2025-07-01", "event_type": "Battles"}
        return client.post("/api/incidents/", body, format="json")
    if action in ("update_draft", "update_published"):
        status = S.DRAFT if action == "update_draft" else S.PUBLISHED
        incident = IncidentFactory(review_status=status, summary="Before")
        return client.patch(
            f"/api/incidents/{incident.pk}/",
            {"summary": "After"},
            format="json",
            HTTP_IF_MATCH=f'"{incident.version}"',
        )
    if action == "history":
        return client.get(
            f"/api/incidents/{IncidentFactory(review_status=S.PUBLISHED).pk}/history/"
        )
    raise AssertionError(action)  # pragma: no cover


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_api_role_action_matrix(request, client_for, role, action):
    allowed, ok = ALLOWED[action]
    response = _call(client_for(request.getfixturevalue(role)), action)
    if role in allowed:
        assert response.status_code == ok, response.content[:300]
    else:
        assert response.status_code in (403, 404), response.content[:300]
    if action.startswith("update"):
        edited = Incident.objects.filter(summary="After").exists()
        assert edited is (role in allowed)


def test_anonymous_is_refused_everywhere(api_client):
    incident = IncidentFactory(review_status=S.PUBLISHED)
    for url in ("/api/incidents/", f"/api/incidents/{incident.pk}/", "/api/incidents/sync/"):
        assert api_client.get(url).status_code == 401
