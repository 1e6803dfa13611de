"""Review an article: its text with the evidence highlighted and each proposed incident as a form.

Decisions go through the review services of `incidents.review` (propose, accept, reject, attach);
this module only shows, validates and reports.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from incidents import permissions, review
from incidents.models import Incident, Suggestion
from incidents.models.incidents import ClaimStatus
from sources.models import Article

from .. import highlight
from ..forms import RejectForm, SuggestionForm

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
            card["form"] = bound.get(suggestion.pk) or SuggestionForm(
                initial=SuggestionForm.initial_from(data), prefix=f"s{suggestion.pk}"
            )
            card["reject_form"] = RejectForm(prefix=f"r{suggestion.pk}")
            ids = [m.pk for m in review.likely_matches(suggestion, user=request.user)]
            card["matches"] = list(visible.filter(pk__in=ids).select_related("primary_location"))
        cards.append(card)
    return cards


def _render_article(
    request: HttpRequest, article: Article, bound: dict[int, SuggestionForm] | None = None
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
        # An article stored before the engine ran on it (e.g. by load_demo) has never had any.
        "never_proposed": not article.suggestions.exists(),
        "can_review": permissions.can_review(request.user),
    }
    status = 400 if bound else 200
    return render(request, "desk/review.html", context, status=status)


@login_required
def article(request: HttpRequest, pk: int) -> HttpResponse:
    readable = Article.objects.visible_to(request.user)
    obj = get_object_or_404(readable.select_related("outlet", "same_story_as"), pk=pk)
    if obj.same_story_as_id and not readable.filter(pk=obj.same_story_as_id).exists():
        # The earlier telling may sit at a marking the reader cannot read: do not name it.
        obj.same_story_as = None
    return _render_article(request, obj)


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
