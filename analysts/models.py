from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .markings import TLP


class Role(models.TextChoices):
    """Roles are Django groups (created by a data migration); these are their names."""

    VIEWER = "Viewer", _("Viewer")
    ANALYST = "Analyst", _("Analyst")
    EDITOR = "Editor", _("Editor")
    ADMINISTRATOR = "Administrator", _("Administrator")


class Team(models.Model):
    """A desk or unit; AMBER/RED records are shared only within their team."""

    name = models.CharField(verbose_name=_("name"), max_length=100, unique=True)
    description = models.TextField(verbose_name=_("description"), blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An analyst account with its profile: display name, defaults, language and clearance."""

    display_name = models.CharField(verbose_name=_("display name"), max_length=150, blank=True)
    language = models.CharField(
        verbose_name=_("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Interface language."),
    )
    time_zone = models.CharField(
        verbose_name=_("time zone"), max_length=64, default="UTC", help_text=_("e.g. Africa/Bamako")
    )
    default_country = models.CharField(
        verbose_name=_("default country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 code preselected in filters."),
    )
    default_admin1 = models.CharField(verbose_name=_("default admin1"), max_length=120, blank=True)
    clearance = models.CharField(
        verbose_name=_("clearance"),
        max_length=16,
        choices=TLP.choices,
        default=TLP.GREEN,
        help_text=_("Highest TLP marking this user may read."),
    )
    teams = models.ManyToManyField(
        Team, verbose_name=_("teams"), blank=True, related_name="members"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def has_role(self, *roles: str) -> bool:
        """True for superusers and for members of any of the named role groups."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = set(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return bool(cached.intersection(roles))

    @property
    def is_editor(self) -> bool:
        return self.has_role(Role.EDITOR, Role.ADMINISTRATOR)

    @property
    def is_analyst(self) -> bool:
        return self.has_role(Role.ANALYST, Role.EDITOR, Role.ADMINISTRATOR)

    @property
    def role_label(self) -> str:
        """The highest role held, as the navigation names it next to the account."""
        if self.is_superuser:
            return str(Role.ADMINISTRATOR.label)
        for role in (Role.ADMINISTRATOR, Role.EDITOR, Role.ANALYST, Role.VIEWER):
            if self.has_role(role):
                return str(role.label)
        return str(_("No role"))

    def grant_role(self, role: str) -> None:
        group, _ = Group.objects.get_or_create(name=Role(role).value)
        self.groups.add(group)
        self._role_names = None


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A named personal API token. Only its SHA-256 is stored; the key is shown once."""

    PREFIX = "idk_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="tokens",
    )
    name = models.CharField(verbose_name=_("name"), max_length=100)
    key_prefix = models.CharField(
        verbose_name=_("key prefix"),
        max_length=12,
        help_text=_("First characters, to recognise it."),
    )
    key_hash = models.CharField(verbose_name=_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(verbose_name=_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(verbose_name=_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="unique_active_token_name_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token and return it with the clear key (never stored)."""
        key = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_prefix=key[:12], key_hash=cls.hash_key(key)
        )
        return token, key

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class SavedFilterQuerySet(models.QuerySet):
    def visible_to(self, user) -> SavedFilterQuerySet:
        """The saved searches `user` may read: their own, and those shared with one of their
        teams. Only the owner may change or delete one."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        team_ids = User.teams.through.objects.filter(user_id=user.pk).values("team_id")
        return self.filter(models.Q(user=user) | models.Q(team_id__in=team_ids))


class SavedFilter(models.Model):
    """A named query string of incident filters ("saved search"), reused by the desk, the API
    and exports; private to its owner, or shared with one team (its members read and subscribe
    to it, only the owner changes it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_filters",
    )
    name = models.CharField(verbose_name=_("name"), max_length=100)
    query = models.TextField(
        verbose_name=_("query"),
        help_text=_("URL query string, e.g. country=ML&date_after=2025-06-01"),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("shared with team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="saved_filters",
        help_text=_("Empty: private to its owner."),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    objects = SavedFilterQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="unique_saved_filter_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.team_id is not None
