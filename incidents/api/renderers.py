"""GeoJSON for incidents: a FeatureCollection with one Point per incident location, with the
briefing's properties and the toll shared out as in the ACLED layout (`exports.geojson`)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.renderers import BaseRenderer

from incidents.exports.geojson import incident_features


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
