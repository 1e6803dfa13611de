"""GeoJSON for incidents: a FeatureCollection with one Point per incident location, the
incident's fatalities shared out over its points (see `incident_features`)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.renderers import BaseRenderer

from incidents.importers.common import split_fatalities

PROPERTIES = (
    "summary",
    "date_start",
    "date_end",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "fatalities_best",
    "fatalities_text",
    "civilian_targeting",
    "claim_status",
    "claim_status_text",
    "review_status",
    "updated_at",
)


def incident_features(incident: dict) -> list[dict]:
    """One Point per located place. The incident's `fatalities_best` is shared out over its
    points as the CSV's ACLED rows share it (`importers.common.split_fatalities`: the integer
    share each, the remainder on the primary place), so that summing a map's points counts
    each death once; `incident_fatalities_best` and `split_over` keep the incident's figure."""
    links = [
        link
        for link in incident.get("locations", [])
        if link["location"].get("latitude") is not None
        and link["location"].get("longitude") is not None
    ]
    # The primary place first (it takes the remainder); the others in the incident's order.
    links.sort(key=lambda link: not link["is_primary"])
    total = incident.get("fatalities_best")
    shares = split_fatalities(total, len(links))
    features = []
    for link, share in zip(links, shares, strict=False):
        place = link["location"]
        properties = {"incident": incident["id"]}
        properties.update({name: incident.get(name) for name in PROPERTIES})
        properties.update(
            {
                "fatalities_best": share,
                "incident_fatalities_best": total,
                "split_over": len(links),
                "location": place["id"],
                "location_name": place["name"],
                "is_primary": link["is_primary"],
                "geo_precision": link["geo_precision"],
                "actors_by_role": incident.get("actors_by_role"),
            }
        )
        features.append(
            {
                "type": "Feature",
                "id": f"{incident['id']}-{place['id']}",
                "geometry": {
                    "type": "Point",
                    "coordinates": [place["longitude"], place["latitude"]],
                },
                "properties": properties,
            }
        )
    return features


class GeoJSONRenderer(BaseRenderer):
    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            return json.dumps(data, cls=DjangoJSONEncoder).encode()
        collection: dict = {"type": "FeatureCollection", "features": []}
        if isinstance(data, dict) and "results" in data:
            # Paging links kept as GeoJSON foreign members.
            for key in ("count", "next", "previous"):
                if key in data:
                    collection[key] = data[key]
            incidents = data["results"]
        elif isinstance(data, dict):
            incidents = [data]
        else:
            incidents = data
        for incident in incidents:
            collection["features"].extend(incident_features(incident))
        return json.dumps(collection, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
