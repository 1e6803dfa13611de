"""GeoJSON for incidents: a FeatureCollection with one Point per incident location."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.renderers import BaseRenderer

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
    features = []
    for link in incident.get("locations", []):
        place = link["location"]
        if place.get("latitude") is None or place.get("longitude") is None:
            continue
        properties = {"incident": incident["id"]}
        properties.update({name: incident.get(name) for name in PROPERTIES})
        properties.update(
            {
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
