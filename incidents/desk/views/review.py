"""Review an article: its text with the evidence highlighted and each proposed incident as a form.

Decisions go through the review services of `incidents.review` (propose, accept, reject, attach);
this module only shows, validates and reports.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from incidents import permissions, review
from incidents.models import EngineRun, Incident, Suggestion
from incidents.models.incidents import ClaimStatus
from sources.models import Article

from .. import highlight
from ..forms import RejectForm, SuggestionForm
from . import links, places

# A queued reading older than this has lost its worker: say so and offer to run it here.
STALE_QUEUE = datetime.timedelta(minutes=10)

CATEGORY_LABELS = {
    highlight.PLACE: gettext_lazy("Places"),
    highlight.ACTOR: gettext_lazy("Actors"),
    highlight.DATE: gettext_lazy("Dates"),
    highlight.CLAIM: gettext_lazy("Claim cues"),
    highlight.FATALITIES: gettext_lazy("Fatalities"),
}
CLAIM_LABELS = dict(ClaimStatus.choices)


def _require_analyst(user) -> None:
    if not permissions.can_review(user):
        raise PermissionDenied(_("Only analysts review proposed incidents."))


def _suggestion(request: HttpRequest, pk: int) -> Suggestion:
    articles = Article.objects.visible_to(request.user)
    return get_object_or_404(
        Suggestion.objects.select_related("article"), pk=pk, article__in=articles
    )


def _cards(request: HttpRequest, article: Article, bound: dict[int, SuggestionForm]) -> list[dict]:
    visible = Incident.objects.visible_to(request.user)
    suggestions = list(article.suggestions.order_by("position"))
    # A readable article can have been accepted into an incident the reader may not see: its
    # decided card then names no incident (not even its id, which would confirm it exists).
    linked = {s.incident_id for s in suggestions if s.incident_id is not None}
    readable = set(visible.filter(pk__in=linked).values_list("pk", flat=True)) if linked else set()
    cards = []
    for suggestion in suggestions:
        data = suggestion.data or {}
        card = {
            "suggestion": suggestion,
            "data": data,
            "evidence": [
                {**item, "category": highlight.category_of(str(item.get("field", "")))}
                for item in data.get("evidence", [])
                if isinstance(item, dict)
            ],
            "locations": data.get("locations") or [],
            # The model's labels: one vocabulary for claim statuses, translated.
            "claim_label": CLAIM_LABELS.get(data.get("claim_status"), data.get("claim_status")),
            "is_open": suggestion.status == Suggestion.Status.PROPOSED,
            "incident_id": suggestion.incident_id if suggestion.incident_id in readable else None,
        }
        if card["is_open"]:
            form = bound.get(suggestion.pk) or SuggestionForm(
                initial=SuggestionForm.initial_from(data), prefix=f"s{suggestion.pk}"
            )
            card["form"] = form
            card["places"] = places.rows_for_form(form)
            # Drawn after the page (htmx): ~20 kB of SVG per proposal would triple the page.
            card["preview_url"] = places.preview_url(card["places"], str(data.get("country") or ""))
            card["reject_form"] = RejectForm(prefix=f"r{suggestion.pk}")
            card["matches"] = review.explain_matches(suggestion, user=request.user)
            card["link_form"] = links.LinkSearchForm(
                initial=links.initial_for(suggestion), prefix=f"l{suggestion.pk}"
            )
        cards.append(card)
    return cards


def _render_article(
    request: HttpRequest,
    article: Article,
    bound: dict[int, SuggestionForm] | None = None,
    *,
    partial: bool = False,
) -> HttpResponse:
    evidence = [
        item
        for suggestion in article.suggestions.exclude(status=Suggestion.Status.REJECTED)
        for item in (suggestion.data or {}).get("evidence", [])
        if isinstance(item, dict)
    ]
    context = {
        "article": article,
        "segments": highlight.segments(article.text, evidence),
        "cards": _cards(request, article, bound or {}),
        "legend": list(CATEGORY_LABELS.items()),
        "can_review": permissions.can_review(request.user),
        "precisions": places.PRECISION_CHOICES,
        **_engine_state(article),
    }
    status = 400 if bound else 200
    template = "desk/_review_body.html" if partial else "desk/review.html"
    if not partial:
        context["next_article"] = next_in_inbox(request.user, article)
    return render(request, template, context, status=status)


def _engine_state(article: Article) -> dict:
    """Whether the engine has read the article, is reading it, or lost it."""
    has_suggestions = article.suggestions.exists()
    run = EngineRun.objects.filter(article=article).first()
    reading = bool(run and run.is_pending and not has_suggestions)
    stale = bool(
        reading
        and run.state == EngineRun.State.QUEUED
        and run.updated_at < timezone.now() - STALE_QUEUE
    )
    return {
        "engine_run": run,
        "engine_reading": reading and not stale,
        "engine_stale": stale,
        "engine_failed": bool(run and run.state == EngineRun.State.FAILED and not has_suggestions),
        # An article stored before the engine ran on it (e.g. by load_demo) has never had any.
        "never_proposed": not has_suggestions and run is None,
    }


def next_in_inbox(user, article: Article) -> Article | None:
    """The inbox's next article still waiting for a decision (the inbox order: newest first)."""
    waiting = (
        Article.objects.visible_to(user)
        .filter(suggestions__status=Suggestion.Status.PROPOSED)
        .exclude(pk=article.pk)
        .distinct()
        .order_by("-created_at", "-id")
    )
    older = waiting.filter(
        Q(created_at__lt=article.created_at) | Q(created_at=article.created_at, id__lt=article.pk)
    )
    return older.only("id").first() or waiting.only("id").first()


