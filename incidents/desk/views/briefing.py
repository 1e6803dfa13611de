"""The briefing: a region and a period at a glance — chart, map, perpetrators, claims, CSV.

A sharing surface: published incidents unless the reader ticks other review statuses
(`incidents.exports.filtering.with_sharing_default`, the rule of every CSV too); unpublished
incidents shown on purpose are marked in the table, ringed on the map and named in the CSV.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from incidents import permissions
from incidents.exports.filtering import REVIEW_STATUS_PARAM, with_sharing_default
from incidents.models import Incident, IncidentActor
from incidents.models.incidents import ClaimStatus, ReviewStatus

from .. import geo, map_data, maps
from ..forms import BriefingForm
from .incidents import filtered_incidents

DEFAULT_DAYS = 7
TABLE_LIMIT = 200
TOP_ACTORS = 10
PERPETRATOR_ROLES = (
    IncidentActor.Role.PERPETRATOR,
    IncidentActor.Role.SUSPECTED,
    IncidentActor.Role.CLAIMANT,
)


def _chosen(form: BriefingForm) -> dict:
    """The form's valid choices: a bad field (an unknown review status) drops only itself, a
    period that ends before it starts drops the period (the page says why either way)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    chosen = dict(form.cleaned_data)
    if form.non_field_errors():
        chosen.pop("date_after", None)
        chosen.pop("date_before", None)
    return chosen


def _period(chosen: dict) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    before = chosen.get("date_before") or today
    after = chosen.get("date_after") or before - datetime.timedelta(days=DEFAULT_DAYS - 1)
    return after, before


def top_perpetrators(incidents) -> list[dict]:
    """Actors by number of incidents, split by role (did it / suspected / claimed)."""
    rows = (
        IncidentActor.objects.filter(incident__in=incidents, role__in=PERPETRATOR_ROLES)
        .values("actor_id", "actor__name", "actor__short_name", "role")
        .annotate(n=Count("incident", distinct=True))
    )
    actors: dict[int, dict] = {}
    for row in rows:
        entry = actors.setdefault(
            row["actor_id"],
            {"name": row["actor__short_name"] or row["actor__name"], "full": row["actor__name"]},
        )
        entry[row["role"]] = row["n"]
    totals = dict(
        IncidentActor.objects.filter(incident__in=incidents, role__in=PERPETRATOR_ROLES)
        .values_list("actor_id")
        .annotate(n=Count("incident", distinct=True))
    )
    for actor_id, entry in actors.items():
        entry["total"] = totals.get(actor_id, 0)
    return sorted(actors.values(), key=lambda e: (-e["total"], e["name"]))[:TOP_ACTORS]


def claim_breakdown(incidents) -> list[dict]:
    counts = dict(incidents.values_list("claim_status").annotate(n=Count("id")).order_by())
    total = sum(counts.values()) or 1
    return [
        {
            "status": value,
            "label": label,
            "n": counts.get(value, 0),
            "percent": round(100 * counts.get(value, 0) / total),
        }
        for value, label in ClaimStatus.choices
    ]


def _presets(country: str, admin1: str, statuses: str) -> list[tuple[int, str]]:
    today = timezone.localdate()
    presets = []
    for days in (7, 28, 91):
        query = {"country": country, "admin1": admin1, REVIEW_STATUS_PARAM: statuses}
        query["date_after"] = (today - datetime.timedelta(days=days - 1)).isoformat()
        query["date_before"] = today.isoformat()
        presets.append((days, urlencode({k: v for k, v in query.items() if v})))
    return presets


@login_required
def briefing(request: HttpRequest) -> HttpResponse:
    language = request.LANGUAGE_CODE
    form = BriefingForm(request.GET or None, language=language)
    chosen = _chosen(form)
    after, before = _period(chosen)
    country = chosen.get("country", "")
    admin1 = chosen.get("admin1", "")
    params = {"date_after": after.isoformat(), "date_before": before.isoformat()}
    if country:
        params["country"] = country
    if admin1:
        params["admin1"] = admin1
    asked = ",".join(chosen.get("review_status") or [])
    if asked:
        params[REVIEW_STATUS_PARAM] = asked
    params = with_sharing_default(params)
    selected = params[REVIEW_STATUS_PARAM].split(",")
    filterset = filtered_incidents(request, params)
    incidents = filterset.qs if filterset.is_valid() else Incident.objects.none()
    totals = incidents.aggregate(
        n=Count("id"),
        fatalities=Sum("fatalities_best"),
        unknown_toll=Count("id", filter=Q(fatalities_best__isnull=True)),
        civilians=Count("id", filter=Q(civilian_targeting=True)),
        unpublished=Count("id", filter=~Q(review_status=ReviewStatus.PUBLISHED)),
    )
    listed = list(incidents.order_by("-date_start", "-id").with_list_data()[:TABLE_LIMIT])
    drawing, unplaced = maps.incidents_map(
        incidents.select_related("primary_location").order_by("-date_start", "-id"),
        country=country,
        language=language,
        width=620,
    )
    claims = claim_breakdown(incidents)
    context = {
        "form": form,
        "after": after,
        "before": before,
        "country": country,
        "country_name": geo.country_names(language).get(country, "") if country else "",
        "admin1": admin1,
        "totals": totals,
        "chart": maps.weekly_chart(
            list(incidents.values_list("date_start", "event_type")), after, before
        ),
        "map": drawing,
        "unplaced": unplaced,
        "perpetrators": top_perpetrators(incidents),
        "claims": claims,
        "claimed_n": sum(c["n"] for c in claims if c["status"] in ("claimed", "disputed")),
        "unclaimed_n": sum(
            c["n"] for c in claims if c["status"] in ("unclaimed", "unknown", "attributed")
        ),
        "incidents": listed,
        "more": totals["n"] - len(listed),
        "csv_query": urlencode(params),
        "presets": _presets(country, admin1, asked),
        "review_choices": ReviewStatus.choices,
        "review_selected": selected,
        "review_labels": [label for value, label in ReviewStatus.choices if value in selected],
        # Viewers read published incidents only: no choice to offer them.
        "may_choose_review_status": permissions.can_edit(request.user),
        **map_data.page_context(),
    }
    return render(request, "desk/briefing.html", context)
