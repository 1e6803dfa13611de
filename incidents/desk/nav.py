"""The desk's main navigation: which entries the reader may use, from `incidents.permissions`
(the rules the pages themselves enforce), so nobody is shown a link that answers 403."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from incidents import permissions

from .queue import can_use_queue


def entries(user) -> dict[str, bool]:
    """Entry name -> shown: the same test as the page's own."""
    return {
        "inbox": permissions.can_review(user),
        "import": permissions.can_import(user),
        "incidents": permissions.can_view_list(user),
        "briefing": permissions.can_view_list(user),
        "my_queue": permissions.can_edit(user),
        # The review queue's entry shows with its count (`queue.queue_badge`, same rule).
        "review_queue": can_use_queue(user),
        "admin": bool(getattr(user, "is_staff", False)),
    }


def home_url(user) -> str:
    """Where the brand link and the login lead: the inbox, or the incidents for a reader who
    reviews nothing."""
    return reverse("desk:inbox" if permissions.can_review(user) else "desk:incident_list")


def desk_nav(request: HttpRequest) -> dict:
    """Context processor: `nav` (entry -> shown) and `home_url`, for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": entries(user), "home_url": home_url(user)}
