"""GeoJSON for GIS (QGIS reads it through GDAL/OGR): one Point feature per located incident
place, with the briefing's properties and the incident's toll shared out as the ACLED layout
shares it.

Built from the API's incident dicts (`api.representation`), for the API's `?format=geojson`
pages and for the whole-file download of the desk (`documents.geojson_bytes`) alike.
"""

from __future__ import annotations

import datetime

from incidents import corroboration
from incidents.importers.common import split_fatalities

from .layouts import (
    BRIEFING_HEADERS,
    ActorRecord,
    IncidentRecord,
    PlaceRecord,
    briefing_rows,
)

PROPERTIES = (
    "summary",
    "date_start",
    "date_end",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "fatalities_text",
    "civilian_targeting",
    "claim_status",
    "claim_status_text",
    "review_status",
    "tlp",
    "updated_at",
)
# The briefing CSV's columns (`layouts.briefing_rows`, in this order) as property names.
BRIEFING_PROPERTIES = (
    "date",
    "place",
    "admin1",
    "country_name",
    "event",
    "perpetrators",
    "suspected",
    "claim_status_text",
    "fatalities_text",
    "summary",
    "sources",
    "review_status_label",
    "reports",
    "independent_sources",
    "reported_tolls_text",
    "best_grade",
    "confidence_label",
)
assert len(BRIEFING_PROPERTIES) == len(BRIEFING_HEADERS["en"])


def record_from_row(row: dict) -> IncidentRecord:
    """The API's incident dict as the plain record the CSV layouts read."""
    best, low = row.get("fatalities_best"), row.get("fatalities_low")
    return IncidentRecord(
        id=row["id"],
        date_start=datetime.date.fromisoformat(row["date_start"]),
        date_end=datetime.date.fromisoformat(row["date_end"]) if row.get("date_end") else None,
        summary=row.get("summary") or "",
        event_type=row.get("event_type") or "",
        sub_event_type=row.get("sub_event_type") or "",
        country=row.get("country") or "",
        admin1=row.get("admin1") or "",
        fatalities_text=row.get("fatalities_text") or "unknown",
        fatalities_count=best if best is not None else low,
        claim_status_text=row.get("claim_status_text") or "",
        actors=[
            ActorRecord(
                name=link["actor"]["name"],
                label=link["actor"]["label"],
                actor_type=link["actor"]["actor_type"],
                role=link["role"],
                note=link.get("note") or "",
                alternative_group=link.get("alternative_group"),
            )
            for link in row.get("actors", [])
        ],
        places=[
            PlaceRecord(
                name=link["location"]["name"],
                country_code=link["location"].get("country_code") or "",
                admin1=link["location"].get("admin1_name") or "",
                admin2=link["location"].get("admin2_name") or "",
                latitude=link["location"].get("latitude"),
                longitude=link["location"].get("longitude"),
                geo_precision=link.get("geo_precision") or 1,
            )
            for link in _ordered_places(row)
        ],
        sources=[(s.get("outlet") or "", s.get("url") or "") for s in row.get("sources", [])],
        review_status=row.get("review_status") or "published",
        sources_count=row.get("sources_count") or 0,
        independent_sources=row.get("independent_sources") or 0,
        reported_tolls=corroboration.tolls_text(
            (toll["fatalities"], toll["outlets"]) for toll in row.get("reported_tolls") or []
        ),
        best_grade=row.get("best_grade") or "",
        confidence=row.get("confidence") or "none",
    )


def _ordered_places(row: dict) -> list[dict]:
    """The primary place first (it takes the remainder of the toll), then the incident's order:
    the order of the ACLED layout's rows."""
    return sorted(row.get("locations", []), key=lambda link: not link["is_primary"])


def incident_features(row: dict, language: str = "en") -> list[dict]:
    """One Point per located place. The toll (best, else low: as the ACLED layout counts it) is
    shared out over all the incident's places as the ACLED rows share it
    (`importers.common.split_fatalities`): `fatalities` is the ACLED row's figure for that
    place, so a map's points add up to the incident's toll (a place without coordinates keeps
    its share but has no point). `fatalities_best` is the same share of the best estimate;
    `incident_fatalities_best`, `incident_fatalities` and `split_over` keep the incident's."""
    links = _ordered_places(row)
    if not links or "date_start" not in row:
        return []  # nothing to place (or not an incident: the history's rows, say)
    record = record_from_row(row)
    shares = split_fatalities(record.fatalities_count, len(links))
    best_shares = split_fatalities(row.get("fatalities_best"), len(links))
    (briefing,) = briefing_rows(record, language)
    features = []
    for n, link in enumerate(links):
        place = link["location"]
        if place.get("latitude") is None or place.get("longitude") is None:
            continue
        properties = {"incident": row["id"]}
        properties.update({name: row.get(name) for name in PROPERTIES})
        properties.update(zip(BRIEFING_PROPERTIES, briefing, strict=True))
        properties.update(
            {
                "fatalities": shares[n] or 0,
                "fatalities_best": best_shares[n],
                "incident_fatalities": record.fatalities_count,
                "incident_fatalities_best": row.get("fatalities_best"),
                "split_over": len(links),
                "location": place["id"],
                "location_name": place["name"],
                "location_admin1": place.get("admin1_name") or "",
                "location_admin2": place.get("admin2_name") or "",
                "is_primary": link["is_primary"],
                "geo_precision": link["geo_precision"],
                "actors_by_role": row.get("actors_by_role"),
            }
        )
        features.append(
            {
                "type": "Feature",
                "id": f"{row['id']}-{place['id']}",
                "geometry": {
                    "type": "Point",
                    "coordinates": [place["longitude"], place["latitude"]],
                },
                "properties": properties,
            }
        )
    return features
