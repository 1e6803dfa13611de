"""`python manage.py create_demo_user [--print-only]`: the demo analyst account `make run` prints."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandParser

from analysts.markings import TLP
from analysts.models import Role, Team, User

DEMO_USERNAME = "demo"
DEMO_TEAM = "Sahel desk"


def demo_password() -> str:
    """Known on purpose (a trial account); override with DEMO_PASSWORD for a shared machine."""
    return os.environ.get("DEMO_PASSWORD", "sahel-demo-2025")


class Command(BaseCommand):
    help = (
        "Create (or repair) the demo analyst: username 'demo', role Editor, staff, clearance "
        "AMBER, member of the 'Sahel desk' team. Prints the login."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--print-only", action="store_true", help="Only print the login; change nothing."
        )
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set the known password again on an existing account.",
        )

    def handle(self, *args, **options) -> None:
        if not options["print_only"]:
            self.ensure_user(reset_password=options["reset_password"])
        self.stdout.write(f"  Demo login: username {DEMO_USERNAME!r}, password {demo_password()!r}")

    def ensure_user(self, *, reset_password: bool) -> User:
        user = User.objects.filter(username=DEMO_USERNAME).first()
        if user is None:
            user = User(username=DEMO_USERNAME, display_name="Demo analyst")
            user.set_password(demo_password())
            user.is_staff = True
            user.clearance = TLP.AMBER
            user.save()
            self.stdout.write(f"Created the demo analyst {DEMO_USERNAME!r}.")
        else:
            wanted = {"is_staff": True, "is_active": True, "clearance": TLP.AMBER}
            changed = [name for name, value in wanted.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, wanted[name])
            if reset_password:
                user.set_password(demo_password())
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
        if not user.has_role(Role.EDITOR):
            user.grant_role(Role.EDITOR)
        team, _ = Team.objects.get_or_create(
            name=DEMO_TEAM, defaults={"description": "Demo team: Mali, Burkina Faso, Niger."}
        )
        if not user.teams.filter(pk=team.pk).exists():
            user.teams.add(team)
        return user
