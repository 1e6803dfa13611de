"""The OpenAPI schema tells every status an operation can answer, with its body.

drf-spectacular documents what a view's serializer returns. The statuses that come from the
framework around it are added here, per operation, from what the operation has:

- 401 and 403 on every operation that needs a signed-in reader (token or session);
- 400 where there is input: query parameters (filters, page size) or a request body;
- 404 on operations with an id in the path, and on paginated lists (a page past the end);
- 406 on writes: they answer JSON only (`?format=geojson` on a POST is refused, not answered
  with an empty FeatureCollection);
- 429 where the reader's token is throttled.

Each is a JSON `ApiError` body: DRF's `{"detail": …, "code": …}`, or one list of messages per
invalid field. Statuses a view documents itself (409, 412, 428 on versioned writes, 301 on a
merged incident) are left as the view says. Extra response media types (CSV, STIX, GeoJSON) come
from the view's `extra_response_media_types` (`{action: {media type: schema}}`).
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "An error: `detail` says what went wrong (and `code` names it), or, for invalid input, "
        "each field named with the list of its messages."
    ),
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
    },
    "additionalProperties": {},
}

ERROR_STATUSES = {
    "400": "The input is invalid: a filter, the page size or a field of the body.",
    "401": "No valid credentials: send `Authorization: Token <key>` or sign in.",
    "403": "Your role or clearance does not allow this.",
    "404": "No such object that you may read, or no such page.",
    "406": "Writes answer JSON only: leave out `format=` or ask for application/json.",
    "429": "Too many requests with this token: wait the seconds in `Retry-After`.",
}

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ApiSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        error = ResolvedComponent(
            name="ApiError", type=ResolvedComponent.SCHEMA, object="ApiError", schema=ERROR_SCHEMA
        )
        registry.register_on_missing(error)
        responses = operation.setdefault("responses", {})
        for status in self._error_statuses(operation, method):
            responses.setdefault(
                status,
                {
                    "description": ERROR_STATUSES[status],
                    "content": {"application/json": {"schema": error.ref}},
                },
            )
        extra = getattr(self.view, "extra_response_media_types", {}).get(
            getattr(self.view, "action", None), {}
        )
        for status, response in responses.items():
            if status.startswith("2") and "content" in response:
                for media_type, schema in extra.items():
                    response["content"].setdefault(media_type, {"schema": schema})
        return operation

    def _error_statuses(self, operation: dict, method: str) -> list[str]:
        statuses = []
        parameters = operation.get("parameters", [])
        has_query = any(p.get("in") == "query" for p in parameters)
        if has_query or "requestBody" in operation:
            statuses.append("400")
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            statuses += ["401", "403"]
        paged = any(p.get("name") in {"page", "cursor"} for p in parameters)
        if any(p.get("in") == "path" for p in parameters) or paged:
            statuses.append("404")
        if method.upper() in WRITE_METHODS:
            statuses.append("406")
        if self.view.get_throttles():
            statuses.append("429")
        return statuses
