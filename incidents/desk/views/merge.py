"""Merge a duplicate on the desk: find the incident to keep, compare both side by side, confirm.

The merge itself is `incidents.merge.merge_incidents` (editors only, all or nothing); the search
starts from `visible_to` and filters text and dates through `IncidentFilterSet`.
"""

from __future__ import annotations

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from incidents import permissions, workflow
from incidents.filtersets import IncidentFilterSet
from incidents.merge import merge_incidents
from incidents.models import Incident, IncidentActor, IncidentLocation

from .incidents import ROLE_ORDER

SEARCH_MAX_LENGTH = 200
MAX_CANDIDATES = 20
# With no search term: incidents this many days around this one, in the same country.
NEARBY_DAYS = 3


def _incident_for_merge(request: HttpRequest, pk: int) -> Incident:
    incident = get_object_or_404(permissions.visible_incidents(request.user), pk=pk)
    permissions.require(
        permissions.can_merge(request.user, incident),
        _("Only editors merge incidents. Tell an editor which incidents describe the same event."),
    )
    return incident


def merge_candidates(user, incident: Incident, term: str) -> list[Incident]:
    """Incidents `user` may see that `incident` could be merged into, matching `term`: an id
    (`12` or `#12`), a date (`2025-07-01`), or words found in the text (the shared `q` filter)
    or in a place name. No term: the same country, a few days either side."""
    base = permissions.visible_incidents(user).exclude(pk=incident.pk)
    term = term.strip()[:SEARCH_MAX_LENGTH]
    if not term:
        around = datetime.timedelta(days=NEARBY_DAYS)
        data = {
            "date_after": (incident.date_start - around).isoformat(),
            "date_before": (incident.date_start + around).isoformat(),
        }
        if incident.country:
            data["country"] = incident.country
        found = IncidentFilterSet(data, queryset=base).qs
    elif re.fullmatch(r"#?\d{1,12}", term):
        found = base.filter(pk=int(term.lstrip("#")))
    elif _iso_date(term):
        found = IncidentFilterSet({"date_after": term, "date_before": term}, queryset=base).qs
    else:
        text = IncidentFilterSet({"q": term}, queryset=base).qs
        places = IncidentLocation.objects.filter(
            incident=OuterRef("pk"), location__name__icontains=term
        )
        found = base.filter(
            Q(pk__in=text.values("pk")) | Q(admin1__icontains=term) | Exists(places)
        )
    return list(
        found.select_related("primary_location").order_by("-date_start", "-id")[:MAX_CANDIDATES]
    )


def _iso_date(term: str) -> bool:
    try:
        datetime.date.fromisoformat(term)
    except ValueError:
        return False
    return True


@login_required
def merge_search(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_for_merge(request, pk)
    term = request.GET.get("q", "")
    context = {
        "incident": incident,
        "term": term[:SEARCH_MAX_LENGTH],
        "candidates": merge_candidates(request.user, incident, term),
        "search_max_length": SEARCH_MAX_LENGTH,
        "too_long": len(term) > SEARCH_MAX_LENGTH,
    }
    return render(request, "desk/merge_search.html", context)


def _side(user, incident: Incident) -> dict:
    """What a reader compares to tell a duplicate: the facts of one incident."""
    by_role = incident.actors_by_role()
    return {
        "incident": incident,
        "roles": [
            (IncidentActor.Role(role).label, by_role[role])
            for role in ROLE_ORDER
            if role in by_role
        ],
        "sources": list(permissions.visible_sources(incident, user).order_by("id")),
    }


@login_required
def merge_confirm(request: HttpRequest, pk: int, into: int) -> HttpResponse:
    """GET: both records side by side. POST: merge #pk into #into, if neither changed since."""
    duplicate = _incident_for_merge(request, pk)
    visible = permissions.visible_incidents(request.user).with_list_data()
    target = get_object_or_404(visible, pk=into)
    duplicate = visible.get(pk=duplicate.pk)
    error, status = "", 200
    reason = request.POST.get("reason", "")[:2000]
    if request.method == "POST":
        try:
            _check_versions(request, (duplicate, target))
            merge_incidents(target, duplicate, request.user, reason=reason)
        except workflow.StaleEdit as stale:
            error = _(
                "Nothing was merged: #%(pk)s changed since you compared them. %(details)s"
            ) % {
                "pk": stale.current.pk,
                "details": stale.message,
            }
            status = 409
        except workflow.TransitionError as refusal:
            error, status = refusal.message, 409
        except PermissionDenied as denied:
            error, status = str(denied), 403
        else:
            messages.success(
                request,
                _(
                    "Incident #%(old)s was merged into this one: its actors, claims, sources and "
                    "places are here now, and #%(old)s redirects here."
                )
                % {"old": duplicate.pk},
            )
            return redirect("desk:incident", pk=target.pk)
        # The page shows the records as they are now.
        target = visible.get(pk=target.pk)
        duplicate = visible.filter(pk=duplicate.pk).first() or duplicate
    context = {
        "duplicate": _side(request.user, duplicate),
        "target": _side(request.user, target),
        "error": error,
        "reason": reason,
    }
    return render(request, "desk/merge_confirm.html", context, status=status)


def _check_versions(request: HttpRequest, incidents: tuple[Incident, ...]) -> None:
    """Refuse a merge confirmed on a stale comparison (either record changed since it was shown)."""
    for incident in incidents:
        try:
            shown = int(request.POST.get(f"version_{incident.pk}", ""))
        except ValueError:
            raise workflow.TransitionError(
                _("The form did not say which versions you compared; nothing was merged."),
                code="no_version",
            ) from None
        if shown != incident.version:
            raise workflow.stale_edit(incident.pk, shown, {}, reader=request.user)
