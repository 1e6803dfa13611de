"""The one visibility rule for marked records, as a Q object over `tlp` and `team` fields.

Used by `Article.objects.visible_to` and `Incident.objects.visible_to`, so the admin, the desk,
the API, the exports, search and autocompletes all apply exactly the same rule.
"""

from __future__ import annotations

from django.db.models import Q

from .markings import TEAM_RESTRICTED, TLP, levels_up_to


def marking_q(user, prefix: str = "") -> Q:
    """Records whose TLP marking `user` may read. Anonymous users see nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    allowed = levels_up_to(user.clearance or TLP.CLEAR)
    open_levels = [level for level in allowed if level not in TEAM_RESTRICTED]
    team_levels = [level for level in allowed if level in TEAM_RESTRICTED]
    q = Q(**{f"{prefix}tlp__in": open_levels})
    if team_levels:
        team_ids = list(user.teams.values_list("id", flat=True))
        q |= Q(**{f"{prefix}tlp__in": team_levels, f"{prefix}team_id__in": team_ids})
    return q
