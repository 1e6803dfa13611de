"""Bulk actions from the incident list: the selection (checked rows with the version each showed,
or every incident matching the list's filters), the action, its report or its job page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analysts.markings import TLP
from incidents import assignment, bulk, permissions
from incidents.exports import streaming_csv_response
from incidents.models import BulkJob, Incident

from .incidents import filtered_incidents


def may_bulk(user) -> bool:
    """Analysts and editors: the bulk bar (each action still checks its own rule per row)."""
    return permissions.can_edit(user)


def bulk_context(request: HttpRequest) -> dict:
    """What the list page's bulk bar needs (empty for viewers: no controls at all)."""
    if not may_bulk(request.user):
        return {"may_bulk": False}
    return {
        "may_bulk": True,
        "bulk_actions": list(bulk.ACTIONS.items()),
        "bulk_assignees": assignment.assignable_users().only("id", "username"),
        "bulk_tlps": TLP.choices,
        "bulk_job_threshold": settings.BULK_JOB_THRESHOLD,
        "can_publish": permissions.can_publish(request.user),
    }


def _selection(request: HttpRequest) -> list[tuple[int, int | None]]:
    """Checked rows as (id, the version the row showed), or with `all=1` every incident
    matching the filters sent along (`filters`: the list's query string), versions unknown."""
    if request.POST.get("all") == "1":
        filterset = filtered_incidents(request, QueryDict(_filters(request)))
        if not filterset.is_valid():
            raise bulk.BulkError(_("The filters are not valid; nothing was done."))
        limit = settings.BULK_MAX_ROWS + 1  # one more, to say the selection is too large
        ids = filterset.qs.order_by("date_start", "id").values_list("pk", flat=True)[:limit]
        return [(pk, None) for pk in ids]
    selection = []
    for value in request.POST.getlist("row"):
        pk, _sep, version = value.partition(":")
        if not pk.isdigit() or (version and not version.isdigit()):
            raise bulk.BulkError(_("A selected row is malformed: %(value)s.") % {"value": value})
        selection.append((int(pk), int(version) if version else None))
    return list(dict.fromkeys(selection))


def _filters(request: HttpRequest) -> str:
    """The list's query string sent along (without its "?")."""
    return request.POST.get("filters", "").lstrip("?")


def _back(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    return redirect(f"{reverse('desk:incident_list')}{'?' + filters if filters else ''}")


@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    permissions.require(may_bulk(request.user), _("Only analysts and editors take bulk actions."))
    action = request.POST.get("action", "")
    try:
        selection = _selection(request)
        bulk.check_size(selection)
        if action == "export":
            ids = [pk for pk, _version in selection]
            queryset = Incident.objects.visible_to(request.user).filter(pk__in=ids)
            return streaming_csv_response(
                queryset.order_by("date_start", "id"),
                "briefing",
                user=request.user,
                filename_hint="incidents-selection",
                language=request.LANGUAGE_CODE,
            )
        params = {
            key: request.POST.get(key, "") for key in ("reason", "assignee", "tlp", "tag", "into")
        }
        if bulk.needs_job(selection):
            job = bulk.start_job(request.user, action, selection, params)
            return redirect("desk:bulk_job", pk=job.pk)
        results = bulk.run(request.user, action, selection, params)
    except bulk.BulkError as error:
        messages.error(request, str(error))
        return _back(request)
    return render(request, "desk/bulk_report.html", _report_context(request, action, results))


def _report_context(request: HttpRequest, action: str, results: list) -> dict:
    rows = [r if isinstance(r, dict) else r.as_dict() for r in results]
    summaries = dict(
        Incident.objects.visible_to(request.user, include_merged=True)
        .filter(pk__in=[r["id"] for r in rows])
        .values_list("pk", "summary")
    )
    for row in rows:
        row["summary"] = summaries.get(row["id"], "")
    done, refused = bulk.summary(rows)
    return {
        "action_label": bulk.ACTIONS.get(action, action),
        "rows": rows,
        "done": done,
        "refused": refused,
        "back": _filters(request) if request.method == "POST" else "",
    }


def _job(request: HttpRequest, pk: int) -> BulkJob:
    job = get_object_or_404(BulkJob, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@login_required
def bulk_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A bulk job's page: live progress, then the per-incident report."""
    job = _job(request, pk)
    return render(request, "desk/bulk_job.html", _job_context(request, job))


@login_required
def bulk_job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by htmx while the job runs."""
    job = _job(request, pk)
    return render(request, "desk/_bulk_status.html", _job_context(request, job))


def _job_context(request: HttpRequest, job: BulkJob) -> dict:
    context = {"job": job}
    if job.is_finished:
        context.update(_report_context(request, job.action, job.results))
    else:
        context["done"], context["refused"] = bulk.summary(job.results)
        context["action_label"] = bulk.ACTIONS.get(job.action, job.action)
    return context
