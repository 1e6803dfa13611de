"""The incident list (shared filters, sortable, paginated, CSV) and the incident page."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from incidents import assignment, corroboration, permissions
from incidents.exports import streaming_csv_response
from incidents.exports.documents import geojson_bytes, stix_bytes
from incidents.exports.filtering import with_sharing_default
from incidents.exports.renderers import STIX_CONTENT_TYPE
from incidents.extraction.taxonomy import EVENT_TYPES
from incidents.filtersets import IncidentFilterSet
from incidents.merge import merged_target
from incidents.models import Actor, Incident, IncidentActor, Suggestion
from incidents.models.incidents import ClaimStatus, ReviewStatus
from incidents.workflow_steps import REASON_MAX_LENGTH, available_steps
from sources.models import Article

from .. import geo, map_data, maps
from ..step_history import step_history

PAGE_SIZE = 50

# Sort keys offered in the column headers → ORM ordering (an unknown key falls back to date).
SORTS = {
    "date": ("date_start", "id"),
    "-date": ("-date_start", "-id"),
    "fatalities": ("fatalities_best", "id"),
    "-fatalities": ("-fatalities_best", "-id"),
    "country": ("country", "admin1", "-date_start"),
    "-country": ("-country", "-admin1", "-date_start"),
    "type": ("event_type", "-date_start"),
    "-type": ("-event_type", "-date_start"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
DEFAULT_SORT = "-date"


def filtered_incidents(request: HttpRequest, data=None) -> IncidentFilterSet:
    """The user's visible, current incidents through the one filter definition."""
    queryset = Incident.objects.visible_to(request.user).current()
    return IncidentFilterSet(
        request.GET if data is None else data, queryset=queryset, request=request
    )


def filter_form_context(request: HttpRequest) -> dict:
    return {
        "event_types": list(EVENT_TYPES),
        "claim_statuses": ClaimStatus.choices,
        "review_statuses": ReviewStatus.choices,
        "countries": sorted(geo.country_names(request.LANGUAGE_CODE).items(), key=lambda c: c[1]),
        "actors": Actor.objects.filter(active=True).only("id", "name", "short_name", "country"),
    }


