"""The history of review steps shown on the desk's incident page (the steps themselves are
`incidents.workflow_steps`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S
from incidents.references import IncidentNames


@dataclass(frozen=True)
class HistoryStep:
    when: object  # datetime
    who: str
    status: str  # the review status after the step (its label)
    status_code: str
    reason: str


def step_history(incident: Incident, reader) -> list[HistoryStep]:
    """The review steps and merges in the incident's history, newest first: its creation, each
    record whose review status differs from the record before it, and each merge. A merge names
    the other incident only if `reader` may read it."""
    records = list(
        incident.history.select_related("history_user")
        .order_by("history_date", "history_id")
        .only("review_status", "history_date", "history_user", "history_change_reason")
    )
    names = IncidentNames.in_texts(reader, (r.history_change_reason for r in records))
    labels = dict(S.choices)
    steps, previous = [], None
    for record in records:
        reason = record.history_change_reason or ""
        created = previous is None
        if created or record.review_status != previous or reason.startswith("Merged"):
            steps.append(
                HistoryStep(
                    when=record.history_date,
                    who=str(record.history_user) if record.history_user else "",
                    status=str(labels.get(record.review_status, record.review_status)),
                    status_code=record.review_status,
                    reason=names.mask(reason) or (str(_("Created")) if created else ""),
                )
            )
        previous = record.review_status
    return steps[::-1]
