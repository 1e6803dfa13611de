"""`create_demo_user`: one demo login per role, each named for the role it really holds."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from analysts.models import Role, User

pytestmark = pytest.mark.django_db

ROLES = {"analyst": "Analyst", "editor": "Editor", "viewer": "Viewer", "demo": "Editor"}


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_demo_user", *args, stdout=out)
    return out.getvalue()


def test_creates_and_prints_a_login_per_role(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "dune-sand-42")
    printed = run()
    for username, role in ROLES.items():
        user = User.objects.get(username=username)
        assert user.check_password("dune-sand-42")
        assert user.role_label == role
        assert user.teams.filter(name="Sahel desk").exists()
        assert f"username {username!r}, password 'dune-sand-42'" in printed
    assert User.objects.get(username="viewer").is_staff is False
    assert User.objects.get(username="editor").is_editor
    analyst = User.objects.get(username="analyst")
    assert analyst.is_analyst and not analyst.is_editor


def test_display_names_tell_the_truth_about_the_role():
    run()
    for username, role in ROLES.items():
        name = str(User.objects.get(username=username))
        assert role.lower() in name.lower(), (username, name)


def test_running_twice_changes_nothing_and_repairs_a_wrong_role():
    run()
    analyst = User.objects.get(username="analyst")
    analyst.grant_role(Role.EDITOR)  # someone promoted the demo analyst by hand
    analyst.display_name = "Boss"
    analyst.save()
    run()
    assert User.objects.filter(username__in=ROLES).count() == 4
    analyst = User.objects.get(username="analyst")
    assert analyst.role_label == "Analyst" and not analyst.is_editor
    assert str(analyst) == "Demo analyst"


def test_an_existing_password_is_kept_unless_reset():
    run()
    viewer = User.objects.get(username="viewer")
    viewer.set_password("changed-by-hand")
    viewer.save()
    run()
    assert User.objects.get(username="viewer").check_password("changed-by-hand")
    run("--reset-password")
    assert User.objects.get(username="viewer").check_password("sahel-demo-2025")


def test_each_demo_login_works_on_the_desk_in_its_role(client):
    run()
    for username, role in ROLES.items():
        assert client.login(username=username, password="sahel-demo-2025")
        html = client.get("/incidents/").content.decode()
        assert f">{role}</span>" in html
        assert ("Review queue" in html) == (role == "Editor")
        client.logout()
