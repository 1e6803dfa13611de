"""The incident admin's history page names other incidents only to those who may read them.

simple-history's page shows each record's change reason ("Merged into #12") and its field changes
(merged into: — → the target). Both are masked with `incidents.references` before the page
renders, so a reader of a duplicate learns nothing of a target they may not read.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.text import capfirst

from .models import Incident
from .references import HIDDEN_INCIDENT, IncidentNames, referenced_ids


class IncidentHistoryAdminMixin:
    def set_history_delta_changes(
        self, request, historical_records: Sequence, foreign_keys_are_objs: bool = True
    ) -> None:
        super().set_history_delta_changes(  # type: ignore[misc]
            request, historical_records, foreign_keys_are_objs=foreign_keys_are_objs
        )
        records = list(historical_records)
        names = IncidentNames(
            request.user,
            referenced_ids(r.history_change_reason for r in records)
            | {r.merged_into_id for r in records},
        )
        label = capfirst(Incident._meta.get_field("merged_into").verbose_name)
        for newer, older in zip(records, [*records[1:], None], strict=True):
            newer.history_change_reason = names.mask(newer.history_change_reason or "")
            for change in getattr(newer, "history_delta_changes", None) or []:
                if change["field"] == label and older is not None:
                    change["old"] = _name(names, older.merged_into_id)
                    change["new"] = _name(names, newer.merged_into_id)


def _name(names: IncidentNames, pk: int | None) -> str:
    if pk is None:
        return "None"
    return f"#{pk}" if names.may_read(pk) else str(HIDDEN_INCIDENT)
