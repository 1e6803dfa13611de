"""The one visibility rule for marked records, as a Q object over `tlp` and `team` fields.

Used by `Article.objects.visible_to` and `Incident.objects.visible_to`, so the admin, the desk,
the API, the exports, search and autocompletes all apply exactly the same rule.
"""

from __future__ import annotations

from django.db.models import Q

from .markings import TEAM_RESTRICTED, TLP, levels_up_to
from .models import Role, User


def has_desk_access(user) -> bool:
    """Active, signed in and holding a role (or superuser): everyone else reads nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_role(*Role.values)


def marking_q(user, prefix: str = "") -> Q:
    """Records whose TLP marking `user` may read. Anonymous users and users without a role see
    nothing; superusers see everything; AMBER and above also need membership of the record's
    team (a restricted record without a team is readable by superusers only)."""
    if not has_desk_access(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    allowed = levels_up_to(user.clearance or TLP.CLEAR)
    open_levels = [level for level in allowed if level not in TEAM_RESTRICTED]
    team_levels = [level for level in allowed if level in TEAM_RESTRICTED]
    q = Q(**{f"{prefix}tlp__in": open_levels})
    if team_levels:
        # A subquery, not a list: the rule costs no query of its own, however often it is built.
        team_ids = User.teams.through.objects.filter(user_id=user.pk).values("team_id")
        q |= Q(**{f"{prefix}tlp__in": team_levels, f"{prefix}team_id__in": team_ids})
    return q


def marking_allows(user, tlp: str, team_id: int | None) -> bool:
    """The same rule for one record already in memory (e.g. before saving a new marking)."""
    if not has_desk_access(user):
        return False
    if user.is_superuser:
        return True
    if tlp not in levels_up_to(user.clearance or TLP.CLEAR):
        return False
    if tlp in TEAM_RESTRICTED:
        return team_id is not None and user.teams.filter(pk=team_id).exists()
    return True
