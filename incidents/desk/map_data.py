"""What the interactive map draws: one GeoJSON Point per located place of each incident, with
what its popup shows, already in the reader's language.

Built from incidents loaded with `with_list_data()` (no query per incident). The point is sized
by the incident's toll shared out over its places as the GeoJSON export and the ACLED rows share
it (`importers.common.split_fatalities`), with the radius rule of the static map
(`svg.point_radius`), so that the two maps agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incidents.importers.common import split_fatalities
from incidents.models import Incident, IncidentActor
from incidents.models.incidents import ReviewStatus

from . import svg

# Roles named in the popup, in this order (targets and associated actors are on the page).
POPUP_ROLES = (
    IncidentActor.Role.PERPETRATOR,
    IncidentActor.Role.SUSPECTED,
    IncidentActor.Role.CLAIMANT,
)


def _actors(incident: Incident) -> list[str]:
    by_role = incident.actors_by_role()
    return [
        f"{link.actor.label} ({IncidentActor.Role(role).label})"
        for role in POPUP_ROLES
        for link in by_role.get(role, [])
    ]


def _place(location, incident: Incident) -> str:
    parts = [location.name]
    admin1 = location.admin1_name or incident.admin1
    if admin1 and admin1 != location.name:
        parts.append(admin1)
    if location.country_code:
        parts.append(location.country_code)
    return ", ".join(parts)


def incident_features(incident: Incident) -> list[dict]:
    """The incident's located places as GeoJSON features, the primary place first."""
    links = [
        link
        for link in incident.incident_locations.all()
        if link.location.latitude is not None and link.location.longitude is not None
    ]
    links.sort(key=lambda link: not link.is_primary)
    if not links:
        return []
    shares = split_fatalities(incident.fatalities_best, len(links))
    unpublished = incident.review_status != ReviewStatus.PUBLISHED
    common = {
        "incident": incident.pk,
        "url": reverse("desk:incident", args=[incident.pk]),
        "date": incident.date_start.isoformat(),
        "date_text": date_format(incident.date_start, "j F Y"),
        "event_type": incident.event_type,
        "event_type_label": _(incident.event_type),
        "colour": svg.EVENT_TYPE_COLOURS.get(incident.event_type, svg.FALLBACK_COLOUR),
        "actors": _actors(incident),
        "claim": incident.claim_status_text,
        "toll": incident.fatalities_text,
        "unpublished": unpublished,
        "review_status": incident.get_review_status_display() if unpublished else "",
    }
    features = []
    for link, share in zip(links, shares, strict=True):
        location = link.location
        features.append(
            {
                "type": "Feature",
                "id": f"{incident.pk}-{location.pk}",
                "geometry": {
                    "type": "Point",
                    "coordinates": [location.longitude, location.latitude],
                },
                "properties": {
                    **common,
                    "place": _place(location, incident),
                    "is_primary": link.is_primary,
                    "fatalities": share,
                    "radius": svg.point_radius(share),
                },
            }
        )
    return features


def feature_collection(incidents: Iterable[Incident], *, truncated: bool = False) -> dict:
    features = [feature for incident in incidents for feature in incident_features(incident)]
    return {"type": "FeatureCollection", "truncated": truncated, "features": features}


def legend() -> list[dict]:
    """The event types and their colours, for the key beside the map."""
    return [
        {"event_type": event_type, "label": _(event_type), "colour": colour}
        for event_type, colour in svg.EVENT_TYPE_COLOURS.items()
    ]


def size_legend() -> list[dict]:
    """Fatality sizes for the key: the same radii as the points (`svg.point_radius`)."""
    return [
        {"label": label, "diameter": 2 * svg.point_radius(value), "unknown": value is None}
        for label, value in (("1", 1), ("10", 10), ("50", 50), (_("unknown"), None))
    ]


def strings() -> dict[str, str]:
    """The texts map.js writes, translated here (`%(name)s` placeholders filled in the page)."""
    return {
        "actors": _("Actors"),
        "claim": _("Claim"),
        "toll": _("Fatalities"),
        "none": _("none recorded"),
        "open": _("Open incident #%(id)s"),
        # Chosen in the page by the total: "1 of 1 incident", "3 of 12 incidents".
        "shown_one": _("%(shown)s of %(total)s incident shown"),
        "shown_many": _("%(shown)s of %(total)s incidents shown"),
        "outside": _("(%(n)s outside this view)"),
        "truncated": _("(the latest %(limit)s only: narrow the filters)"),
        "week": _("Week of %(start)s to %(end)s"),
        "period": _("Whole period: %(start)s to %(end)s"),
        "play": _("Play"),
        "pause": _("Pause"),
        "failed": _("The map could not be loaded."),
        "credit": _("Natural Earth · GeoNames (CC BY 4.0)"),
    }


def page_context() -> dict:
    """What `desk/_map.html` needs besides its data: the key and the texts."""
    return {
        "map_legend": {"types": legend(), "sizes": size_legend()},
        "map_strings": strings(),
    }
