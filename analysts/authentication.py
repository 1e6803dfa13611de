"""Token authentication in one SQL query: the token, its user, the user's roles and permissions.

A list page has a budget of six queries (issue 5): authentication must not spend four of them.
The user's role names and Django permissions are folded into the token query as JSON arrays and
primed into the caches `User.has_role` and Django's `ModelBackend` read, so the permission checks
of the request (the role rule, `visible_to`, the admin-equal model permissions) run no query.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, Permission
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from rest_framework import authentication, exceptions

from .api.aggregates import JSONArrayAgg
from .models import ApiToken

# "Last used" is for people deciding which tokens to revoke: minute precision is plenty, and a
# write on every request would be a second query and a hot row under load.
LAST_USED_PRECISION = datetime.timedelta(seconds=60)


def _folded(queryset, expression):
    """`queryset`'s rows folded into one JSON array (a scalar subquery)."""
    return Subquery(
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(v=expression)
        .values("v")
    )


def _perm_code():
    return Concat(F("content_type__app_label"), Value("."), F("codename"))


def _with_roles_and_perms(queryset):
    user = OuterRef("user_id")
    return queryset.annotate(
        _role_names=_folded(Group.objects.filter(user=user), JSONArrayAgg("name")),
        _user_perms=_folded(Permission.objects.filter(user=user), JSONArrayAgg(_perm_code())),
        _group_perms=_folded(
            Permission.objects.filter(group__user=user), JSONArrayAgg(_perm_code())
        ),
    )


def prime_user(user, role_names, user_perms, group_perms) -> None:
    """Fill the caches `User.has_role` and `ModelBackend.has_perm` would otherwise query for."""
    user._role_names = set(role_names or ())
    if user.is_superuser:
        return  # superusers hold every permission without a look-up
    user._user_perm_cache = set(user_perms or ())
    user._group_perm_cache = set(group_perms or ())
    user._perm_cache = user._user_perm_cache | user._group_perm_cache


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token idk_…` against hashed, revocable, named tokens."""

    keyword = "Token"

    def authenticate_credentials(self, key: str):  # type: ignore[override]
        try:
            token = _with_roles_and_perms(ApiToken.objects.select_related("user")).get(
                key_hash=ApiToken.hash_key(key), revoked_at__isnull=True
            )
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.") from None
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        prime_user(user, token._role_names, token._user_perms, token._group_perms)
        now = timezone.now()
        cutoff = now - LAST_USED_PRECISION
        if token.last_used_at is None or token.last_used_at < cutoff:
            # Conditional: of concurrent requests with the same token, one writes.
            ApiToken.objects.filter(pk=token.pk).filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lt=cutoff)
            ).update(last_used_at=now)
            token.last_used_at = now
        return user, token


class BearerTokenAuthentication(TokenAuthentication):
    """The same tokens as `Authorization: Bearer idk_…` (OAuth-style clients such as ACLED's);
    never from the query string."""

    keyword = "Bearer"
