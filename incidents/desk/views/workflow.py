"""Review steps on the desk: the POST of each step button, and the editors' review queue.

The steps and their rules are `incidents.workflow_steps` (shared with the API and the admin); this module only
reads the form, reports the outcome and, on a refusal, shows the incident page again with why
(and the reason the user typed, so nothing is lost).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents import permissions, workflow
from incidents.merge import merged_target
from incidents.workflow_steps import REASON_MAX_LENGTH, STEPS, STEPS_BY_SLUG, Step

from .. import queue
from .incidents import incident_page

QUEUE_PAGE_SIZE = 50


def _next_url(request: HttpRequest) -> str:
    """Where to go after a step: the page the button was on (the queue), if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
@require_POST
def incident_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    chosen = STEPS_BY_SLUG.get(step)
    if chosen is None:
        raise Http404
    incident = permissions.visible_incidents(request.user).filter(pk=pk).first()
    if incident is None:
        target = merged_target(pk, request.user)
        if target is None:
            raise Http404
        messages.error(
            request,
            _("Incident #%(old)s was merged into #%(new)s: nothing was changed. Review #%(new)s.")
            % {"old": pk, "new": target.pk},
        )
        return redirect("desk:incident", pk=target.pk)
    reason = request.POST.get("reason", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return _refuse(
            request,
            pk,
            chosen,
            reason,
            _(
                "The form did not say which version it was opened at; nothing was changed. Try again."
            ),
            400,
        )
    try:
        chosen.run(incident, request.user, expected_version=version, reason=reason)
    except workflow.StaleEdit as stale:
        # Who changed what since this screen was shown; the page below is the current version.
        return _refuse(request, pk, chosen, reason, stale.message, 409)
    except workflow.TransitionError as error:
        return _refuse(
            request, pk, chosen, reason, error.message, 400 if "reason" in error.code else 409
        )
    except PermissionDenied as denied:
        return _refuse(request, pk, chosen, reason, str(denied) or str(chosen.refusal), 403)
    messages.success(request, chosen.done % {"pk": pk})
    return redirect(_next_url(request) or reverse("desk:incident", args=[pk]))


def _refuse(
    request: HttpRequest, pk: int, step: Step, reason: str, message: str, status: int
) -> HttpResponse:
    """Nothing was saved: the incident page as it is now, saying why, with the reason kept."""
    refusal = {"step": step.slug, "message": message, "reason": reason[:REASON_MAX_LENGTH]}
    refusal["next"] = _next_url(request)
    return incident_page(request, pk, status=status, refusal=refusal)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Incidents in review, oldest submission first, each one keystroke from published."""
    if not queue.can_use_queue(request.user):
        raise PermissionDenied(
            _(
                "Only editors work the review queue. Your submitted incidents wait there until an "
                "editor publishes them or sends them back."
            )
        )
    incidents = (
        queue.review_queue(request.user)
        .with_list_data()
        .select_related("submitted_by", "primary_location")
    )
    page = Paginator(incidents, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/review_queue.html",
        {
            "page": page,
            "reason_max_length": REASON_MAX_LENGTH,
            "publish": STEPS["publish"],
            "send_back": STEPS["send_back"],
        },
    )
