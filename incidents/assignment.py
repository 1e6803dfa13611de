"""Who works on what: assigning incidents and articles to an analyst, and telling them.

An incident's assignment is an edit (`workflow.save_with_version`: the version rule, the
history record "Assigned to …"); an article's is a save with its own history record. The
assignee must be an active account that may edit incidents and read the record. A notice goes
by email (Django's email backend, `EMAIL_BACKEND`) in the assignee's language.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sources.models import Article

from . import permissions, workflow
from .models import Incident

logger = logging.getLogger(__name__)


class AssignmentError(Exception):
    """The assignee cannot take this record."""


def assignable_users() -> QuerySet:
    """Accounts work can be assigned to: active, allowed to edit incidents (analysts, editors)."""
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    editing = Q(
        groups__permissions__codename="change_incident",
        groups__permissions__content_type__app_label="incidents",
    )
    return users.filter(pk__in=users.filter(editing | Q(is_superuser=True)).values("pk"))


def _check_assignee(assignee, record_readable: bool) -> None:
    if assignee is None:
        return
    if not assignee.is_active or not permissions.can_edit(assignee):
        raise AssignmentError(_("%(user)s may not work on incidents.") % {"user": assignee})
    if not record_readable:
        raise AssignmentError(
            _("%(user)s may not read this record (its marking).") % {"user": assignee}
        )


def assign_incident(
    incident: Incident, user, assignee, *, expected_version: int | None, notify: bool = True
) -> Incident:
    """Assign `incident` to `assignee` (None: unassign) as `user`, through the version rule."""
    readable = assignee is None or permissions.can_view(assignee, incident)
    _check_assignee(assignee, readable)
    version = incident.version if expected_version is None else expected_version
    reason = f"Assigned to {assignee.get_username()}" if assignee else "Unassigned"
    previous = incident.assigned_to_id
    incident = workflow.save_with_version(
        incident, user, version, {"assigned_to": assignee}, reason=reason
    )
    if notify and assignee is not None and assignee.pk != previous and assignee != user:
        notify_assignee(assignee, incident, user)
    return incident


def assign_article(article: Article, user, assignee, *, notify: bool = True) -> Article:
    """Assign an article's review to `assignee` (None: unassign) as `user`."""
    permissions.require(permissions.can_review(user), _("Only analysts assign articles."))
    readable = (
        assignee is None or Article.objects.visible_to(assignee).filter(pk=article.pk).exists()
    )
    _check_assignee(assignee, readable)
    previous = article.assigned_to_id
    article.assigned_to = assignee
    article._history_user = user
    article._change_reason = f"Assigned to {assignee.get_username()}" if assignee else "Unassigned"
    article.save(update_fields=["assigned_to", "updated_at"])
    if notify and assignee is not None and assignee.pk != previous and assignee != user:
        notify_assignee(assignee, article, user)
    return article


def notify_assignee(assignee, record: Incident | Article, by) -> bool:
    """Email `assignee` that `record` is theirs now, in their language. False when they have no
    address or the mail could not be sent (logged: an assignment never fails for its notice)."""
    if not assignee.email:
        return False
    if isinstance(record, Incident):
        path = reverse("desk:incident", args=[record.pk])
    else:
        path = reverse("desk:article", args=[record.pk])
    with translation.override(getattr(assignee, "language", "") or "en"):
        if isinstance(record, Incident):
            subject = _("Incident #%(pk)s is assigned to you") % {"pk": record.pk}
        else:
            subject = _("Article #%(pk)s is assigned to you") % {"pk": record.pk}
        body = _(
            "%(by)s assigned %(what)s to you.\n\nOpen it: %(path)s\nYour queue: %(queue)s\n"
        ) % {"by": by, "what": record, "path": path, "queue": reverse("desk:queue")}
    try:
        send_mail(subject, body, None, [assignee.email])
    except OSError:
        logger.exception("assignment notice to %s not sent", assignee.pk)
        return False
    return True
