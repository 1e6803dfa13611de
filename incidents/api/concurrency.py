"""Optimistic concurrency for API writes, the HTTP side: ETag = version, If-Match required,
412 with what the other analyst changed when stale, 409 when the incident cannot be edited.

The rule itself (the conditional row claim and the `StaleEdit` describing the others' changes) is
`incidents.workflow.lock_version`, the same one the admin and the desk save through.
"""

from __future__ import annotations

from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from incidents.models import Incident
from incidents.workflow import StaleEdit, TransitionError


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        "Send the version you edited: an If-Match header with the ETag from GET, "
        "or a `version` field."
    )
    default_code = "precondition_required"


def etag_for(incident: Incident) -> str:
    return f'"{incident.version}"'


def parse_if_match(header: str | None) -> int | None:
    """The version named by an If-Match header (`"7"` or `W/"7"`); None when absent or `*`."""
    if not header:
        return None
    value = header.strip()
    if value == "*":
        return None
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip().strip('"')
    try:
        return int(value)
    except ValueError:
        raise ValidationError({"If-Match": ['Expected an ETag such as "7".']}) from None


def stale_response(stale: StaleEdit) -> Response:
    """412: who changed what since the client's version (field, old → new), and the ETag to retry
    with after merging their changes."""
    response = Response(
        {**stale.as_dict(), "code": "stale_version"},
        status=status.HTTP_412_PRECONDITION_FAILED,
    )
    response["ETag"] = etag_for(stale.current)
    return response


def conflict_response(error: TransitionError) -> Response:
    """409: the incident is in a state that refuses this write (merged, gone, status moved on)."""
    return Response({"detail": error.message, "code": error.code}, status=status.HTTP_409_CONFLICT)
