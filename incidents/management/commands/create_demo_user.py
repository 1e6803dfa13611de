"""`python manage.py create_demo_user [--print-only]`: the demo logins `make run` prints, one per
role (analyst, editor, viewer) plus the original `demo` account, all with the demo password."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from analysts.markings import TLP
from analysts.models import Role, Team, User

DEMO_USERNAME = "demo"  # the first demo account: kept, since docs and tests log in with it
DEMO_TEAM = "Sahel desk"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    clearance: str
    is_staff: bool
    can: str  # what the role does, for the printed login


DEMO_ACCOUNTS = (
    DemoAccount(
        "analyst",
        "Demo analyst",
        Role.ANALYST,
        TLP.AMBER,
        True,
        "records incidents and submits them for review",
    ),
    DemoAccount(
        "editor",
        "Demo editor",
        Role.EDITOR,
        TLP.AMBER,
        True,
        "publishes, sends back, retracts and merges (/review/)",
    ),
    DemoAccount(
        "viewer", "Demo viewer", Role.VIEWER, TLP.GREEN, False, "reads published incidents"
    ),
    DemoAccount(
        DEMO_USERNAME,
        "Demo account (editor)",
        Role.EDITOR,
        TLP.AMBER,
        True,
        "the first demo login: an editor",
    ),
)


def demo_password() -> str:
    """Known on purpose (trial accounts); override with DEMO_PASSWORD for a shared machine."""
    return os.environ.get("DEMO_PASSWORD", "sahel-demo-2025")


class Command(BaseCommand):
    help = (
        "Create (or repair) the demo logins, one per role: 'analyst' (Analyst), 'editor' "
        "(Editor), 'viewer' (Viewer), and 'demo' (Editor), all members of the 'Sahel desk' team "
        "and sharing the demo password (DEMO_PASSWORD). Prints the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--print-only", action="store_true", help="Only print the logins; change nothing."
        )
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set the known password again on existing accounts.",
        )

    def handle(self, *args, **options) -> None:
        if not options["print_only"]:
            team, _ = Team.objects.get_or_create(
                name=DEMO_TEAM, defaults={"description": "Demo team: Mali, Burkina Faso, Niger."}
            )
            for account in DEMO_ACCOUNTS:
                self.ensure_user(account, team, reset_password=options["reset_password"])
        password = demo_password()
        self.stdout.write(f"  Demo logins (password {password!r} for each):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"    {str(Role(account.role).label):<7} username {account.username!r}, "
                f"password {password!r}: {account.can}"
            )

    def ensure_user(self, account: DemoAccount, team: Team, *, reset_password: bool) -> User:
        """Create the account, or bring it back to exactly what it should be (idempotent)."""
        user = User.objects.filter(username=account.username).first()
        wanted = {
            "display_name": account.display_name,
            "is_staff": account.is_staff,
            "is_active": True,
            "is_superuser": False,
            "clearance": account.clearance,
            # Saved-search alerts are emailed; the demo's file backend writes them under var/mail/.
            "email": f"{account.username}@demo.invalid",
        }
        if user is None:
            user = User(username=account.username, **wanted)
            user.set_password(demo_password())
            user.save()
            self.stdout.write(
                f"Created the demo {str(Role(account.role).label).lower()} {account.username!r}."
            )
        else:
            changed = [name for name, value in wanted.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, wanted[name])
            if reset_password:
                user.set_password(demo_password())
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
        # Exactly one role, so that the name on the page tells the truth about what it may do.
        other_roles = Group.objects.filter(name__in=[r.value for r in Role]).exclude(
            name=account.role
        )
        user.groups.remove(*other_roles)
        user.grant_role(account.role)
        if not user.teams.filter(pk=team.pk).exists():
            user.teams.add(team)
        return user
