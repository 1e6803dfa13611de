"""Optimistic concurrency for API writes: ETag = version, If-Match required, 412 when stale.

`claim_version` is the one conditional UPDATE; when `incidents.workflow.save_with_version` lands,
the viewset calls that instead and this module keeps only the HTTP side (headers and errors).
"""

from __future__ import annotations

from django.db.models import F
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from incidents.models import Incident


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        "Send the version you edited: an If-Match header with the ETag from GET, "
        "or a `version` field."
    )
    default_code = "precondition_required"


class StaleVersion(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone else changed this incident since you read it: reload and re-apply."
    default_code = "stale_version"

    def __init__(self, current_version: int) -> None:
        super().__init__(self.default_detail)
        self.current_version = current_version


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


def claim_version(incident: Incident, expected: int) -> None:
    """Lock the row if it is still at `expected`, or refuse the edit as stale.

    Must run inside the write's transaction: the no-op UPDATE holds the row lock until commit,
    so a concurrent writer with the same expected version waits, then matches no row. The save
    that follows raises the version (`Incident.save`), as `incidents.workflow` does.
    """
    claimed = Incident.objects.filter(pk=incident.pk, version=expected).update(version=F("version"))
    if not claimed:
        current = Incident.objects.filter(pk=incident.pk).values_list("version", flat=True).first()
        raise StaleVersion(current_version=current or 0)
    incident.version = expected
