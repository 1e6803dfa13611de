"""Apply the one filter definition (`incidents.filtersets.IncidentFilterSet`) to an export.

Until the filterset exists, a minimal fallback covers the filters a briefing needs.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

FALLBACK_FILTERS = {
    "country": "country__iexact",
    "date_after": "date_start__gte",
    "date_before": "date_start__lte",
    "review_status": "review_status",
    "event_type": "event_type",
    "admin1": "admin1__iexact",
}


def filter_incidents(queryset: QuerySet, data: dict[str, str], request=None) -> QuerySet:
    """`queryset` narrowed by `data`; bad filter values raise ValidationError with the reasons."""
    try:
        from incidents.filtersets import IncidentFilterSet
    except ImportError:
        IncidentFilterSet = None  # noqa: N806
    if IncidentFilterSet is not None:
        filterset = IncidentFilterSet(data, queryset=queryset, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors.as_text() if filterset.errors else "bad filter")
        return filterset.qs
    unknown = sorted(set(data) - set(FALLBACK_FILTERS))
    if unknown:
        raise ValidationError(f"Unknown filter(s): {', '.join(unknown)}")
    return queryset.filter(**{FALLBACK_FILTERS[k]: v for k, v in data.items() if v != ""})
