"""Filter types shared by every app's FilterSets (sources and incidents both import analysts)."""

from __future__ import annotations

import datetime

import django_filters as filters
from django_filters.fields import IsoDateTimeField


class UTCIsoDateTimeField(IsoDateTimeField):
    """ISO 8601 time converted to UTC: an offset such as +19:56 is valid Python but PostgreSQL
    refuses it (±15:59), which turned a malformed value into a 500."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is not None and parsed.tzinfo is not None:
            return parsed.astimezone(datetime.UTC)
        return parsed


class UTCIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField
