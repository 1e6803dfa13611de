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
