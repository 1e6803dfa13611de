"""Readable diffs of django-simple-history records, for the admin, the API and stale-edit messages.

`diff(record)` compares a historical record with the one before it; `diff_between(old, new)` any
two records of the same object. Bookkeeping fields (version, timestamps) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import models

# Raised or stamped on every save: noise in a diff.
BOOKKEEPING = frozenset({"version", "updated_at", "updated_by", "created_at"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any
    # For a foreign key: the ids behind `old` and `new`, so that a surface can unname an
    # incident its reader may not read (`incidents.references`). Not part of the output.
    old_pk: int | None = dataclass_field(default=None, compare=False, repr=False)
    new_pk: int | None = dataclass_field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "label": self.label, "old": self.old, "new": self.new}

    def __str__(self) -> str:
        old, new = _from_first_difference(self.old, self.new)
        return f"{self.label}: {_short(old)} → {_short(new)}"


def _from_first_difference(old: Any, new: Any, limit: int = 80, context: int = 24) -> tuple:
    """Two long texts that differ near their end would print as the same 80 characters: start
    both a little before their first difference, so the reader sees what changed."""
    if not (isinstance(old, str) and isinstance(new, str)):
        return old, new
    if max(len(old), len(new)) <= limit:
        return old, new
    same = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        same += 1
    start = max(0, same - context)
    if start == 0:
        return old, new
    return "…" + old[start:], "…" + new[start:]


def _short(value: Any, limit: int = 80) -> str:
    text = "—" if value in (None, "", []) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _display(field: models.Field, value: Any) -> Any:
    """The value as a reader knows it: choice labels, related objects' names, dates as ISO."""
    if value is None or value == "":
        return None
    if getattr(value, "pk", 0) is None:
        # simple-history's DeletedObject for a foreign key that was empty, not deleted.
        return None
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _m2m_display(field: models.ManyToManyField, rows: list[dict]) -> list[str]:
    """simple-history keeps m2m values as through rows: turn them into the related names."""
    key = field.m2m_reverse_field_name()
    values = [row.get(key) for row in rows]
    ids = [v for v in values if not isinstance(v, models.Model)]
    names = {obj.pk: str(obj) for obj in field.related_model._default_manager.filter(pk__in=ids)}
    return sorted(str(v) if isinstance(v, models.Model) else names.get(v, f"#{v}") for v in values)


def diff_between(old, new) -> list[FieldChange]:
    """What changed from historical record `old` to historical record `new`."""
    if old is None or new is None:
        return []
    model = new.instance_type
    delta = new.diff_against(old, excluded_fields=BOOKKEEPING, foreign_keys_are_objs=True)
    changes = []
    for change in delta.changes:
        model_field = model._meta.get_field(change.field)
        pks: tuple[int | None, int | None] = (None, None)
        if model_field.many_to_many:
            before = _m2m_display(model_field, change.old)
            after = _m2m_display(model_field, change.new)
            if before == after:
                continue
        else:
            before, after = _display(model_field, change.old), _display(model_field, change.new)
            if isinstance(model_field, models.ForeignKey):
                pks = (getattr(change.old, "pk", None), getattr(change.new, "pk", None))
        label = str(model_field.verbose_name)
        changes.append(FieldChange(change.field, label, before, after, *pks))
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
    return sorted(changes, key=lambda c: order.get(c.field, 0))


def diff(record) -> list[FieldChange]:
    """What `record` changed compared with the record before it ([] for the creation)."""
    return diff_between(record.prev_record, record)


def entries(instance, *, limit: int | None = None) -> list[dict[str, Any]]:
    """An object's history as plain data, newest first (the API's history endpoint)."""
    records = instance.history.select_related("history_user").order_by("-history_date", "-pk")
    if limit:
        records = records[:limit]
    out = []
    for record in records:
        out.append(
            {
                "id": record.history_id,
                "date": record.history_date.isoformat(),
                "user": str(record.history_user) if record.history_user else None,
                "type": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                "reason": record.history_change_reason or "",
                "version": getattr(record, "version", None),
                "changes": [c.as_dict() for c in diff(record)],
            }
        )
    return out
