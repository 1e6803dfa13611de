"""Add an article as a source of an incident the automatic matches missed: a search over
date, place, actor and text, among the incidents the analyst may see."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents import permissions
from incidents.filtersets import IncidentFilterSet
from incidents.models import Actor, Incident, IncidentActor, IncidentLocation, Location, Suggestion
from sources.models import Article

LINK_WINDOW_DAYS = 7
LINK_RESULTS = 15


class LinkSearchForm(forms.Form):
    date_after = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_before = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=gettext_lazy("Place"), required=False, max_length=100)
    actor = forms.CharField(label=gettext_lazy("Actor"), required=False, max_length=100)
    q = forms.CharField(label=gettext_lazy("Text"), required=False, max_length=200)


def initial_for(suggestion: Suggestion) -> dict[str, Any]:
    """A week either side of the proposal's date (or of the report's), at its first place."""
    data = suggestion.data or {}
    try:
        day = datetime.date.fromisoformat(str(data.get("date_start") or ""))
    except ValueError:
        article = suggestion.article
        moment = article.published_at or article.created_at
        day = timezone.localtime(moment).date()
    window = datetime.timedelta(days=LINK_WINDOW_DAYS)
    places = [loc.get("name") for loc in data.get("locations") or [] if loc.get("name")]
    return {
        "date_after": day - window,
        "date_before": day + window,
        "place": places[0] if places else (data.get("admin1") or ""),
    }


def search(user, cleaned: dict[str, Any]) -> list[Incident]:
    """Visible incidents matching the search; the dates and text go through the shared filters."""
    shared = {
        key: cleaned[key].isoformat() if hasattr(cleaned[key], "isoformat") else cleaned[key]
        for key in ("date_after", "date_before", "q")
        if cleaned.get(key)
    }
    incidents = IncidentFilterSet(shared, queryset=Incident.objects.visible_to(user).current()).qs
    place = cleaned.get("place", "").strip()
    if place:
        located = IncidentLocation.objects.filter(
            incident=OuterRef("pk"), location__in=Location.objects.search(place).values("pk")
        )
        incidents = incidents.filter(Q(admin1__icontains=place) | Exists(located))
    actor = cleaned.get("actor", "").strip()
    if actor:
        actors = Actor.objects.filter(
            Q(name__icontains=actor)
            | Q(short_name__icontains=actor)
            | Q(aliases__alias__icontains=actor)
        ).values("pk")
        incidents = incidents.filter(
            Exists(IncidentActor.objects.filter(incident=OuterRef("pk"), actor__in=actors))
        )
    return list(
        incidents.select_related("primary_location").order_by("-date_start", "-pk")[:LINK_RESULTS]
    )


@login_required
def link_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The results under the "Add as source of an existing incident" search of one proposal."""
    permissions.require(
        permissions.can_review(request.user), _("Only analysts review proposed incidents.")
    )
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("article"),
        pk=pk,
        article__in=Article.objects.visible_to(request.user),
    )
    form = LinkSearchForm(request.GET, prefix=f"l{suggestion.pk}")
    results: list[Incident] = []
    if form.is_valid():
        results = search(request.user, form.cleaned_data)
    return render(
        request,
        "desk/_link_results.html",
        {"suggestion": suggestion, "form": form, "results": results, "searched": True},
    )
