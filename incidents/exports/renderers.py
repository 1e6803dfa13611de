"""CSV and STIX in the API: `?format=csv&layout=briefing|hxl|acled[&language=fr&bom=1&delimiter=;]`
and `?format=stix` (a STIX 2.1 bundle, `exports.stix`).

`CSVExportMixin` goes on the incident viewset: its list() streams the filtered, visible queryset
through a layout instead of paginating serializer output. `CSVRenderer` makes DRF accept
`format=csv`, and renders plain serializer data as CSV for endpoints without the mixin.

A CSV or a STIX bundle is a sharing surface: it holds published incidents unless `review_status` asks for others
(`filtering.with_sharing_default`); the JSON and GeoJSON of the same list are the analysts'
working view and list every incident the reader may see, each with its `review_status`.
"""

from __future__ import annotations

from django.http import StreamingHttpResponse
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer

from analysts.api.base import StrictFilterBackend

from .documents import stix_bytes
from .filtering import with_sharing_default
from .layouts import LAYOUTS, neutralise
from .stream import _encode_rows, filename_for, streaming_csv_response


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            data = [data]
        if not data:
            return b""
        columns = list(data[0])
        rows = [[neutralise(_flat(item.get(c))) for c in columns] for item in data]
        return b"".join(_encode_rows(iter([columns, *rows]), ","))


def _flat(value) -> object:
    if isinstance(value, list | tuple):
        return "; ".join(str(_flat(v)) for v in value)
    if isinstance(value, dict):
        return value.get("name") or value.get("id") or ""
    return "" if value is None else value


class STIXRenderer(BaseRenderer):
    """Lets DRF accept `format=stix`; the bundle itself is streamed by `CSVExportMixin.list`."""

    media_type = "application/stix+json"
    format = "stix"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        import json

        return json.dumps(data).encode()  # errors only (400 on a bad filter)


#: The formats that leave the desk whole (streamed, unpaginated), with the sharing default.
SHARED_FORMATS = frozenset({"csv", "stix"})


class SharingFilterBackend(StrictFilterBackend):
    """The incident filters, with the sharing default in a CSV or a STIX bundle."""

    def get_filterset_kwargs(self, request, queryset, view) -> dict:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if request.query_params.get("format") in SHARED_FORMATS:
            kwargs["data"] = with_sharing_default(kwargs["data"])
        return kwargs


class CSVExportMixin:
    """For a viewset over incidents whose get_queryset applies `visible_to(request.user)`."""

    filter_backends = [SharingFilterBackend]
    # Documented beside JSON by analysts.api.schema.ApiSchema: the CSV layouts and the bundle.
    extra_response_media_types = {
        "list": {
            "text/csv": {"type": "string", "description": "`?format=csv&layout=…`"},
            "application/stix+json": {
                "type": "object",
                "description": "`?format=stix`: a STIX 2.1 bundle",
            },
        },
        "sync": {"text/csv": {"type": "string", "description": "`?format=csv&layout=…`"}},
    }

    def get_renderers(self):
        renderers = super().get_renderers()
        # Lists only (the list and sync): the CSV layouts are rows of incidents.
        if getattr(self, "action", None) in {"list", "sync"} and not any(
            isinstance(r, CSVRenderer) for r in renderers
        ):
            renderers.append(CSVRenderer())
        if getattr(self, "action", None) == "list":
            renderers.append(STIXRenderer())
        return renderers

    def list(self, request, *args, **kwargs):
        wanted = request.query_params.get("format")
        # `Accept: application/stix+json` asks for the bundle as `?format=stix` does.
        accepted = getattr(getattr(request, "accepted_renderer", None), "format", None)
        if "stix" in (wanted, accepted) and getattr(self, "action", None) == "list":
            return self._stix(request)
        if wanted != "csv":
            return super().list(request, *args, **kwargs)
        params = request.query_params
        layout = params.get("layout", "briefing")
        if layout not in LAYOUTS:
            raise ValidationError({"layout": f"Choose one of: {', '.join(LAYOUTS)}."})
        delimiter = params.get("delimiter", ",")
        if delimiter not in (",", ";"):
            raise ValidationError({"delimiter": "Use , or ;."})
        queryset = self.filter_queryset(self.get_queryset())
        return streaming_csv_response(
            queryset,
            layout,
            user=request.user,
            filename_hint=filename_for(layout, params.get("date_after"), params.get("date_before")),
            language="fr" if params.get("language") == "fr" else "en",
            bom=params.get("bom") in ("1", "true", "yes"),
            delimiter=delimiter,
        )

    def _stix(self, request) -> StreamingHttpResponse:
        params = request.query_params
        queryset = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(
            stix_bytes(queryset, user=request.user), content_type=STIX_CONTENT_TYPE
        )
        name = filename_for("stix", params.get("date_after"), params.get("date_before"))
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response


STIX_CONTENT_TYPE = "application/stix+json;version=2.1"
