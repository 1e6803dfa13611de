"""Apply the one filter definition (`incidents.filtersets.IncidentFilterSet`) to what is shared.

The sharing default lives here, once: what leaves the desk for a reader — the briefing page with
its map and chart, the desk CSV (`/incidents/export.csv`, the briefing's download), the API's
`?format=csv` and the `export_incidents` command — holds published incidents unless the reader
asks for other review statuses with the `review_status` filter (`review_status=draft,published`).
Drafts shared that way are marked (a badge on the briefing, a dashed marker on its map, the
review status column of the briefing CSV).

The working surfaces are left as they are: the desk's incident list and the JSON/GeoJSON API are
where analysts and editors work on drafts, and each of their records carries its `review_status`.
Viewers and API consumers see published incidents only anyway (`incidents.models.visible_q`).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict

from incidents.filtersets import IncidentFilterSet
from incidents.models.incidents import ReviewStatus

REVIEW_STATUS_PARAM = "review_status"
#: The review statuses a sharing surface shows when the reader does not choose.
SHARED_BY_DEFAULT: tuple[str, ...] = (ReviewStatus.PUBLISHED,)


def asks_for_review_status(data: Mapping) -> bool:
    """The reader chose review statuses (a non-empty `review_status`)."""
    return bool((data.get(REVIEW_STATUS_PARAM) or "").strip())


def with_sharing_default(data: Mapping) -> Mapping:
    """`data` (a QueryDict or a dict of filters) with `review_status` set to the sharing default
    when the reader did not choose; a copy, the request's own data is left alone."""
    if asks_for_review_status(data):
        return data
    default = ",".join(SHARED_BY_DEFAULT)
    if isinstance(data, QueryDict):
        shared = data.copy()
        shared[REVIEW_STATUS_PARAM] = default
        return shared
    return {**data, REVIEW_STATUS_PARAM: default}


def filter_incidents(queryset: QuerySet, data: Mapping, request=None, *, reader=None) -> QuerySet:
    """`queryset` narrowed by `data` and the sharing default; bad filter values raise
    ValidationError with the reasons.

    `reader` (without a request): whose articles `q` searches, a user or `FULL_ACCESS`."""
    filterset = IncidentFilterSet(
        with_sharing_default(data), queryset=queryset, request=request, reader=reader
    )
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.as_text() if filterset.errors else "bad filter")
    return filterset.qs
