"""Admin for analyst accounts, teams, API tokens and saved filters.

Who may open what follows the Django permissions `analysts.roles` gives each role group:
accounts, teams and tokens are for administrators; everyone keeps their own saved filters.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_visibility import ObjectPagesAdminMixin
from .models import ApiToken, Role, SavedFilter, Team, User


@admin.register(User)
class UserAdmin(ObjectPagesAdminMixin, DjangoUserAdmin):
    list_display = (
        "username",
        "display_name",
        "email",
        "clearance",
        "roles",
        "team_names",
        "is_staff",
        "is_active",
        "last_login",
    )
    list_filter = ("clearance", "groups", "teams", "is_staff", "is_active", "is_superuser")
    search_fields = ("username", "display_name", "first_name", "last_name", "email")
    filter_horizontal = ("groups", "teams", "user_permissions")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    ("first_name", "last_name"),
                    "email",
                    "language",
                    "time_zone",
                    ("default_country", "default_admin1"),
                )
            },
        ),
        (
            _("Access"),
            {
                "fields": ("clearance", "teams", "groups", "is_active", "is_staff"),
                "description": _(
                    "Roles are the groups Viewer, Analyst, Editor and Administrator. Clearance is "
                    "the highest TLP marking the user may read; AMBER and above also need a "
                    "shared team."
                ),
            },
        ),
        (
            _("Advanced permissions"),
            {"classes": ("collapse",), "fields": ("is_superuser", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("Access"), {"fields": ("display_name", "email", "clearance", "teams", "groups")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "teams")

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(group.name for group in obj.groups.all()) or "—"

    @admin.display(description=_("teams"))
    def team_names(self, obj: User) -> str:
        return ", ".join(team.name for team in obj.teams.all()) or "—"


# Roles are groups (analysts.roles). Django's own Group admin, with the rules every project
# admin follows (object pages, the bounded search box).
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ObjectPagesAdminMixin, DjangoGroupAdmin):
    pass


@admin.register(Team)
class TeamAdmin(ObjectPagesAdminMixin, admin.ModelAdmin):
    list_display = ("name", "member_count", "description")
    search_fields = ("name", "description")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_members=Count("members"))

    @admin.display(description=_("members"), ordering="_members")
    def member_count(self, obj: Team) -> int:
        return obj._members


@admin.register(ApiToken)
class ApiTokenAdmin(ObjectPagesAdminMixin, admin.ModelAdmin):
    """Only the hash is stored; a token created here shows its key once, in a message."""

    list_display = ("name", "user", "key_prefix", "created_at", "last_used_at", "status")
    list_filter = ("revoked_at", "created_at")
    list_select_related = ("user",)
    search_fields = ("name", "key_prefix", "user__username")
    readonly_fields = ("key_prefix", "key_hash", "created_at", "last_used_at", "revoked_at")
    autocomplete_fields = ("user",)
    actions = ("revoke",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "name")
        return ("user", "name", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return ("user", *self.readonly_fields) if obj else ()

    @admin.display(description=_("status"))
    def status(self, obj: ApiToken) -> str:
        return _("active") if obj.is_active else _("revoked")

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = ApiToken.issue(obj.user, obj.name)
        obj.pk = token.pk
        obj.key_prefix, obj.key_hash, obj.created_at = (
            token.key_prefix,
            token.key_hash,
            token.created_at,
        )
        messages.warning(
            request, _("New API key (shown only now, copy it): %(key)s") % {"key": key}
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        from django.utils import timezone

        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
        )


@admin.register(SavedFilter)
class SavedFilterAdmin(ObjectPagesAdminMixin, admin.ModelAdmin):
    list_display = ("name", "user", "team", "query", "created_at")
    list_select_related = ("user", "team")
    search_fields = ("name", "query", "user__username")
    autocomplete_fields = ("user",)

    def get_fields(self, request, obj=None):
        fields = ("user", "name", "query", "team")
        return fields if request.user.has_role(Role.ADMINISTRATOR) else fields[1:]

    def save_model(self, request, obj, form, change) -> None:
        if not obj.user_id:
            obj.user = request.user
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A search is shared only with a team its owner belongs to (administrators: any team).
        if db_field.name == "team" and not request.user.has_role(Role.ADMINISTRATOR):
            kwargs["queryset"] = request.user.teams.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # Saved filters are personal: administrators see all, others only their own.
        if request.user.has_role(Role.ADMINISTRATOR):
            return qs
        return qs.filter(user=request.user)
