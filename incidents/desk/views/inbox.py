"""The inbox: articles with proposed incidents first (all, mine, unassigned or my team's), and
the analyst's import jobs live."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, IntegerField, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from incidents import permissions
from incidents.models import Incident, Suggestion
from incidents.models.incidents import ReviewStatus
from sources.models import Article, ImportJob

from .. import queue

INBOX_ARTICLES = 40
INBOX_JOBS = 8


def recent_jobs(user) -> list[ImportJob]:
    """The analyst's own jobs and the feed polls (which nobody started by hand)."""
    return list(
        ImportJob.objects.filter(Q(created_by=user) | Q(created_by__isnull=True)).select_related(
            "feed"
        )[:INBOX_JOBS]
    )


def jobs_context(user) -> dict:
    jobs = recent_jobs(user)
    return {"jobs": jobs, "jobs_running": any(not job.is_settled for job in jobs)}


def scope_tabs(user, scope: str) -> list[dict]:
    """The inbox's tabs over the readable articles: all, mine, unassigned, team, with counts
    (one aggregate query)."""
    readable = Article.objects.visible_to(user)
    counts = readable.aggregate(
        all=Count("pk"),
        mine=Count("pk", filter=Q(assigned_to=user)),
        unassigned=Count("pk", filter=Q(assigned_to__isnull=True)),
    )
    counts["team"] = queue.in_scope(readable, user, "team").count()
    labels = {"all": _("All"), "mine": _("Mine"), "unassigned": _("Unassigned"), "team": _("Team")}
    return [
        {"scope": name, "label": labels[name], "count": counts[name], "current": name == scope}
        for name in queue.SCOPES
    ]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not permissions.can_review(request.user):
        # A reader reviews nothing: the desk's home for them is the incident list.
        return redirect("desk:incident_list")
    proposed = Q(suggestions__status=Suggestion.Status.PROPOSED)
    scope = request.GET.get("scope", "all")
    scope = scope if scope in queue.SCOPES else "all"
    articles = (
        queue.in_scope(Article.objects.visible_to(request.user), request.user, scope)
        .select_related("outlet", "assigned_to")
        .annotate(
            proposed_count=Count("suggestions", filter=proposed),
            decided_count=Count("suggestions", filter=~proposed),
        )
        .annotate(
            waiting=Case(When(proposed_count__gt=0, then=1), default=0, output_field=IntegerField())
        )
        .order_by("-waiting", "-created_at", "-id")[:INBOX_ARTICLES]
    )
    visible = Incident.objects.visible_to(request.user).current()
    context = {
        "articles": articles,
        "scope": scope,
        "scope_tabs": scope_tabs(request.user, scope),
        "my_incidents_total": visible.filter(assigned_to=request.user).count(),
        **jobs_context(request.user),
        "waiting_total": Suggestion.objects.filter(
            status=Suggestion.Status.PROPOSED,
            article__in=Article.objects.visible_to(request.user),
        ).count(),
        "in_review_total": visible.filter(review_status=ReviewStatus.IN_REVIEW).count(),
        "draft_total": visible.filter(review_status=ReviewStatus.DRAFT).count(),
    }
    return render(request, "desk/inbox.html", context)


@login_required
def jobs_panel(request: HttpRequest) -> HttpResponse:
    """The jobs table alone, polled by htmx while a job runs."""
    return render(request, "desk/_jobs.html", jobs_context(request.user))
