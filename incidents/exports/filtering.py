"""Apply the one filter definition (`incidents.filtersets.IncidentFilterSet`) to an export."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from incidents.filtersets import IncidentFilterSet


def filter_incidents(queryset: QuerySet, data: dict[str, str], request=None) -> QuerySet:
    """`queryset` narrowed by `data`; bad filter values raise ValidationError with the reasons."""
    filterset = IncidentFilterSet(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.as_text() if filterset.errors else "bad filter")
    return filterset.qs
