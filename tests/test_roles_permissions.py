"""Role groups carry the Django permissions the admin checks; `grant_role` hands them out."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from analysts.models import Role

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "granted", "refused"),
    [
        (
            Role.VIEWER,
            ["incidents.view_incident", "sources.view_article", "incidents.view_actor"],
            ["incidents.change_incident", "incidents.add_incident", "sources.view_importjob"],
        ),
        (
            Role.ANALYST,
            [
                "incidents.add_incident",
                "incidents.change_incident",
                "incidents.change_claimevent",
                "incidents.add_suggestion",
                "sources.add_importjob",
                "sources.change_article",
                "incidents.delete_incidentactor",
            ],
            [
                "incidents.publish_incident",
                "incidents.merge_incident",
                "incidents.delete_incident",
                "sources.delete_article",
                "analysts.change_user",
            ],
        ),
        (
            Role.EDITOR,
            [
                "incidents.publish_incident",
                "incidents.merge_incident",
                "incidents.delete_incident",
                "incidents.delete_actor",
                "sources.delete_article",
            ],
            ["analysts.change_user", "auth.change_group"],
        ),
        (
            Role.ADMINISTRATOR,
            [
                "incidents.publish_incident",
                "incidents.merge_incident",
                "analysts.change_user",
                "auth.change_group",
                "sources.delete_importjob",
            ],
            [],
        ),
    ],
)
def test_each_role_holds_exactly_its_permissions(role, granted, refused):
    user = UserFactory()
    user.grant_role(role)
    for perm in granted:
        assert user.has_perm(perm), perm
    for perm in refused:
        assert not user.has_perm(perm), perm


def test_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_grant_role_command_grants_and_makes_staff(capsys):
    user = UserFactory(username="nadia", is_staff=False)
    call_command("grant_role", "nadia", "editor")
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == ["Editor"]
    assert user.is_staff
    assert "nadia now has the role Editor" in capsys.readouterr().out


def test_grant_role_revoke_removes_role_and_admin_access():
    user = UserFactory(username="nadia")
    call_command("grant_role", "nadia", "Analyst")
    call_command("grant_role", "nadia", "Viewer")
    call_command("grant_role", "nadia", "Analyst", "--revoke")
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == ["Viewer"]
    assert not user.is_staff


def test_viewer_role_gives_no_admin_access():
    user = UserFactory(username="vic", is_staff=False)
    call_command("grant_role", "vic", "Viewer")
    user.refresh_from_db()
    assert not user.is_staff


@pytest.mark.parametrize(
    ("args", "message"),
    [(["ghost", "Editor"], "No user named 'ghost'"), (["nadia", "Boss"], "Unknown role 'Boss'")],
)
def test_grant_role_refuses_bad_input(args, message):
    UserFactory(username="nadia")
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *args)
