"""The places editor of a proposal: gazetteer autocomplete (JSON) and a small map preview (SVG).

Both are for the people who review proposals; places have no marking of their own, so the rule
is the review permission. The map is drawn offline from the desk's boundaries (`svg`, `geo`).
"""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from incidents import permissions
from incidents.models import Location, LocationName
from incidents.models.incidents import GeoPrecision

from .. import geo, svg
from ..forms import SuggestionForm

SEARCH_RESULTS = 10
SEARCH_MAX_CHARS = 100
PREVIEW_MAX_POINTS = 20
PREVIEW_WIDTH = 230
PREVIEW_DOT = 10
PREVIEW_COLOUR = "#1f5fa8"
PRECISION_CHOICES = GeoPrecision.choices
# GeoNames feature classes, in words (https://www.geonames.org/export/codes.html).
FEATURE_CLASSES = {
    "A": gettext_lazy("admin area"),
    "P": gettext_lazy("town or village"),
    "S": gettext_lazy("site"),
    "H": gettext_lazy("water"),
    "T": gettext_lazy("terrain"),
    "L": gettext_lazy("area"),
    "R": gettext_lazy("road"),
    "V": gettext_lazy("vegetation"),
    "U": gettext_lazy("undersea"),
}
ALTERNATE_LANGUAGES = ("fr", "en")


def _require_reviewer(request: HttpRequest) -> None:
    permissions.require(
        permissions.can_review(request.user), _("Only analysts review proposed incidents.")
    )


def describe(location: Location) -> dict[str, Any]:
    """What the editor shows of a gazetteer place."""
    alternates: dict[str, list[str]] = {}
    for alt in getattr(location, "shown_names", []):
        names = alternates.setdefault(alt.language, [])
        if alt.name != location.name and alt.name not in names and len(names) < 3:
            names.append(alt.name)
    return {
        "id": location.pk,
        "name": location.name,
        "admin1": location.admin1_name if location.kind != Location.Kind.ADMIN1 else "",
        "country": location.country_code,
        "kind": location.get_kind_display(),
        "feature_class": location.feature_class,
        "feature": str(FEATURE_CLASSES.get(location.feature_class, location.get_kind_display())),
        "feature_code": location.feature_code,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "alternates": alternates,
    }


def _with_names(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "alternate_names",
            queryset=LocationName.objects.filter(language__in=ALTERNATE_LANGUAGES),
            to_attr="shown_names",
        )
    )


def rows_for_form(form: SuggestionForm) -> list[dict[str, Any]]:
    """The places a proposal's editor starts with (the analyst's, after a refused accept)."""
    raw = form.data.get(form.add_prefix("places")) if form.is_bound else None
    try:
        items = json.loads(raw) if raw else json.loads(form.initial.get("places") or "[]")
    except ValueError:
        items = []
    if not isinstance(items, list):
        items = []
    ids = [int(i["location_id"]) for i in items if isinstance(i, dict) and i.get("location_id")]
    known = _with_names(Location.objects.filter(pk__in=ids)).in_bulk()
    rows = []
    for item in items[:PREVIEW_MAX_POINTS]:
        if not isinstance(item, dict):
            continue
        precision = item.get("precision") or GeoPrecision.EXACT
        if item.get("location_id"):
            location = known.get(int(item["location_id"]))
            if location is not None:
                rows.append({**describe(location), "precision": int(precision), "new": False})
        elif item.get("name"):
            rows.append(
                {
                    "id": None,
                    "name": str(item["name"])[:200],
                    "latitude": item.get("latitude"),
                    "longitude": item.get("longitude"),
                    "precision": int(precision),
                    "new": True,
                }
            )
    return rows


def preview_svg(points: list[tuple[float, float]], country: str = "") -> SafeString | None:
    """A small map of the proposal's places over the country's regions, or None without points."""
    if not points:
        return None
    country = country.upper() if len(country) == 2 else ""
    return _drawing(tuple(points), country, get_language() or "en")


@functools.lru_cache(maxsize=256)
def _drawing(points: tuple[tuple[float, float], ...], country: str, language: str) -> SafeString:
    # Drawing the outlines takes ~10 ms; a page of proposals redraws the same few maps.
    # A filled mid-sized dot: the preview shows where, not a toll (no legend).
    shown = [
        svg.MapPoint(lon=lon, lat=lat, fatalities=PREVIEW_DOT, colour=PREVIEW_COLOUR)
        for lat, lon in points
    ]
    drawing = svg.map_svg(
        geo.shapes(country, language, admin1_for=country),
        shown,
        # The country with its regions: a town in the wrong part of it stands out.
        bbox=geo.frame(country, [(lon, lat) for lat, lon in points]),
        width=PREVIEW_WIDTH,
        title=_("Places of this proposal"),
        legend=(),
    )
    return mark_safe(drawing)  # noqa: S308 - svg.py escapes every text it writes


def preview_url(rows: list[dict[str, Any]], country: str = "") -> str:
    """The preview's address for these places (the page loads the map after itself)."""
    params = [("p", f"{lat},{lon}") for lat, lon in row_points(rows)]
    params.append(("country", country))
    return f"{reverse('desk:place_preview')}?{urlencode(params)}"


def row_points(rows: list[dict[str, Any]]) -> list[tuple[float, float]]:
    return [
        (float(r["latitude"]), float(r["longitude"]))
        for r in rows
        if r.get("latitude") not in (None, "") and r.get("longitude") not in (None, "")
    ]


@login_required
def place_search(request: HttpRequest) -> JsonResponse:
    """?q=Tombouctou → up to 10 gazetteer places whose name or alternate name contains it."""
    _require_reviewer(request)
    term = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_CHARS]
    if len(term) < 2:
        return JsonResponse({"results": [], "error": _("Type at least two letters.")})
    found = _with_names(
        Location.objects.search(term).order_by("-population", "name", "pk")[:SEARCH_RESULTS]
    )
    return JsonResponse({"results": [describe(location) for location in found]})


def _parse_points(values: list[str]) -> list[tuple[float, float]]:
    points = []
    for value in values[:PREVIEW_MAX_POINTS]:
        try:
            lat, lon = (float(part) for part in value.split(",", 1))
        except ValueError:
            continue
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            points.append((lat, lon))
    return points


@login_required
def place_preview(request: HttpRequest) -> HttpResponse:
    """?p=lat,lon (repeated) &country=ML → the preview map, or a line saying there is none."""
    _require_reviewer(request)
    drawing = preview_svg(_parse_points(request.GET.getlist("p")), request.GET.get("country", ""))
    if drawing is None:
        return HttpResponse(
            format_html('<p class="muted small">{}</p>', _("No place with coordinates to show."))
        )
    return HttpResponse(drawing)
