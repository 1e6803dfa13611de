from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from analysts.models import Role

# The admin is the analysts' and editors' workbench; viewers read through the site and the API.
STAFF_ROLES = {Role.ANALYST, Role.EDITOR, Role.ADMINISTRATOR}


class Command(BaseCommand):
    help = "Grant a role (Viewer, Analyst, Editor, Administrator) to a user, or --revoke it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", help=", ".join(Role.values) + " (case-insensitive)")
        parser.add_argument("--revoke", action="store_true", help="Take the role away instead.")

    def handle(self, *args, username: str, role: str, revoke: bool, **options) -> None:
        by_name = {r.casefold(): r for r in Role.values}
        if role.casefold() not in by_name:
            raise CommandError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
        role = Role(by_name[role.casefold()])
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        group, _ = Group.objects.get_or_create(name=role.value)
        if revoke:
            user.groups.remove(group)
            remaining = set(user.groups.values_list("name", flat=True))
            if user.is_staff and not user.is_superuser and not remaining & STAFF_ROLES:
                user.is_staff = False
                user.save(update_fields=["is_staff"])
            self.stdout.write(f"{username} no longer has the role {role.value}.")
            return
        user.groups.add(group)
        if role in STAFF_ROLES and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        self.stdout.write(f"{username} now has the role {role.value}.")
