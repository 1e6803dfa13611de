"""From incidents to the SVG maps and charts (the drawing itself is in `svg.py`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from incidents.extraction.taxonomy import EVENT_TYPES
from incidents.models import Incident
from incidents.models.incidents import ReviewStatus

from . import geo, svg


def incident_point(incident: Incident) -> svg.MapPoint | None:
    location = incident.primary_location
    if location is None or location.latitude is None or location.longitude is None:
        return None
    unpublished = incident.review_status != ReviewStatus.PUBLISHED
    status = f" ({incident.get_review_status_display()})" if unpublished else ""
    return svg.MapPoint(
        lon=location.longitude,
        lat=location.latitude,
        fatalities=incident.fatalities_best
        if incident.fatalities_best is not None
        else incident.fatalities_low,
        title=f"{incident.date_start:%Y-%m-%d} {location.name}: {_(incident.event_type)}, "
        f"{_('fatalities')} {incident.fatalities_text}{status}",
        href=reverse("desk:incident", args=[incident.pk]),
        colour=svg.EVENT_TYPE_COLOURS.get(incident.event_type, svg.FALLBACK_COLOUR),
        unpublished=unpublished,
    )


def _legend() -> list[tuple[str, int | None]]:
    return [("1", 1), ("10", 10), ("50", 50), (_("unknown"), None)]


def incidents_map(
    incidents: Iterable[Incident], *, country: str = "", language: str = "en", width: int = 640
) -> tuple[SafeString, int]:
    """The map zoomed to the incidents, and how many could not be placed (no coordinates).
    Unpublished incidents (shown when the reader asked for them) are ringed."""
    points, unplaced = [], 0
    for incident in incidents:
        point = incident_point(incident)
        if point is None:
            unplaced += 1
        else:
            points.append(point)
    drawing = svg.map_svg(
        geo.shapes(country, language, admin1_for=country),
        points,
        bbox=geo.incidents_extent([(p.lon, p.lat) for p in points], country),
        width=width,
        title=_("Map of incidents sized by fatalities"),
        legend=_legend(),
        legend_title=_("Fatalities"),
        unpublished_label=_("not published"),
    )
    return mark_safe(drawing), unplaced  # noqa: S308 - svg.py escapes every text it writes


def place_map(incident: Incident, *, language: str = "en", width: int = 420) -> SafeString | None:
    """The incident's places over its country's regions; None when no place has coordinates."""
    points = []
    for link in incident.incident_locations.all():
        location = link.location
        if location.latitude is None or location.longitude is None:
            continue
        points.append(
            svg.MapPoint(
                lon=location.longitude,
                lat=location.latitude,
                fatalities=incident.fatalities_best if link.is_primary else None,
                title=str(location),
                colour=svg.EVENT_TYPE_COLOURS.get(incident.event_type, svg.FALLBACK_COLOUR),
            )
        )
    if not points:
        return None
    country = incident.country
    drawing = svg.map_svg(
        geo.shapes(country, language, admin1_for=country),
        points,
        bbox=geo.frame(country, [(p.lon, p.lat) for p in points]),
        width=width,
        title=_("Where it happened"),
        legend=(),
    )
    return mark_safe(drawing)  # noqa: S308 - svg.py escapes every text it writes


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weekly_counts(
    rows: Sequence[tuple[datetime.date, str]], start: datetime.date, end: datetime.date
) -> tuple[list[datetime.date], dict[str, list[int]]]:
    """(date, event type) rows → Monday of every week in [start, end] and counts per type."""
    weeks = []
    cursor = week_start(start)
    while cursor <= end:
        weeks.append(cursor)
        cursor += datetime.timedelta(days=7)
    index = {w: i for i, w in enumerate(weeks)}
    series = {t: [0] * len(weeks) for t in EVENT_TYPES}
    for day, event_type in rows:
        i = index.get(week_start(day))
        if i is None:
            continue
        series.setdefault(event_type, [0] * len(weeks))[i] += 1
    return weeks, series


def weekly_chart(
    rows: Sequence[tuple[datetime.date, str]], start: datetime.date, end: datetime.date
) -> SafeString:
    weeks, series = weekly_counts(rows, start, end)
    # "N": the localised abbreviation ("juin", "juil."), never ambiguous as "Jui" (juin/juillet).
    labels = [date_format(w, "j N") for w in weeks]
    drawing = svg.stacked_bar_chart(
        svg.ChartData(labels, series),
        title=_("Incidents per week by event type"),
        series_labels={t: _(t) for t in series},
        empty_text=_("No incidents in this period"),
    )
    return mark_safe(drawing)  # noqa: S308 - svg.py escapes every text it writes
