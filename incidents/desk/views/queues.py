"""My queue (`/queue/`): what waits on me: drafts to finish, incidents sent back to me with their
reason, articles assigned to me, incidents in review assigned to me."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents import assignment, permissions, workflow
from incidents.models import Suggestion
from incidents.models.incidents import ReviewStatus
from sources.models import Article

from .. import queue


@login_required
def my_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    permissions.require(permissions.can_edit(user), _("Only analysts and editors have a queue."))
    drafts = list(queue.my_drafts(user).select_related("primary_location")[: queue.QUEUE_LIMIT])
    reasons = queue.sent_back_reasons(drafts)
    sent_back = [(incident, *reasons[incident.pk]) for incident in drafts if incident.pk in reasons]
    to_finish = [incident for incident in drafts if incident.pk not in reasons]
    in_review = (
        permissions.visible_incidents(user)
        .filter(review_status=ReviewStatus.IN_REVIEW, assigned_to=user)
        .order_by("submitted_at", "id")[: queue.QUEUE_LIMIT]
    )
    proposed = Q(suggestions__status=Suggestion.Status.PROPOSED)
    articles = (
        Article.objects.visible_to(user)
        .filter(assigned_to=user)
        .select_related("outlet")
        .annotate(proposed_count=Count("suggestions", filter=proposed))
        .order_by("-proposed_count", "-created_at")[: queue.QUEUE_LIMIT]
    )
    context = {
        "sent_back": sent_back,
        "to_finish": to_finish,
        "in_review": in_review,
        "articles": articles,
    }
    return render(request, "desk/my_queue.html", context)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """The incident page's "Assign to": through `assignment.assign_incident` (the version rule,
    the history, the notice)."""
    incident = permissions.visible_incidents(request.user).filter(pk=pk).first()
    if incident is None:
        raise Http404
    chosen = request.POST.get("assignee", "")
    assignee = assignment.assignable_users().filter(pk=chosen).first() if chosen.isdigit() else None
    version = request.POST.get("version", "")
    try:
        if chosen and assignee is None:
            raise assignment.AssignmentError(_("Choose an analyst to assign to."))
        assignment.assign_incident(
            incident,
            request.user,
            assignee,
            expected_version=int(version) if version.isdigit() else None,
        )
    except (PermissionDenied, assignment.AssignmentError, workflow.StaleEdit) as error:
        message = error.message if isinstance(error, workflow.StaleEdit) else str(error)
        messages.error(request, message)
    else:
        if assignee:
            messages.success(
                request,
                _("Incident #%(pk)s is assigned to %(user)s.") % {"pk": pk, "user": assignee},
            )
        else:
            messages.success(request, _("Incident #%(pk)s is unassigned.") % {"pk": pk})
    return redirect("desk:incident", pk=pk)
