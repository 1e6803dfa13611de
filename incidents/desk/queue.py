"""The editors' review queue: the incidents waiting in review that the editor may see.

One definition for the queue page (`/review/`) and the count badge in the navigation.
"""

from __future__ import annotations

from functools import cache

from incidents import permissions
from incidents.models.incidents import IncidentQuerySet, ReviewStatus


def review_queue(user) -> IncidentQuerySet:
    """In review, visible to `user`, not merged away; oldest submission first."""
    return (
        permissions.visible_incidents(user)
        .filter(review_status=ReviewStatus.IN_REVIEW)
        .order_by("submitted_at", "id")
    )


def can_use_queue(user) -> bool:
    """Editors: the queue is where they publish or send back."""
    return permissions.can_publish(user)


def queue_badge(request) -> dict:
    """Context processor: `review_queue_count`, one COUNT query, run only when a page shows it
    (templates call a callable; `cache` makes that once per request) and only for editors
    (None for everyone else)."""

    @cache
    def count() -> int | None:
        user = getattr(request, "user", None)
        if user is None or not can_use_queue(user):
            return None
        return review_queue(user).order_by().count()

    return {"review_queue_count": count}


# --- assignment: the inbox's mine / unassigned / team, and "My queue" -------------------------

SCOPES = ("all", "mine", "unassigned", "team")
SENT_BACK_PREFIX = "Back to draft: "  # `workflow.return_to_draft`'s history reason with a reason
QUEUE_LIMIT = 100


def in_scope(queryset, user, scope: str):
    """Rows (articles or incidents: both have `assigned_to`) of one inbox tab: assigned to me,
    to nobody, or to a member of one of my teams (me included)."""
    if scope == "mine":
        return queryset.filter(assigned_to=user)
    if scope == "unassigned":
        return queryset.filter(assigned_to__isnull=True)
    if scope == "team":
        return queryset.filter(assigned_to__teams__in=user.teams.all()).distinct()
    return queryset


def my_drafts(user) -> IncidentQuerySet:
    """Drafts waiting on `user`: assigned to them, or unassigned drafts they created."""
    from django.db.models import Q

    return (
        permissions.visible_incidents(user)
        .filter(review_status=ReviewStatus.DRAFT)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, created_by=user))
        .order_by("-updated_at", "-id")
    )


def sent_back_reasons(incidents) -> dict[int, tuple[str, str]]:
    """{incident id: (the reason, who)} for drafts whose latest review step sent them back with a
    reason (one history query for all)."""
    from incidents.models import Incident

    ids = [incident.pk for incident in incidents]
    latest: dict[int, tuple[str, str]] = {}
    steps = (
        Incident.history.filter(id__in=ids)
        .filter(history_change_reason__regex=r"^(Back to draft|Submitted for review)")
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")
        .only("id", "history_change_reason", "history_user", "history_date")
    )
    seen: set[int] = set()
    for record in steps:
        if record.id in seen:
            continue
        seen.add(record.id)
        reason = record.history_change_reason or ""
        if reason.startswith(SENT_BACK_PREFIX):
            who = str(record.history_user) if record.history_user else ""
            latest[record.id] = (reason[len(SENT_BACK_PREFIX) :], who)
    return latest
