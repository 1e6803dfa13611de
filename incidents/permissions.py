"""Who may see, edit and publish incidents: the one rule, used by the API, the desk and the admin.

Visibility itself is `Incident.objects.visible_to(user)`; these functions only add the role rule on
top of it, so that every caller asks the same questions in the same words.
"""

from __future__ import annotations

from incidents.models import Incident


def can_view(user, incident: Incident) -> bool:
    """The user may read this incident (TLP clearance, team, published-only for viewers)."""
    return Incident.objects.visible_to(user).filter(pk=incident.pk).exists()


def can_create(user) -> bool:
    """Analysts, editors and administrators record incidents; viewers only read."""
    return bool(user and user.is_authenticated and getattr(user, "is_analyst", False))


def can_edit(user, incident: Incident) -> bool:
    """Analysts may edit the incidents they can see."""
    return can_create(user) and can_view(user, incident)


def can_publish(user) -> bool:
    """Publishing (and retracting) is an editor's decision."""
    return bool(user and user.is_authenticated and getattr(user, "is_editor", False))