def bulk_context(request: HttpRequest) -> dict:
    from .bulk import bulk_context as context  # the bulk views import this module

    return context(request)


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    filterset = filtered_incidents(request)
    sort = request.GET.get("sort", DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    status = 200
    if filterset.is_valid():
        queryset: QuerySet = filterset.qs.order_by(*SORTS[sort]).with_list_data()
    else:
        queryset = Incident.objects.none()
        status = 400
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    active = [
        key for key, value in request.GET.items() if value and key not in ("page", "sort", "view")
    ]
    map_view = request.GET.get("view") == "map"
    context = {
        "map_view": map_view,
        "page": page,
        "filterset": filterset,
        "errors": filterset.errors if status == 400 else {},
        "sort": sort,
        "active_filters": active,
        "query": request.GET,
        **filter_form_context(request),
        **bulk_context(request),
    }
    if map_view and status == 200:
        context.update(map_data.page_context())
        context["period_start"] = filterset.form.cleaned_data.get("date_after")
        context["period_end"] = filterset.form.cleaned_data.get("date_before")
    return render(request, "desk/incident_list.html", context, status=status)


def _shared_incidents(request: HttpRequest) -> QuerySet[Incident] | None:
    """The list's (and the briefing's) filters with the sharing default: published incidents
    unless `review_status` asks for others; None when the filters are not valid."""
    permissions.require(permissions.can_export(request.user), _("You may not export incidents."))
    filterset = filtered_incidents(request, with_sharing_default(request.GET))
    if not filterset.is_valid():
        messages.error(request, _("The filters are not valid; nothing was exported."))
        return None
    # The export prefetches what its layout needs itself.
    return filterset.qs.order_by("date_start", "id")


def _export_name(request: HttpRequest) -> str:
    return "incidents-" + "-".join(
        part
        for part in (
            request.GET.get("country", ""),
            request.GET.get("date_after", ""),
            request.GET.get("date_before", "") or datetime.date.today().isoformat(),
        )
        if part
    )


def _back_to_list(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('desk:incident_list')}?{request.GET.urlencode()}")


# The CSV layouts the desk offers: the briefing, and the briefing with HXL hashtags (HDX).
DESK_CSV_LAYOUTS = ("briefing", "hxl")


@login_required
def incident_csv(request: HttpRequest) -> HttpResponse:
    """The same filters as the list (and the briefing), streamed as CSV (`?layout=hxl` for the
    HXL-tagged briefing): published incidents unless `review_status` asks for others."""
    queryset = _shared_incidents(request)
    if queryset is None:
        return _back_to_list(request)
    layout = request.GET.get("layout", "briefing")
    if layout not in DESK_CSV_LAYOUTS:
        layout = "briefing"
    hint = _export_name(request) + ("-hxl" if layout == "hxl" else "")
    return streaming_csv_response(
        queryset, layout, user=request.user, filename_hint=hint, language=request.LANGUAGE_CODE
    )


@login_required
def incident_stix(request: HttpRequest) -> HttpResponse:
    """The same incidents as a STIX 2.1 bundle (`exports.stix`)."""
    queryset = _shared_incidents(request)
    if queryset is None:
        return _back_to_list(request)
    response = StreamingHttpResponse(
        stix_bytes(queryset, user=request.user), content_type=STIX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(request)}.stix.json"'
    return response


@login_required
def incident_geojson(request: HttpRequest) -> HttpResponse:
    """The same incidents as GeoJSON for GIS: one point per place (`exports.geojson`)."""
    queryset = _shared_incidents(request)
    if queryset is None:
        return _back_to_list(request)
    response = StreamingHttpResponse(
        geojson_bytes(queryset, user=request.user), content_type="application/geo+json"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(request)}.geojson"'
    return response


ROLE_ORDER = [
    IncidentActor.Role.PERPETRATOR,
    IncidentActor.Role.SUSPECTED,
    IncidentActor.Role.CLAIMANT,
    IncidentActor.Role.TARGET,
    IncidentActor.Role.ASSOCIATED,
]


def _admin_url(request: HttpRequest, incident: Incident) -> str | None:
    """The admin change page, for staff, once the admin registers incidents."""
    if not request.user.is_staff:
        return None
    try:
        return reverse("admin:incidents_incident_change", args=[incident.pk])
    except NoReverseMatch:
        return None


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visible = Incident.objects.visible_to(request.user)
    if not visible.filter(pk=pk).exists():
        # A duplicate merged into another incident redirects there; anything else is a 404.
        target = merged_target(pk, request.user)
        if target is None:
            raise Http404
        messages.info(
            request,
            _("Incident #%(old)s was merged into #%(new)s.") % {"old": pk, "new": target.pk},
        )
        return redirect("desk:incident", pk=target.pk)
    return incident_page(request, pk)


def incident_page(
    request: HttpRequest, pk: int, *, status: int = 200, refusal: dict | None = None
) -> HttpResponse:
    """The incident page as `request.user` may see it; `refusal` (a step that was not taken:
    its slug, the message, the reason typed) is shown above the review steps."""
    visible = Incident.objects.visible_to(request.user)
    # Sources and claim events are loaded apart from the incident, through the article rule: an
    # incident the reader may see can cite an article they may not (a GREEN incident, a RED cable).
    incident = get_object_or_404(
        visible.with_list_data().select_related(
            "submitted_by", "published_by", "retracted_by", "assigned_to"
        ),
        pk=pk,
    )
    sources = list(permissions.visible_sources(incident, request.user).order_by("id"))
    events = permissions.visible_claim_events(incident, request.user)
    # Masked events already hold source_article=None, so this loads only the readable ones.
    prefetch_related_objects(events, "source_article__outlet")
    by_role = incident.actors_by_role()
    roles = [
        (IncidentActor.Role(role).label, by_role[role]) for role in ROLE_ORDER if role in by_role
    ]
    timeline = sorted(events, key=lambda e: (e.date or datetime.date.max, e.created_at, e.pk))
    readable_articles = Article.objects.visible_to(request.user).values("pk")
    context = {
        "incident": incident,
        "roles": roles,
        "timeline": timeline,
        "sources": sources,
        "corroboration": corroboration.corroborate(map(corroboration.fact_of, sources)),
        "corroboration_rule": corroboration.RULE,
        "map": maps.place_map(incident, language=request.LANGUAGE_CODE),
        "map_points": map_data.feature_collection([incident]),
        **map_data.page_context(),
        "suggestions": Suggestion.objects.filter(
            incident=incident, article__in=readable_articles
        ).select_related("article"),
        "admin_url": _admin_url(request, incident),
        **workflow_context(request, incident, refusal),
    }
    return render(request, "desk/incident_detail.html", context, status=status)


def workflow_context(request: HttpRequest, incident: Incident, refusal: dict | None) -> dict:
    """The review panel: the steps the reader may take now, the history of steps, the merge."""
    user = request.user
    history_allowed = permissions.can_view_history(user, incident)
    available = available_steps(user, incident)
    refusal = dict(refusal or {})
    # A reason typed for a step the page no longer offers is shown back, not dropped.
    refusal["orphan_reason"] = (
        refusal.get("reason", "").strip()
        if refusal.get("step") not in {step.slug for step in available}
        else ""
    )
    return {
        "steps": available,
        "step_history": step_history(incident, request.user) if history_allowed else [],
        "can_merge": permissions.can_merge(user, incident),
        "assignees": assignment.assignable_users().only("id", "username")
        if permissions.can_edit(user, incident)
        else None,
        "refusal": refusal,
        "reason_max_length": REASON_MAX_LENGTH,
    }
