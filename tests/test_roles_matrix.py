"""Role × action: each role may do exactly what it should, through the one rule and the services.

Surface tests (admin, API, desk, exports) reuse the same table: see tests/test_roles_admin.py.
"""

import pytest
from django.core.exceptions import PermissionDenied

from incidents import permissions
from incidents.merge import merge_incidents
from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S
from incidents.workflow import publish, retract, save_with_version, submit

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db

ROLES = ["outsider", "viewer", "analyst", "editor", "administrator"]

# action: the roles allowed to do it.
ALLOWED = {
    "view_published": {"viewer", "analyst", "editor", "administrator"},
    "view_draft": {"analyst", "editor", "administrator"},
    "create": {"analyst", "editor", "administrator"},
    "edit_draft": {"analyst", "editor", "administrator"},
    "edit_published": {"editor", "administrator"},
    "submit": {"analyst", "editor", "administrator"},
    "publish": {"editor", "administrator"},
    "retract": {"editor", "administrator"},
    "merge": {"editor", "administrator"},
    "delete": {"editor", "administrator"},
    "export": {"viewer", "analyst", "editor", "administrator"},
    "history": {"analyst", "editor", "administrator"},
}


def _do(action: str, user) -> None:
    """Perform `action` as `user`; raises PermissionDenied when refused."""
    if action == "view_published":
        incident = IncidentFactory(review_status=S.PUBLISHED)
        permissions.require(Incident.objects.visible_to(user).filter(pk=incident.pk).exists(), "")
    elif action == "view_draft":
        incident = IncidentFactory()
        permissions.require(Incident.objects.visible_to(user).filter(pk=incident.pk).exists(), "")
    elif action == "create":
        permissions.require(permissions.can_create(user), "")
    elif action == "edit_draft":
        incident = IncidentFactory()
        save_with_version(incident, user, incident.version, {"summary": "Edited"})
        assert Incident.objects.get(pk=incident.pk).summary == "Edited"
    elif action == "edit_published":
        incident = IncidentFactory(review_status=S.PUBLISHED)
        save_with_version(incident, user, incident.version, {"summary": "Edited"})
    elif action == "submit":
        submit(IncidentFactory(), user)
    elif action == "publish":
        publish(IncidentFactory(review_status=S.IN_REVIEW), user)
    elif action == "retract":
        retract(IncidentFactory(review_status=S.PUBLISHED), user, "Wrong date")
    elif action == "merge":
        merge_incidents(IncidentFactory(), IncidentFactory(), user)
    elif action == "delete":
        permissions.require(permissions.can_delete(user, IncidentFactory()), "")
    elif action == "export":
        permissions.require(permissions.can_export(user), "")
    elif action == "history":
        permissions.require(permissions.can_view_history(user, IncidentFactory()), "")
    else:  # pragma: no cover
        raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_role_action_matrix(request, role, action):
    user = request.getfixturevalue(role)
    if role in ALLOWED[action]:
        _do(action, user)
    else:
        with pytest.raises(PermissionDenied):
            _do(action, user)


@pytest.mark.parametrize("role", ["viewer", "analyst", "editor", "administrator"])
def test_inactive_users_can_do_nothing(request, role):
    user = request.getfixturevalue(role)
    user.is_active = False
    user.save()
    incident = IncidentFactory(review_status=S.PUBLISHED)
    assert not Incident.objects.visible_to(user).exists()
    assert not permissions.can_view(user, incident)
    assert not permissions.can_edit(user, incident)
    assert not permissions.can_export(user)
