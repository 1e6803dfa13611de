"""Incidents that left a reader's view: what a sync client must drop.

The sync feed (`/api/incidents/sync/`) lists what a reader may read now, so an incident that a
partner received and that was later retracted, sent back to review, re-marked beyond the
partner's clearance or deleted simply stops appearing in it, and the partner would keep it for
ever. `removed_from_view` names those incidents, from the incident history:

- it changed since `since` (any history record, deletions included),
- the reader may not read it now (merged duplicates stay readable: sync reports them with
  `merged_into`),
- and the reader could read it before: one of its recorded versions passes the same visibility
  rule (`visible_q`), or it came from an ACLED/UCDP import, which writes published TLP:CLEAR rows
  without a history record of their own.

Only such incidents are named, so the list never tells a reader about drafts or restricted
incidents they never saw. It follows changes to incidents, not to the reader: when an account
loses a team or some clearance, its partner should sync afresh.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef

from analysts.visibility import marking_allows

from .models import Incident, IncidentReference
from .models.incidents import ReviewStatus, visible_q


@dataclass(frozen=True)
class Removal:
    id: int
    removed_at: datetime.datetime
    # "deleted", "retracted" (and still within the reader's clearance), or "withdrawn" (sent
    # back to review, re-marked, or any other reason the reader may not know).
    reason: str


def removed_from_view(user, since: datetime.datetime | None = None) -> list[Removal]:
    """Incidents `user` could read before and may not read now, changed since `since`, oldest
    change first."""
    history = Incident.history.model.objects
    changed = history.all() if since is None else history.filter(history_date__gte=since)
    readable_before = history.filter(visible_q(user, include_merged=True), id=OuterRef("id"))
    imported = IncidentReference.objects.filter(incident_id=OuterRef("id"))
    readable_now = Incident.objects.visible_to(user, include_merged=True).filter(pk=OuterRef("id"))
    rows = list(
        changed.values("id")
        .annotate(removed_at=Max("history_date"))
        .filter(Exists(readable_before) | Exists(imported))
        .exclude(Exists(readable_now))
        .order_by("removed_at", "id")
        .values_list("id", "removed_at")
    )
    current = {
        row["id"]: row
        for row in Incident.objects.filter(pk__in=[pk for pk, _ in rows]).values(
            "id", "review_status", "tlp", "team_id"
        )
    }
    return [Removal(pk, at, _reason(user, current.get(pk))) for pk, at in rows]


def _reason(user, row: dict | None) -> str:
    if row is None:
        return "deleted"
    if row["review_status"] == ReviewStatus.RETRACTED and marking_allows(
        user, row["tlp"], row["team_id"]
    ):
        return "retracted"
    return "withdrawn"
