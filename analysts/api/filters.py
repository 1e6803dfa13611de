"""Filter types shared by every app's FilterSets (sources and incidents both import analysts)."""

from __future__ import annotations

import datetime

import django_filters as filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField, ModelChoiceField, ModelMultipleChoiceField


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


MAX_ID = 2**63 - 1


def _check_id(field, value) -> None:
    # An id past bigint overflows the database driver (a 500); it is simply not a choice.
    text = str(value).strip()
    if text.lstrip("-").isdigit() and not 0 < int(text) <= MAX_ID:
        raise ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
        )


class IdModelChoiceField(ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            _check_id(self, value)
        return super().to_python(value)


class IdModelMultipleChoiceField(ModelMultipleChoiceField):
    """Ids of existing rows. With `defer_existence` (set per request by the API's filter backend)
    it checks only that the values are ids and returns them as ints: the API folds the existence
    check into the page query instead of spending a query on it (see `analysts.api.base`)."""

    defer_existence = False

    def _check_values(self, value):
        for item in value:
            _check_id(self, item)
        return super()._check_values(value)

    def clean(self, value):
        # `actor=` (a form's "All" option, submitted empty) means no filter, as for every
        # other filter, not an invalid id.
        if isinstance(value, list | tuple):
            value = [item for item in value if str(item).strip()]
        if not self.defer_existence:
            return super().clean(value)
        value = self.prepare_value(value)
        if not value:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        ids = set()
        for item in value:
            _check_id(self, item)
            try:
                ids.add(int(str(item).strip()))
            except ValueError:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                ) from None
        return sorted(ids)


class IdModelChoiceFilter(filters.ModelChoiceFilter):
    field_class = IdModelChoiceField


class IdModelMultipleChoiceFilter(filters.ModelMultipleChoiceFilter):
    field_class = IdModelMultipleChoiceField