@login_required
def article(request: HttpRequest, pk: int) -> HttpResponse:
    readable = Article.objects.visible_to(request.user)
    obj = get_object_or_404(readable.select_related("outlet", "same_story_as"), pk=pk)
    if obj.same_story_as_id and not readable.filter(pk=obj.same_story_as_id).exists():
        # The earlier telling may sit at a marking the reader cannot read: do not name it.
        obj.same_story_as = None
    return _render_article(request, obj)


@login_required
def article_body(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by the review page while the engine reads: the state, then the whole review."""
    obj = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    state = _engine_state(obj)
    if state["engine_reading"]:
        return render(request, "desk/_engine_state.html", {"article": obj, **state})
    if (
        obj.same_story_as_id
        and not Article.objects.visible_to(request.user).filter(pk=obj.same_story_as_id).exists()
    ):
        obj.same_story_as = None
    response = _render_article(request, obj, partial=True)
    # Replace the whole review (text with highlights and the proposals), not the state line.
    response["HX-Retarget"] = "#review"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the engine again on an article (e.g. after adding an alias or a place)."""
    _require_analyst(request.user)
    obj = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    proposed = review.propose_for_article(obj)
    if proposed:
        messages.success(
            request,
            ngettext("%(n)d incident proposed.", "%(n)d incidents proposed.", len(proposed))
            % {"n": len(proposed)},
        )
    else:
        messages.info(request, _("The engine found no incident in this article."))
    return redirect("desk:article", pk=obj.pk)


def _already_decided(request: HttpRequest, suggestion: Suggestion) -> HttpResponse | None:
    if suggestion.status == Suggestion.Status.PROPOSED:
        return None
    messages.warning(
        request,
        _("This proposal was already decided: %(status)s.")
        % {"status": suggestion.get_status_display()},
    )
    return redirect("desk:article", pk=suggestion.article_id)


def _next_anchor(suggestion: Suggestion) -> str:
    following = (
        Suggestion.objects.filter(
            article_id=suggestion.article_id,
            status=Suggestion.Status.PROPOSED,
            position__gt=suggestion.position,
        )
        .order_by("position")
        .first()
    )
    url = reverse("desk:article", args=[suggestion.article_id])
    return f"{url}#suggestion-{following.pk}" if following else url


def _incident_link(incident: Incident) -> str:
    return format_html(
        '<a href="{}">{}</a>',
        reverse("desk:incident", args=[incident.pk]),
        _("incident #%(id)s") % {"id": incident.pk},
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    _require_analyst(request.user)
    suggestion = _suggestion(request, pk)
    if done := _already_decided(request, suggestion):
        return done
    form = SuggestionForm(
        request.POST,
        initial=SuggestionForm.initial_from(suggestion.data or {}),
        prefix=f"s{suggestion.pk}",
    )
    if not form.is_valid():
        messages.error(request, _("Please correct the proposed incident before accepting it."))
        return _render_article(request, suggestion.article, {suggestion.pk: form})
    try:
        incident = review.accept_suggestion(
            suggestion, request.user, changes=form.changes() or None
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        messages.error(request, _("The incident could not be created."))
        return _render_article(request, suggestion.article, {suggestion.pk: form})
    messages.success(
        request,
        format_html("{} {}", _("Accepted as"), _incident_link(incident)),
    )
    return redirect(_next_anchor(suggestion))


@login_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    _require_analyst(request.user)
    suggestion = _suggestion(request, pk)
    if done := _already_decided(request, suggestion):
        return done
    form = RejectForm(request.POST, prefix=f"r{suggestion.pk}")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    review.reject_suggestion(suggestion, request.user, reason=reason)
    messages.success(request, _("Proposal %(n)d rejected.") % {"n": suggestion.position + 1})
    return redirect(_next_anchor(suggestion))


@login_required
@require_POST
def attach(request: HttpRequest, pk: int, incident_pk: int) -> HttpResponse:
    _require_analyst(request.user)
    suggestion = _suggestion(request, pk)
    if done := _already_decided(request, suggestion):
        return done
    incident = get_object_or_404(Incident.objects.visible_to(request.user), pk=incident_pk)
    review.attach_to_incident(suggestion, incident, request.user)
    messages.success(
        request, format_html("{} {}", _("Article added as a source of"), _incident_link(incident))
    )
    return redirect(_next_anchor(suggestion))
